package org.poglm.job;

import java.util.ArrayList;
import java.util.List;

import org.poglm.distributed.SweepEvaluator;
import org.poglm.eval.ParameterRecovery;
import org.poglm.eval.TestEvaluation;
import org.poglm.model.ParameterLayout;
import org.poglm.result.ConfigParams;
import org.poglm.result.LearningCurve;
import org.poglm.result.PieceScore;
import org.poglm.result.Provenance;
import org.poglm.result.ResultWriter;
import org.poglm.result.SummaryRow;
import org.poglm.result.TrueNetwork;
import org.poglm.result.UnitRow;
import org.poglm.source.Truth;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.TrainingLoop;
import org.poglm.train.TrainingState;

/**
 * A trained and evaluated sweep as the records of its result directory: one {@link SummaryRow}
 * and one {@link ConfigParams} with its {@link LearningCurve} per configuration, the
 * {@link PieceScore}s, and, with a true network, the recovery errors and the matched order of the
 * hidden neurons (computed once here, saved for the report).
 */
public record SweepResults(List<SummaryRow> summary, List<ConfigParams> params, List<LearningCurve> curves,
                           List<PieceScore> pieces, List<UnitRow> units, TrueNetwork truth,
                           List<Provenance.Training> training) {

    public static SweepResults of(Sweep sweep, TrainingLoop.Result trained, SweepEvaluator.Scores scores,
                                  List<UnitRow> unitRows, Truth truth) {
        List<String> units = unitRows.stream().map(UnitRow::unit).toList();
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
            summary.add(new SummaryRow(cfg.id(), cfg.settingsText(), test.meanPerPiece(), test.sdPerPiece(),
                test.meanPerBin(), test.bitsPerSpike(), curve[outcome.bestEpoch()],
                rec == null ? Double.NaN : rec.weightError(), rec == null ? Double.NaN : rec.biasError(),
                rec == null ? Double.NaN : rec.visibleWeightError(), rec == null ? Double.NaN : rec.hiddenWeightError(),
                trained.computeSeconds()[c], scores.computeSeconds()[c], outcome.stop().label(), outcome.epochs(),
                outcome.bestEpoch() + 1, outcome.bestValidation()));
            training.add(new Provenance.Training(cfg.id(), outcome.stop().label(), outcome.converged(),
                outcome.epochs(), outcome.bestEpoch() + 1, outcome.reason(st.config().stopping())));
            params.add(ConfigParams.of(layout, p, cfg.describe(), units,
                rec == null || layout.hidden() == 0 ? null : rec.hiddenOrder(layout.hidden())));
            curves.add(LearningCurve.of(curve, st.validationCurve()));
        }
        List<String> ids = sweep.configs().stream().map(SweepConfig::id).toList();
        return new SweepResults(summary, params, curves, pieces(scores, ids), unitRows,
            truth == null ? null : new TrueNetwork(units, truth.visible(), truth.weights(), truth.biases()), training);
    }

    /** The results of the folds of blocked cross-validation as one (each fold's configurations are their own). */
    public static SweepResults concat(List<SweepResults> folds) {
        if (folds.size() == 1) {
            return folds.get(0);
        }
        List<SummaryRow> summary = new ArrayList<>();
        List<ConfigParams> params = new ArrayList<>();
        List<LearningCurve> curves = new ArrayList<>();
        List<PieceScore> pieces = new ArrayList<>();
        List<UnitRow> units = new ArrayList<>();
        List<Provenance.Training> training = new ArrayList<>();
        for (SweepResults f : folds) {
            summary.addAll(f.summary);
            params.addAll(f.params);
            curves.addAll(f.curves);
            pieces.addAll(f.pieces);
            units.addAll(f.units);
            training.addAll(f.training);
        }
        return new SweepResults(summary, params, curves, pieces, units, folds.get(0).truth, training);
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
            out.config(summary.get(c).configId(), params.get(c), curves.get(c));
        }
        out.pieces(pieces);
        out.units(units);
        if (truth != null) {
            out.truth(truth);
        }
    }
}
