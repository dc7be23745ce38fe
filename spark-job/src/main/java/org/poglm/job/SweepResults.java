package org.poglm.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.poglm.distributed.SweepEvaluator;
import org.poglm.eval.InferredActivity;
import org.poglm.eval.ParameterRecovery;
import org.poglm.eval.TestEvaluation;
import org.poglm.model.ParameterLayout;
import org.poglm.result.ConfigParams;
import org.poglm.result.LearningCurve;
import org.poglm.result.PieceScore;
import org.poglm.result.Provenance;
import org.poglm.result.ResultWriter;
import org.poglm.result.SummaryRow;
import org.poglm.result.ActivityTable;
import org.poglm.result.TidyWeights;
import org.poglm.result.TrueNetwork;
import org.poglm.result.UnitTable;
import org.poglm.result.WindowCounts;
import org.poglm.result.UnitRow;
import org.poglm.source.Truth;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.TrainingLoop;
import org.poglm.train.TrainingState;

/**
 * A trained and evaluated sweep as the records of its result directory: per configuration one
 * {@link SummaryRow}, its {@link ConfigParams} with its {@link LearningCurve}, its per-unit test
 * scores ({@link UnitTable}) and what it infers on the window ({@link ActivityTable}); the
 * {@link PieceScore}s, the per-unit baseline and the window's counts; and, with a true network, the
 * recovery errors and the matched order of the hidden neurons (computed once here, saved for the
 * report).
 */
