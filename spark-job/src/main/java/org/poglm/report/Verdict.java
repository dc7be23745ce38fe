package org.poglm.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.poglm.eval.PairedComparison;
import org.poglm.result.ActivityTable;
import org.poglm.result.PieceScore;
import org.poglm.result.UnitRow;
import org.poglm.result.UnitTable;

/**
 * The report's answer to "do hidden inputs explain this recording?" (SPEC §9), with the numbers
 * behind it and every reason to doubt it.
 *
 * <p>Each method combination's score on a test piece is the mean over its seeds (with folds, each
 * piece is tested in its fold). A combination with hidden neurons is compared, piece by piece, with
 * the fully observed GLM of the same link ({@link PairedComparison}: the standard error from block
 * means, since consecutive pieces are correlated); every combination, the GLM included, also with the
 * homogeneous Poisson baseline. The headline names the best combination with hidden neurons and says
 * whether its interval excludes zero.
 *
 * <p>Warnings, each shown on the first screen: a configuration did not converge; a model is below
 * the homogeneous baseline on the test pieces; a hidden neuron is saturated or silent on the window;
 * seeds disagree on the sign of the difference with the GLM; firing rates differ strongly between
 * the training and the test pieces.
 */
final class Verdict {
    /** A unit's rate counts as changed between training and test beyond this factor either way. */
    static final double RATE_CHANGE = 1.5;
    /** Rate changes are a warning when at least this fraction of the units show one. */
    static final double CHANGED_UNITS = 0.25;
    /** A hidden neuron is saturated above this rate per bin, or ten times the busiest unit's, if higher. */
    static final double SATURATED = 0.5;
    /** A hidden neuron is silent below this fraction of the quietest unit's rate. */
    static final double SILENT = 0.01;

    /** A combination compared with its GLM and with the homogeneous baseline, over its test pieces. */
    record Comparison(Combination combination, Combination glm, PairedComparison vsGlm, PairedComparison vsBaseline,
                      double bitsPerSpike, Map<Long, Double> seedDifference) {
    }

    /** A reason to doubt a conclusion; {@code id} anchors it on the page. */
    record Warning(String id, String title, String text) {
    }

    private final List<Comparison> comparisons;
    private final List<Warning> warnings;
    private final String headline;
    private final String detail;

    private Verdict(List<Comparison> comparisons, List<Warning> warnings, String headline, String detail) {
        this.comparisons = comparisons;
        this.warnings = warnings;
        this.headline = headline;
        this.detail = detail;
    }

    List<Comparison> comparisons() {
        return comparisons;
    }

    List<Warning> warnings() {
        return warnings;
    }

    /** The answer in one sentence. */
    String headline() {
        return headline;
    }

    /** The GLM against the homogeneous baseline, in one sentence (empty without a GLM). */
    String detail() {
        return detail;
    }

