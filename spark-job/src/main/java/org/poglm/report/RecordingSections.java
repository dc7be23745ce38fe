package org.poglm.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.poglm.eval.PairedComparison;
import org.poglm.result.ActivityTable;
import org.poglm.result.ConfigParams;
import org.poglm.result.ResultCsv;
import org.poglm.result.UnitRow;
import org.poglm.result.WindowCounts;

/**
 * The report's look at a fit as a neuroscientist reads it: how well each unit is predicted (against
 * its constant rate and against the GLM), what the hidden neurons do over time under the recorded
 * units' raster, predicted against observed rates, and the strongest coupling filters in time. All
 * are drawn for one configuration: the best with hidden neurons (the best seed of the combination the
 * verdict names), or the GLM when no model has hidden neurons. Units are ordered by region when the
 * input labels them ({@link UnitLabels#inRegionOrder}) and named with their labels.
 */
final class RecordingSections {
    /** Coupling filters drawn: the strongest pairs by |W|. */
    static final int FILTER_PAIRS = 6;
    /** Units whose predicted and observed rates are drawn: the most active on the window. */
    static final int RATE_UNITS = 3;
    /** The observed counts are smoothed over this many bins (a centred box) to be read as a rate. */
    static final int SMOOTH_BINS = 5;

    static final String UNIT_FIT = "unit_fit.csv";

    /** One unit's row of the per-unit table. */
    record UnitFit(String unit, Map<String, String> labels, double trainRate, double testRate,
                   Verdict.UnitComparison scores, Verdict.UnitComparison glmScores) {
    }

    private final ResultData data;
    private final ConfigResult shown;
    private final Combination shownCombination;
    private final Combination glm;
    private final List<UnitFit> units;
    private final List<String> order;
    private final Map<String, Map<String, String>> labels;

    private RecordingSections(ResultData data, ConfigResult shown, Combination shownCombination, Combination glm,
                              List<UnitFit> units, List<String> order, Map<String, Map<String, String>> labels) {
        this.data = data;
        this.shown = shown;
        this.shownCombination = shownCombination;
        this.glm = glm;
        this.units = units;
        this.order = order;
        this.labels = labels;
    }

    static RecordingSections of(ResultData data, Aggregation agg, Verdict verdict) {
        Verdict.Comparison best = verdict.comparisons().stream().filter(c -> c.vsGlm() != null)
            .max(Comparator.comparingDouble(c -> c.vsGlm().meanDifference())).orElse(null);
        Combination combination = best != null ? best.combination() : agg.glm();
        Combination glm = best != null ? best.glm() : null;
        List<UnitRow> rows = data.units();
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        Map<String, double[]> rates = new LinkedHashMap<>();
        if (rows != null) {
            for (UnitRow r : rows) {
                labels.putIfAbsent(r.unit(), r.labels());
                double[] s = rates.computeIfAbsent(r.unit(), k -> new double[3]);
                s[0] += r.trainRate();
                s[1] += r.testRate();
                s[2]++;
            }
        }
        List<UnitFit> units = new ArrayList<>();
        if (combination != null) {
            List<Verdict.UnitComparison> glmUnits = glm == null ? List.of() : Verdict.perUnit(data, glm, null);
            for (Verdict.UnitComparison u : Verdict.perUnit(data, combination, glm)) {
                double[] r = rates.getOrDefault(u.unit(), new double[] {Double.NaN, Double.NaN, 1});
                Verdict.UnitComparison g = glmUnits.stream().filter(x -> x.unit().equals(u.unit())).findFirst()
                    .orElse(null);
                units.add(new UnitFit(u.unit(), labels.getOrDefault(u.unit(), Map.of()), r[0] / r[2], r[1] / r[2], u,
                    g));
            }
        }
        List<String> names = units.isEmpty() ? new ArrayList<>(labels.keySet())
            : units.stream().map(UnitFit::unit).toList();
        return new RecordingSections(data, combination == null ? null : combination.best(), combination, glm, units,
            new UnitDisplay(labels).order(names), labels);
    }

    /** A unit's name with its region, as charts and tables show it. */
    String display(String unit) {
        return new UnitDisplay(labels).name(unit);
    }

    List<UnitFit> units() {
        return units;
    }

    /** The configuration the pictures show, or null. */
    ConfigResult shown() {
        return shown;
    }

    Combination shownCombination() {
        return shownCombination;
    }