public record SweepResults(List<SummaryRow> summary, List<ConfigParams> params, List<LearningCurve> curves,
                           List<UnitTable> unitScores, List<ActivityTable> activity, List<PieceScore> pieces,
                           UnitTable unitBaseline, WindowCounts window, List<UnitRow> units,
                           Map<String, Map<String, String>> labels, TrueNetwork truth,
                           List<Provenance.Training> training) {

    /**
     * Where bins are in time: {@code t0} seconds at the start of bin 0, {@code binSeconds} per bin (NaN
     * when the recording has no bin width), {@code pieceBins} per piece.
     */
    public record Timeline(double t0, double binSeconds, int pieceBins) {
        double time(long bin) {
            return Double.isNaN(binSeconds) ? Double.NaN : t0 + bin * binSeconds;
        }
    }

    public static SweepResults of(Sweep sweep, TrainingLoop.Result trained, SweepEvaluator.Scores scores,
                                  List<UnitRow> unitRows, Map<String, Map<String, String>> labels, Truth truth,
                                  Timeline timeline, double[] trainLl, double trainBaselineLl) {
        List<String> units = unitRows.stream().map(UnitRow::unit).toList();
        List<UnitTable> unitScores = new ArrayList<>();
        List<ActivityTable> activity = new ArrayList<>();
        List<SummaryRow> summary = new ArrayList<>();
        List<ConfigParams> params = new ArrayList<>();
        List<LearningCurve> curves = new ArrayList<>();
        List<Provenance.Training> training = new ArrayList<>();
        for (SweepConfig cfg : sweep.configs()) {
            int c = cfg.index();
            TrainingState st = trained.states().get(c);
            ParameterLayout layout = st.spec().layout();
            double[] p = st.params();
            TestEvaluation test = TestEvaluation.of(scores.logLikelihood()[c], scores.baseline(), scores.bins(),
                scores.spikes());
            ParameterRecovery.Result rec = truth == null ? null : ParameterRecovery.match(truth.weights(),
                truth.biases(), layout.weights(p), layout.biases(p), layout.visible());
            double[] curve = st.curve();
            TrainingState.Outcome outcome = st.outcome();
            // A configuration that diverged in its first epoch has no epoch to report.
            double trainElbo = outcome.bestEpoch() >= 0 && outcome.bestEpoch() < curve.length
                ? curve[outcome.bestEpoch()] : Double.NaN;
            summary.add(new SummaryRow(cfg.id(), cfg.settingsText(), test.meanPerPiece(), test.sdPerPiece(),
                test.meanPerBin(), test.bitsPerSpike(), trainElbo, trainLl[c], trainBaselineLl,
                rec == null ? Double.NaN : rec.weightError(), rec == null ? Double.NaN : rec.biasError(),
                rec == null ? Double.NaN : rec.visibleWeightError(), rec == null ? Double.NaN : rec.hiddenWeightError(),
                trained.computeSeconds()[c], scores.computeSeconds()[c], outcome.stop().label(), outcome.epochs(),
                outcome.bestEpoch() + 1, outcome.bestValidation(), outcome.failure()));
            training.add(new Provenance.Training(cfg.id(), outcome.stop().label(), outcome.converged(),
                outcome.epochs(), outcome.bestEpoch() + 1, outcome.reason(st.config().stopping())));
            params.add(ConfigParams.of(layout, p, cfg.describe(), units,
                rec == null || layout.hidden() == 0 ? null : rec.hiddenOrder(layout.hidden())));
            curves.add(LearningCurve.of(curve, st.validationCurve()));
            unitScores.add(new UnitTable(units, scores.pieceIds(), scores.unitLogLikelihood()[c]));
            activity.add(activity(scores, c, layout.hidden(), units, timeline));
        }
        List<String> ids = sweep.configs().stream().map(SweepConfig::id).toList();
        return new SweepResults(summary, params, curves, unitScores, activity, pieces(scores, ids),
            new UnitTable(units, scores.pieceIds(), scores.unitBaseline()), window(scores, units, timeline), unitRows,
            labels, truth == null ? null : new TrueNetwork(units, truth.visible(), truth.weights(), truth.biases()),
            training);
    }

    /** Configuration c's inferred activity on the window pieces, bin by bin. */
    static ActivityTable activity(SweepEvaluator.Scores scores, int c, int hidden, List<String> units,
                                  Timeline timeline) {
        List<double[]> h = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Long> bins = new ArrayList<>();
        for (int w = 0; w < scores.window(); w++) {
            InferredActivity a = scores.activity()[c][w];
            for (int t = 0; t < a.bins(); t++) {
                ids.add(scores.pieceIds()[w]);
                bins.add(scores.pieceIds()[w] * timeline.pieceBins() + t);
                h.add(hidden == 0 ? new double[0] : a.hiddenRate()[t]);
                v.add(a.visibleRate()[t]);
            }
        }
        long[] binArray = bins.stream().mapToLong(Long::longValue).toArray();
        return new ActivityTable(units, hidden, ids.stream().mapToLong(Long::longValue).toArray(), binArray,
            java.util.Arrays.stream(binArray).mapToDouble(timeline::time).toArray(), h.toArray(double[][]::new),
            v.toArray(double[][]::new));
    }

    /** The observed counts of the window pieces. */
    static WindowCounts window(SweepEvaluator.Scores scores, List<String> units, Timeline timeline) {
        List<int[]> counts = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Long> bins = new ArrayList<>();
        for (int w = 0; w < scores.window(); w++) {
            int[][] piece = scores.windowCounts()[w];
            for (int t = 0; t < piece.length; t++) {
                ids.add(scores.pieceIds()[w]);
                bins.add(scores.pieceIds()[w] * timeline.pieceBins() + t);
                counts.add(piece[t]);
            }
        }
        long[] binArray = bins.stream().mapToLong(Long::longValue).toArray();
        return new WindowCounts(units, ids.stream().mapToLong(Long::longValue).toArray(), binArray,
            java.util.Arrays.stream(binArray).mapToDouble(timeline::time).toArray(), counts.toArray(int[][]::new));
    }

    /** The results of the folds of blocked cross-validation as one (each fold's configurations are their own). */
    public static SweepResults concat(List<SweepResults> folds) {
        if (folds.size() == 1) {
            return folds.get(0);
        }
        List<SummaryRow> summary = new ArrayList<>();
        List<ConfigParams> params = new ArrayList<>();
        List<LearningCurve> curves = new ArrayList<>();
        List<UnitTable> unitScores = new ArrayList<>();
        List<ActivityTable> activity = new ArrayList<>();
        List<PieceScore> pieces = new ArrayList<>();
        List<UnitTable> baselines = new ArrayList<>();
        List<UnitRow> units = new ArrayList<>();
        List<Provenance.Training> training = new ArrayList<>();
        List<Long> windowIds = new ArrayList<>();
        List<int[]> windowCounts = new ArrayList<>();
        List<Long> windowBins = new ArrayList<>();
        List<Double> windowTimes = new ArrayList<>();
        for (SweepResults f : folds) {
            summary.addAll(f.summary);
            params.addAll(f.params);
            curves.addAll(f.curves);
            unitScores.addAll(f.unitScores);
            activity.addAll(f.activity);
            pieces.addAll(f.pieces);
            baselines.add(f.unitBaseline);
            units.addAll(f.units);
            training.addAll(f.training);
            for (int r = 0; r < f.window.bins().length; r++) {
                windowIds.add(f.window.pieceIds()[r]);
                windowBins.add(f.window.bins()[r]);
                windowTimes.add(f.window.times()[r]);
                windowCounts.add(f.window.counts()[r]);
            }
        }
        SweepResults first = folds.get(0);
        WindowCounts window = new WindowCounts(first.window.units(), windowIds.stream().mapToLong(Long::longValue).toArray(),
            windowBins.stream().mapToLong(Long::longValue).toArray(),
            windowTimes.stream().mapToDouble(Double::doubleValue).toArray(), windowCounts.toArray(int[][]::new));
        return new SweepResults(summary, params, curves, unitScores, activity, pieces, UnitTable.concat(baselines),
            window, units, first.labels, first.truth, training);
    }

    /** pieces.csv's rows: configuration by configuration, each over the test pieces in order. */
    public static List<PieceScore> pieces(SweepEvaluator.Scores scores, List<String> configIds) {
        List<PieceScore> out = new ArrayList<>();
        for (int c = 0; c < configIds.size(); c++) {
            double[] ll = scores.logLikelihood()[c];
            for (int i = 0; i < ll.length; i++) {
                out.add(new PieceScore(scores.pieceIds()[i], configIds.get(c), ll[i], scores.baseline()[i],
                    scores.spikes()[i]));
            }
        }
        return out;
    }

    /** Writes every file but the provenance. */
    void write(ResultWriter out) {
        out.summary(summary);
        for (int c = 0; c < summary.size(); c++) {
            String id = summary.get(c).configId();
            out.config(id, params.get(c), curves.get(c));
            out.configEvaluation(id, TidyWeights.csv(params.get(c), labels), unitScores.get(c), activity.get(c));
        }
        out.pieces(pieces);
        out.units(units);
        out.unitBaseline(unitBaseline);
        out.window(window);
        if (truth != null) {
            out.truth(truth);
        }
    }
}