    static Verdict of(ResultData data, Aggregation agg) {
        List<PieceScore> pieces = data.pieces();
        Map<String, Map<Long, Double>> byConfig = new HashMap<>();
        Map<Long, double[]> baseline = new TreeMap<>();
        for (PieceScore p : pieces) {
            byConfig.computeIfAbsent(p.configId(), k -> new HashMap<>()).put(p.pieceId(), p.testLl());
            baseline.put(p.pieceId(), new double[] {p.baselineLl(), p.spikes()});
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (Combination c : agg.combinations()) {
            Map<Long, Double> scores = perPiece(c, byConfig);
            if (scores.isEmpty() || scores.values().stream().anyMatch(v -> !Double.isFinite(v))) {
                continue;
            }
            Combination glm = c.glm() ? null : glmFor(c, agg);
            Map<Long, Double> glmScores = glm == null ? null : perPiece(glm, byConfig);
            PairedComparison vsGlm = null;
            Map<Long, Double> seedDifference = new LinkedHashMap<>();
            if (glmScores != null && glmScores.keySet().containsAll(scores.keySet())
                && glmScores.values().stream().allMatch(Double::isFinite)) {
                vsGlm = PairedComparison.of(values(scores, scores), values(glmScores, scores));
                for (ConfigResult cfg : c.configs()) {
                    Map<Long, Double> own = byConfig.getOrDefault(cfg.id(), Map.of());
                    double d = 0;
                    for (Map.Entry<Long, Double> e : own.entrySet()) {
                        d += e.getValue() - glmScores.getOrDefault(e.getKey(), Double.NaN);
                    }
                    seedDifference.merge(cfg.seed(), own.isEmpty() ? Double.NaN : d / own.size(), Double::sum);
                }
            }
            double[] base = new double[scores.size()];
            double sumLl = 0;
            double sumBase = 0;
            double spikes = 0;
            int i = 0;
            for (Long id : scores.keySet()) {
                base[i++] = baseline.get(id)[0];
                sumLl += scores.get(id);
                sumBase += baseline.get(id)[0];
                spikes += baseline.get(id)[1];
            }
            PairedComparison vsBaseline = PairedComparison.of(values(scores, scores), base);
            comparisons.add(new Comparison(c, glm, vsGlm, vsBaseline,
                spikes > 0 ? (sumLl - sumBase) / (spikes * Math.log(2)) : Double.NaN, seedDifference));
        }
        List<Warning> warnings = new ArrayList<>();
        diverged(data, warnings);
        notConverged(data, warnings);
        glmUnfitted(agg, warnings);
        List<Warning> rates = new ArrayList<>();
        rateChanges(data, rates);
        belowBaseline(comparisons, warnings, !rates.isEmpty(), data.units() != null);
        hiddenActivity(data, agg, warnings);
        seedsDisagree(comparisons, warnings);
        warnings.addAll(rates);
        return new Verdict(comparisons, warnings, headline(comparisons), detail(comparisons));
    }

    /** The combination's score on each test piece: the mean over its configurations (seeds) that tested it. */
    static Map<Long, Double> perPiece(Combination c, Map<String, Map<Long, Double>> byConfig) {
        Map<Long, double[]> sums = new TreeMap<>();
        for (ConfigResult cfg : c.configs()) {
            for (Map.Entry<Long, Double> e : byConfig.getOrDefault(cfg.id(), Map.of()).entrySet()) {
                double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
                s[0] += e.getValue();
                s[1]++;
            }
        }
        Map<Long, Double> out = new TreeMap<>();
        sums.forEach((id, s) -> out.put(id, s[0] / s[1]));
        return out;
    }

    private static double[] values(Map<Long, Double> from, Map<Long, Double> order) {
        return order.keySet().stream().mapToDouble(from::get).toArray();
    }

    /** The GLM a combination is compared with: the one with the same link (and model learning rate), else the best. */
    static Combination glmFor(Combination c, Aggregation agg) {
        List<Combination> glms = agg.combinations().stream().filter(Combination::glm).toList();
        for (Combination g : glms) {
            if (same(g, c, "nonlinearity") && same(g, c, "lr_model")) {
                return g;
            }
        }
        for (Combination g : glms) {
            if (same(g, c, "nonlinearity")) {
                return g;
            }
        }
        return glms.isEmpty() ? null : glms.get(0);
    }

    private static boolean same(Combination a, Combination b, String setting) {
        return a.settings().getOrDefault(setting, "").equals(b.settings().getOrDefault(setting, ""));
    }

    // ---- the sentences

    static String headline(List<Comparison> comparisons) {
        Comparison best = comparisons.stream().filter(c -> c.vsGlm() != null)
            .max(Comparator.comparingDouble(c -> c.vsGlm().meanDifference())).orElse(null);
        if (best == null) {
            boolean glmOnly = comparisons.stream().allMatch(c -> c.combination().glm());
            return glmOnly ? "Only the fully observed GLM was fitted: there is nothing to say about hidden neurons."
                : "No combination with hidden neurons could be compared with a fully observed GLM (fit H = 0 too).";
        }
        PairedComparison p = best.vsGlm();
        String label = best.combination().label();
        String numbers = String.format(Locale.ROOT, "%s nats per test piece (95 %% interval %s to %s), better on "
                + "%.0f %% of the %d test pieces", pm(p.meanDifference(), p.standardError()), signed(p.lower()),
            signed(p.upper()), 100 * p.fractionABetter(), p.pieces());
        if (p.lower() > 0) {
            return "Hidden neurons help: " + label + " beats the fully observed GLM by " + numbers + ".";
        }
        if (p.upper() < 0) {
            return "Hidden neurons do not help: the fully observed GLM beats the best model with hidden neurons ("
                + label + ") by " + String.format(Locale.ROOT, "%s nats per test piece (95 %% interval %s to %s); "
                + "the hidden model is better on only %.0f %% of the %d test pieces.", pm(-p.meanDifference(),
                p.standardError()), signed(-p.upper()), signed(-p.lower()), 100 * p.fractionABetter(), p.pieces());
        }
        return "No evidence that hidden neurons help: the best model with hidden neurons (" + label
            + ") differs from the fully observed GLM by " + numbers + "; the interval includes zero.";
    }

    static String detail(List<Comparison> comparisons) {
        return comparisons.stream().filter(c -> c.combination().glm()).findFirst().map(c -> {
            PairedComparison p = c.vsBaseline();
            double train = trainGain(c.combination());
            return String.format(Locale.ROOT, "The fully observed GLM is %s the homogeneous Poisson model of each unit "
                    + "by %s nats per test piece (95 %% interval %s to %s; %s bits per spike), better on %.0f %% of "
                    + "the test pieces.", p.meanDifference() >= 0 ? "above" : "below",
                pm(Math.abs(p.meanDifference()), p.standardError()), signed(p.lower()), signed(p.upper()),
                signed(c.bitsPerSpike()), 100 * p.fractionABetter())
                + (Double.isNaN(train) ? "" : String.format(Locale.ROOT, " On the training pieces it is %s them by "
                + "%.3g nats per piece (exact).", train >= 0 ? "above" : "below", Math.abs(train)));
        }).orElse("");
    }

    /** The GLM's exact training log-likelihood minus the constant rates', per piece, mean over its replicates (NaN if unknown). */
    static double trainGain(Combination glm) {
        return glm.configs().stream().mapToDouble(c -> c.row().trainLl() - c.row().trainBaselineLl())
            .filter(Double::isFinite).average().orElse(Double.NaN);
    }

    static String pm(double mean, double se) {
        return String.format(Locale.ROOT, "%.3g \u00b1 %.2g", mean, se).replace("NaN", "?");
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%+.3g", v);
    }

    // ---- the warnings

    static void diverged(ResultData data, List<Warning> out) {
        List<ConfigResult> failed = data.configs().stream().filter(c -> c.row().diverged()).toList();
        if (!failed.isEmpty()) {
            List<String> what = failed.stream().map(c -> c.id() + " (" + c.row().failure() + ")").toList();
            out.add(new Warning("warn-diverged", failed.size() + " of " + data.configs().size()
                + " configurations diverged", "Their ELBO or gradient turned non-finite; each was frozen at its last "
                + "good parameters while the others trained on: " + String.join("; ", what.subList(0,
                Math.min(6, what.size()))) + (what.size() > 6 ? "; ..." : "") + ". Smaller learning rates "
                + "(--lr-model, --lr-variational) or another --nonlinearity usually avoid it."));
        }
    }

    static void notConverged(ResultData data, List<Warning> out) {
        List<ConfigResult> open = data.configs().stream().filter(c -> "max-epochs".equals(c.row().stop())).toList();
        if (!open.isEmpty()) {
            out.add(new Warning("warn-converged", open.size() + " of " + data.configs().size()
                + " configurations did not converge", "They reached the maximum number of epochs ("
                + open.stream().mapToInt(c -> c.row().epochs()).max().orElse(0) + ") while their validation ELBO was "
                + "still improving: " + ids(open) + ". Their numbers may still change; fit again with a larger "
                + "--max-epochs before relying on them."));
        }
    }

    static void glmUnfitted(Aggregation agg, List<Warning> out) {
        for (Combination g : agg.combinations()) {
            double gain = g.glm() ? trainGain(g) : Double.NaN;
            if (gain < 0) {
                out.add(new Warning("warn-train", "The GLM fits its training pieces worse than constant rates",
                    String.format(Locale.ROOT, "%s is %.3g nats per training piece below the homogeneous Poisson "
                        + "model of each unit, which it contains (all weights zero): its optimisation went astray "
                        + "before the validation stopped it. Try a smaller --lr-model.", g.label(), -gain)));
            }
        }
    }

    static void belowBaseline(List<Comparison> comparisons, List<Warning> out, boolean ratesChange,
                              boolean ratesKnown) {
        List<Comparison> below = comparisons.stream().filter(c -> c.vsBaseline().meanDifference() < 0).toList();
        if (below.isEmpty()) {
            return;
        }
        boolean all = below.size() == comparisons.size();
        out.add(new Warning("warn-baseline", (all ? "Every model is" : below.size() + " of " + comparisons.size()
            + " method combinations are") + " below the homogeneous Poisson baseline on the test pieces",
            "A model of each unit's constant rate predicts the held-out spikes better than "
                + (all ? "any fitted model" : below.stream().map(c -> c.combination().label()).toList().toString())
                + String.format(Locale.ROOT, " (best: %s bits per spike). ", signed(below.stream()
                .mapToDouble(Comparison::bitsPerSpike).max().orElse(Double.NaN)))
                + (ratesChange ? "The units' firing rates change between the training and the test pieces (below): "
                + "no model of the training pieces can follow that. "
                : ratesKnown ? "The units' mean rates hardly change between the training and the test pieces, so what "
                + "the models learn beyond each unit's rate (couplings, hidden inputs) does not carry over: it is weak "
                + "or fits noise of the training pieces. "
                : "What the models learn beyond each unit's rate does not carry over to the test pieces. ")
                + "Gains over the GLM then say little about the recording."));
    }

    static void hiddenActivity(ResultData data, Aggregation agg, List<Warning> out) {
        List<UnitRow> units = data.units();
        if (units == null || units.isEmpty()) {
            return;
        }
        double busiest = units.stream().mapToDouble(UnitRow::trainRate).max().orElse(0);
        double quietest = units.stream().mapToDouble(UnitRow::trainRate).filter(r -> r > 0).min().orElse(0);
        double saturated = Math.max(SATURATED, 10 * busiest);
        List<String> notes = new ArrayList<>();
        for (Combination c : agg.combinations()) {
            if (c.glm()) {
                continue;
            }
            ActivityTable a = data.activity(c.best().id());
            if (a == null || a.bins().length == 0) {
                continue;
            }
            for (int h = 0; h < a.hiddenNeurons(); h++) {
                double mean = 0;
                for (double[] row : a.hidden()) {
                    mean += row[h];
                }
                mean /= a.hidden().length;
                if (mean > saturated) {
                    notes.add(String.format(Locale.ROOT, "h%d of %s is saturated (%.3g spikes per bin on average, "
                        + "the recorded units %.3g to %.3g)", h + 1, c.best().id(), mean, quietest, busiest));
                } else if (mean < SILENT * quietest) {
                    notes.add(String.format(Locale.ROOT, "h%d of %s is silent (%.2g spikes per bin on average)",
                        h + 1, c.best().id(), mean));
                }
            }
        }
        if (!notes.isEmpty()) {
            out.add(new Warning("warn-hidden", notes.size() + " hidden neuron" + (notes.size() == 1 ? " is" : "s are")
                + " saturated or silent on the test window", String.join("; ", notes) + ". Such a neuron acts as a "
                + "constant (or is absent), not as a shared input that varies in time: a better score it brings is "
                + "not evidence of hidden inputs."));
        }
    }

    static void seedsDisagree(List<Comparison> comparisons, List<Warning> out) {
        List<String> notes = new ArrayList<>();
        for (Comparison c : comparisons) {
            long up = c.seedDifference().values().stream().filter(d -> d > 0).count();
            long down = c.seedDifference().values().stream().filter(d -> d < 0).count();
            if (up > 0 && down > 0) {
                notes.add(c.combination().label() + ": " + up + " seed" + (up == 1 ? "" : "s") + " above the GLM, "
                    + down + " below");
            }
        }
        if (!notes.isEmpty()) {
            out.add(new Warning("warn-seeds", "Seeds disagree on the sign of the difference with the GLM",
                String.join("; ", notes) + ". The difference is within what the start and the Monte Carlo noise "
                    + "change; more seeds (--seeds) give a firmer answer."));
        }
    }

    static void rateChanges(ResultData data, List<Warning> out) {
        List<UnitRow> units = data.units();
        if (units == null || units.isEmpty()) {
            return;
        }
        List<String> changed = new ArrayList<>();
        long rows = 0;
        for (UnitRow u : units) {
            rows++;
            double r = u.testRate() / u.trainRate();
            if (u.trainRate() > 0 && u.testRate() > 0 && (r > RATE_CHANGE || r < 1 / RATE_CHANGE)) {
                changed.add(u.unit() + (u.fold() > 0 ? " (fold " + u.fold() + ")" : "") + String.format(Locale.ROOT,
                    " %.2gx", r));
            } else if ((u.trainRate() > 0) != (u.testRate() > 0)) {
                changed.add(u.unit() + (u.trainRate() > 0 ? " silent in the test" : " silent in training"));
            }
        }
        if (changed.size() >= CHANGED_UNITS * rows) {
            out.add(new Warning("warn-rates", "Firing rates change between the training and the test pieces",
                changed.size() + " of " + rows + " units" + (units.stream().anyMatch(u -> u.fold() > 0)
                    ? " (over the folds)" : "") + " fire more than " + RATE_CHANGE + " times faster or slower on the "
                    + "test pieces: " + String.join(", ", changed.subList(0, Math.min(12, changed.size())))
                    + (changed.size() > 12 ? ", ..." : "") + ". A model fitted to the training pieces cannot follow "
                    + "that; --folds K tests every part of the session, and a shorter window (--start/--end) may be "
                    + "more stationary."));
        }
    }

    private static String ids(List<ConfigResult> cs) {
        List<String> ids = cs.stream().map(ConfigResult::id).toList();
        return String.join(", ", ids.subList(0, Math.min(8, ids.size()))) + (ids.size() > 8 ? ", ..." : "");
    }

    /** Per unit: the combination's and its GLM's mean test log-likelihood per piece and the baseline's, and the paired comparison. */
    record UnitComparison(String unit, double combination, double glm, double baseline, PairedComparison vsGlm,
                          PairedComparison vsBaseline) {
    }

    /**
     * Each unit's scores under combination {@code c} (seeds averaged), its GLM and the homogeneous
     * baseline over the test pieces; empty when the result has no per-unit scores.
     */
    static List<UnitComparison> perUnit(ResultData data, Combination c, Combination glm) {
        UnitTable base = data.unitBaseline();
        if (base == null) {
            return List.of();
        }
        Map<Long, double[]> mine = unitPerPiece(data, c);
        Map<Long, double[]> theirs = glm == null ? null : unitPerPiece(data, glm);
        if (mine == null || (glm != null && theirs == null)) {
            return List.of();
        }
        Map<Long, double[]> baseRows = new HashMap<>();
        for (int i = 0; i < base.pieceIds().length; i++) {
            baseRows.put(base.pieceIds()[i], base.values()[i]);
        }
        List<Long> ids = new ArrayList<>(mine.keySet());
        List<UnitComparison> out = new ArrayList<>();
        for (int v = 0; v < base.units().size(); v++) {
            double[] a = new double[ids.size()];
            double[] g = new double[ids.size()];
            double[] b = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                a[i] = mine.get(ids.get(i))[v];
                g[i] = theirs == null ? Double.NaN : theirs.get(ids.get(i))[v];
                b[i] = baseRows.get(ids.get(i))[v];
            }
            out.add(new UnitComparison(base.units().get(v), mean(a), theirs == null ? Double.NaN : mean(g), mean(b),
                theirs == null ? null : compare(a, g), compare(a, b)));
        }
        return out;
    }

    private static Map<Long, double[]> unitPerPiece(ResultData data, Combination c) {
        Map<Long, double[]> sums = new TreeMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (ConfigResult cfg : c.configs()) {
            UnitTable t = data.unitScores(cfg.id());
            if (t == null) {
                return null;
            }
            for (int i = 0; i < t.pieceIds().length; i++) {
                double[] s = sums.computeIfAbsent(t.pieceIds()[i], k -> new double[t.units().size()]);
                for (int v = 0; v < s.length; v++) {
                    s[v] += t.values()[i][v];
                }
                counts.merge(t.pieceIds()[i], 1, Integer::sum);
            }
        }
        sums.forEach((id, s) -> {
            for (int v = 0; v < s.length; v++) {
                s[v] /= counts.get(id);
            }
        });
        return sums;
    }

    /** The paired comparison, or null when a score is not finite (a configuration that diverged). */
    static PairedComparison compare(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                return null;
            }
        }
        return a.length == 0 ? null : PairedComparison.of(a, b);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