    /** The label fields the units have, in order. */
    List<String> labelFields() {
        List<String> out = new ArrayList<>();
        labels.values().forEach(l -> l.keySet().forEach(k -> {
            if (!out.contains(k)) {
                out.add(k);
            }
        }));
        return out;
    }

    /** Per unit in region order: labels, rates, the shown model's, the GLM's and the baseline's scores and their comparisons. */
    String unitTable() {
        List<String> header = new ArrayList<>(List.of("unit"));
        List<String> fields = labelFields();
        header.addAll(fields);
        header.addAll(List.of("train_rate_per_bin", "test_rate_per_bin", "model_ll_per_piece", "glm_ll_per_piece",
            "baseline_ll_per_piece", "vs_glm_mean", "vs_glm_se", "vs_glm_lower", "vs_glm_upper",
            "vs_glm_fraction_better", "vs_baseline_mean", "vs_baseline_se", "vs_baseline_lower", "vs_baseline_upper",
            "vs_baseline_fraction_better"));
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        for (UnitFit u : inOrder()) {
            List<String> row = new ArrayList<>(List.of(u.unit()));
            fields.forEach(f -> row.add(u.labels().getOrDefault(f, "")));
            Verdict.UnitComparison s = u.scores();
            row.addAll(List.of(ResultCsv.number(u.trainRate()), ResultCsv.number(u.testRate()),
                ResultCsv.number(s.combination()), ResultCsv.number(s.glm()), ResultCsv.number(s.baseline())));
            for (PairedComparison p : new PairedComparison[] {s.vsGlm(), s.vsBaseline()}) {
                row.add(ResultCsv.number(p == null ? Double.NaN : p.meanDifference()));
                row.add(ResultCsv.number(p == null ? Double.NaN : p.standardError()));
                row.add(ResultCsv.number(p == null ? Double.NaN : p.lower()));
                row.add(ResultCsv.number(p == null ? Double.NaN : p.upper()));
                row.add(ResultCsv.number(p == null ? Double.NaN : p.fractionABetter()));
            }
            w.row(row);
        }
        return w.toString();
    }

    /** The units' rows in region order. */
    List<UnitFit> inOrder() {
        Map<String, UnitFit> byName = new LinkedHashMap<>();
        units.forEach(u -> byName.put(u.unit(), u));
        return order.stream().filter(byName::containsKey).map(byName::get).toList();
    }

    // ---- charts

    void plan(ChartPlan plan) {
        if (shown == null) {
            return;
        }
        planUnits(plan);
        planActivity(plan);
        planFilters(plan);
    }

    private void planUnits(ChartPlan plan) {
        List<UnitFit> fits = inOrder();
        if (fits.isEmpty()) {
            return;
        }
        List<String> names = fits.stream().map(u -> display(u.unit())).toList();
        List<Charts.Dots> series = new ArrayList<>();
        if (glm != null) {
            series.add(dots("fully observed GLM", Charts.PALETTE[7 % Charts.PALETTE.length], fits, true));
        }
        series.add(dots(shownCombination.label(), Charts.PALETTE[0], fits, false));
        String file = plan.reserve("units-vs-baseline");
        plan.add(new ChartPlan.Figure("units", "fig-units", List.of(file), "Each unit's test log-likelihood against a "
                + "homogeneous Poisson model of that unit (its constant training rate), mean per test piece with the 95 % "
                + "interval from block means; above 0 the model predicts the unit's spikes better than its rate alone. "
                + "For models with hidden neurons a unit's score is the probability of its spikes given the other units "
                + "(the hidden spikes integrated without seeing the unit itself); for the GLM its own term. Units "
                + (order.equals(units.stream().map(UnitFit::unit).toList()) ? "in recording order." : "ordered by region.")),
            List.of(() -> Charts.dotWhisker(file, "Per unit: test log-likelihood against constant rates", "unit",
                "\u0394 test LL per piece (nats)", names, series, 0.0, "homogeneous Poisson")));
    }

    /** Each unit's difference with the baseline and its interval, for the shown model or its GLM. */
    private static Charts.Dots dots(String name, Color color, List<UnitFit> fits, boolean glm) {
        double[] mean = new double[fits.size()];
        double[] lo = new double[fits.size()];
        double[] hi = new double[fits.size()];
        for (int i = 0; i < fits.size(); i++) {
            Verdict.UnitComparison s = glm ? fits.get(i).glmScores() : fits.get(i).scores();
            PairedComparison p = s == null ? null : s.vsBaseline();
            mean[i] = p == null ? Double.NaN : p.meanDifference();
            lo[i] = p == null ? Double.NaN : p.lower();
            hi[i] = p == null ? Double.NaN : p.upper();
        }
        return new Charts.Dots(name, color, mean, lo, hi);
    }

    private void planActivity(ChartPlan plan) {
        WindowCounts window = data.window();
        ActivityTable activity = data.activity(shown.id());
        if (window == null || activity == null || window.bins().length == 0) {
            return;
        }
        boolean seconds = !Double.isNaN(window.times()[0]);
        double[] x = seconds ? window.times() : java.util.Arrays.stream(window.bins()).asDoubleStream().toArray();
        String xTitle = seconds ? "time (s)" : "bin";
        List<String> names = order.stream().filter(window.units()::contains).toList();
        int[][] counts = new int[window.bins().length][names.size()];
        for (int r = 0; r < counts.length; r++) {
            for (int i = 0; i < names.size(); i++) {
                counts[r][i] = window.counts()[r][window.units().indexOf(names.get(i))];
            }
        }
        List<String> files = new ArrayList<>();
        String raster = plan.reserve("window-raster");
        files.add(raster);
        List<java.util.function.Supplier<Charts.Image>> draw = new ArrayList<>();
        List<String> labelled = names.stream().map(this::display).toList();
        draw.add(() -> Charts.raster(raster, "Recorded spikes on the test window", x, labelled, counts, 900));
        if (activity.hiddenNeurons() > 0) {
            List<Charts.Line> lines = new ArrayList<>();
            for (int h = 0; h < activity.hiddenNeurons(); h++) {
                double[] y = new double[activity.hidden().length];
                for (int r = 0; r < y.length; r++) {
                    y[r] = activity.hidden()[r][h];
                }
                lines.add(new Charts.Line("h" + (h + 1), Charts.PALETTE[h % Charts.PALETTE.length], x, y, null, null,
                    false));
            }
            String hidden = plan.reserve("window-hidden-activity");
            files.add(hidden);
            draw.add(() -> Charts.lines(hidden, "Inferred hidden activity (" + shown.id() + ")", xTitle,
                "posterior mean rate (spikes / bin)", lines, false, null, false, 900, 300, Double.NaN));
        }
        plan.add(new ChartPlan.Figure("activity", "fig-activity", files, "The first test pieces: the recorded units' "
            + "spikes (a tick per bin with a spike" + (order.equals(window.units()) ? "" : ", units ordered by region")
            + ")" + (activity.hiddenNeurons() > 0 ? " and, below on the same time axis, each hidden neuron's posterior "
            + "mean rate under q (spikes per bin) as " + shown.id() + " infers it from the recorded spikes. A hidden "
            + "neuron that tracks shared fluctuations of the units rises and falls with their joint activity; one that "
            + "stays flat acts as a constant." : ". The model has no hidden neurons.")
            + " The numbers: configs/" + shown.id() + "/activity.csv and window.csv."), draw);
        planRates(plan, window, activity, x, xTitle);
    }

    private void planRates(ChartPlan plan, WindowCounts window, ActivityTable activity, double[] x, String xTitle) {
        int[] total = new int[window.units().size()];
        for (int[] row : window.counts()) {
            for (int v = 0; v < total.length; v++) {
                total[v] += row[v];
            }
        }
        List<Integer> busiest = new ArrayList<>();
        for (int v = 0; v < total.length; v++) {
            busiest.add(v);
        }
        busiest.sort(Comparator.comparingInt((Integer v) -> -total[v]));
        ActivityTable glmActivity = glm == null ? null : data.activity(glm.best().id());
        List<String> files = new ArrayList<>();
        List<java.util.function.Supplier<Charts.Image>> draw = new ArrayList<>();
        for (int v : busiest.subList(0, Math.min(RATE_UNITS, busiest.size()))) {
            String unit = window.units().get(v);
            int col = activity.units().indexOf(unit);
            if (col < 0 || total[v] == 0) {
                continue;
            }
            double[] observed = smooth(window.counts(), v);
            double[] predicted = column(activity.visible(), col);
            List<Charts.Line> lines = new ArrayList<>();
            lines.add(new Charts.Line("observed (" + SMOOTH_BINS + "-bin mean)", new Color(0x555555), x, observed, null,
                null, false));
            lines.add(new Charts.Line(shown.id(), Charts.PALETTE[0], x, predicted, null, null, false));
            if (glmActivity != null && glmActivity.units().indexOf(unit) >= 0) {
                lines.add(new Charts.Line(glm.best().id(), Charts.PALETTE[1], x,
                    column(glmActivity.visible(), glmActivity.units().indexOf(unit)), null, null, true));
            }
            String file = plan.reserve("window-rate-" + unit);
            files.add(file);
            String title = "Unit " + display(unit) + ": predicted and observed rate";
            draw.add(() -> Charts.lines(file, title, xTitle, "spikes / bin", lines, false, null, false, 900, 260,
                Double.NaN));
        }
        if (!files.isEmpty()) {
            plan.add(new ChartPlan.Figure("activity", "fig-rates-window", files, "Predicted against observed firing "
                + "rate on the same test window for the " + files.size() + " most active units: the observed counts "
                + "smoothed over " + SMOOTH_BINS + " bins, and each model's rate for every bin given the recording's "
                + "past (for models with hidden neurons, averaged over the posterior of the hidden spikes)."), draw);
        }
    }

    static double[] smooth(int[][] counts, int v) {
        double[] out = new double[counts.length];
        int half = SMOOTH_BINS / 2;
        for (int t = 0; t < counts.length; t++) {
            double s = 0;
            int n = 0;
            for (int u = Math.max(0, t - half); u <= Math.min(counts.length - 1, t + half); u++) {
                s += counts[u][v];
                n++;
            }
            out[t] = s / n;
        }
        return out;
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r][c];
        }
        return out;
    }

    private void planFilters(ChartPlan plan) {
        ConfigParams p = data.params(shown.id());
        double[] basis = data.provenance().sweep() == null ? null : data.provenance().sweep().basis();
        if (basis == null || basis.length == 0) {
            return;
        }
        Double width = data.provenance().recording() == null ? null : data.provenance().recording().binWidthSeconds();
        record Pair(int post, int pre, double w) {
        }
        List<Pair> pairs = new ArrayList<>();
        double[][] w = p.weights();
        for (int post = 0; post < p.visible(); post++) {
            for (int pre = 0; pre < p.neurons(); pre++) {
                if (pre != post) {
                    pairs.add(new Pair(post, pre, w[post][pre]));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair q) -> -Math.abs(q.w())));
        List<Pair> strongest = pairs.subList(0, Math.min(FILTER_PAIRS, pairs.size()));
        if (strongest.isEmpty()) {
            return;
        }
        double[] lag = new double[basis.length];
        for (int l = 0; l < lag.length; l++) {
            lag[l] = width == null ? l + 1 : (l + 1) * width * 1000;
        }
        List<Charts.Line> lines = new ArrayList<>();
        for (int i = 0; i < strongest.size(); i++) {
            Pair q = strongest.get(i);
            double[] y = new double[basis.length];
            for (int l = 0; l < y.length; l++) {
                y[l] = q.w() * basis[l];
            }
            lines.add(new Charts.Line(neuron(p, q.pre()) + " \u2192 " + neuron(p, q.post()), Charts.PALETTE[i
                % Charts.PALETTE.length], lag, y, null, null, q.pre() >= p.visible()));
        }
        String file = plan.reserve("coupling-filters");
        String xTitle = width == null ? "lag (bins)" : "lag (ms)";
        plan.add(new ChartPlan.Figure("weights", "fig-filters", List.of(file), String.format(Locale.ROOT,
            "Coupling filters in time of %s: the %d strongest couplings into recorded units (self-history left out), "
                + "each the weight times the history basis at every lag: how a spike of the sender %s changes the "
                + "receiver's drive that long after it; dashed lines come from hidden neurons.", shown.id(),
            strongest.size(), width == null ? "" : "(lags in ms at " + ChartPlan.trim(width * 1000) + " ms bins)")),
            List.of(() -> Charts.lines(file, "Strongest coupling filters", xTitle, "weight \u00d7 basis (drive)", lines,
                true, null, false, Charts.WIDTH, 360, 0.0)));
    }

    private String neuron(ConfigParams p, int n) {
        return n < p.visible() ? display(p.units().get(n)) : "h" + (n - p.visible() + 1);
    }
}
