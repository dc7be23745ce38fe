package org.poglm.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.poglm.result.ConfigParams;
import org.poglm.result.LearningCurve;
import org.poglm.result.TrueNetwork;

/**
 * Which charts a result gets and how they are drawn; drawing runs on a few threads (each chart
 * is independent). Every chart has a stable file name under {@code charts/}.
 */
final class ChartPlan {
    /** At most this many combination heat maps (best first): each costs a PNG and page weight. */
    static final int MAX_COMBINATION_MAPS = 40;
    /** At most this many lines per learning-curve panel (best first). */
    static final int MAX_CURVES_PER_PANEL = 8;
    /**
     * Up to this many H values get a test-LL chart (dots and whiskers) each; with more, one chart
     * shows each method at its best H, next to the LL-versus-H chart.
     */
    static final int MAX_BAR_CHARTS = 4;

    /** A figure of the page: one or more images with a caption, in a named section. */
    record Figure(String section, String id, List<String> files, String caption) {
    }

    private final ResultData data;
    private final Aggregation agg;
    private final List<Supplier<Charts.Image>> tasks = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();

    ChartPlan(ResultData data, Aggregation agg) {
        this.data = data;
        this.agg = agg;
    }

    List<Figure> figures() {
        return figures;
    }

    List<String> notes() {
        return notes;
    }

    /** The figures of one section, in order. */
    List<Figure> figures(String section) {
        return figures.stream().filter(f -> f.section().equals(section)).toList();
    }

    /** Plans every chart of the report. */
    ChartPlan plan() {
        planRates();
        planBars();
        planWeights();
        planCurves();
        return this;
    }

    /** Draws all planned charts, on up to {@code threads} threads, in plan order. */
    List<Charts.Image> draw(int threads) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        int n = Math.max(1, Math.min(threads, tasks.size()));
        if (n == 1) {
            return tasks.stream().map(Supplier::get).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "poglm-report-chart");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Charts.Image>> futures = new ArrayList<>();
            for (Supplier<Charts.Image> task : tasks) {
                futures.add(pool.submit(task::get));
            }
            List<Charts.Image> out = new ArrayList<>();
            for (Future<Charts.Image> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the report's charts", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("drawing a chart failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }

    private String name(String base) {
        String slug = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) {
            slug = "chart";
        }
        String candidate = slug + ".png";
        for (int i = 2; !usedNames.add(candidate); i++) {
            candidate = slug + "-" + i + ".png";
        }
        return candidate;
    }

    // ---- recording

    /** Per-unit firing rates (Hz) from the provenance, or null when the input did not record them. */
    static double[] rates(ResultData data) {
        var rec = data.provenance().recording();
        if (rec == null || rec.unitRatesHz() == null || rec.unitRatesHz().isEmpty()) {
            return null;
        }
        return rec.unitRatesHz().stream().mapToDouble(x -> x == null ? Double.NaN : x).toArray();
    }

    private void planRates() {
        double[] rates = rates(data);
        if (rates == null) {
            return;
        }
        String file = name("firing-rates");
        tasks.add(() -> Charts.histogram(file, "Firing rate per unit", "rate (Hz)", rates));
        figures.add(new Figure("recording", "fig-rates", List.of(file),
            "Firing rates of the " + rates.length + " units over the whole recording (spikes / duration)."));
    }

    // ---- test LL bars (Fig. 4a / Fig. 5) and LL versus H (Fig. 7)

    /** Distributions and schemes of the POGLM combinations, in sweep order (schemes F, FS, FB first). */
    private List<String> distributions() {
        return agg.combinations().stream().filter(c -> !c.glm()).sorted(Comparator.comparing(
            c -> data.configs().indexOf(c.configs().get(0)))).map(Combination::distribution).distinct().toList();
    }

    private List<String> schemes() {
        List<String> order = List.of("f", "fs", "fb");
        return agg.combinations().stream().filter(c -> !c.glm()).map(Combination::scheme).distinct()
            .sorted(Comparator.comparingInt((String s) -> order.contains(s) ? order.indexOf(s) : 99)
                .thenComparing(s -> s)).toList();
    }

    /** Best combination (highest mean test LL) per distribution x scheme at H; several when other settings vary. */
    private Map<String, Combination> cells(int hidden) {
        return bestPerMethod(h -> h == hidden);
    }

    /** Best POGLM combination per distribution x scheme among those whose H passes {@code hidden}. */
    private Map<String, Combination> bestPerMethod(java.util.function.IntPredicate hidden) {
        Map<String, Combination> best = new HashMap<>();
        for (Combination c : agg.combinations()) {     // best first: the first one seen wins
            if (!c.glm() && hidden.test(c.hidden())) {
                best.putIfAbsent(c.distribution() + "\u0000" + c.scheme(), c);
            }
        }
        return best;
    }

    private boolean severalPerCell() {
        Set<String> seen = new HashSet<>();
        for (Combination c : agg.combinations()) {
            if (!c.glm() && !seen.add(c.distribution() + "\u0000" + c.scheme() + "\u0000" + c.hidden())) {
                return true;
            }
        }
        return false;
    }

    private void planBars() {
        List<Integer> hs = agg.hiddenValues();
        if (hs.isEmpty()) {
            return;
        }
        List<String> dists = distributions();
        List<String> schemes = schemes();
        Combination glm = agg.glm();
        double ref = glm == null ? Double.NaN : glm.stat(Metric.TEST_LL).mean();
        String refLabel = glm == null ? "" : "fully observed GLM " + Html.num(ref, 2).replace('\u2212', '-');
        String several = severalPerCell() ? " Where other settings (" + String.join(", ", agg.varying().stream()
            .map(f -> Aggregation.SHORT.getOrDefault(f, f)).toList()) + ") vary, each dot is the best of them; "
            + "the table below has every combination." : "";
        if (hs.size() <= MAX_BAR_CHARTS) {
            // One chart per H, all on the same y range so that positions compare across charts.
            List<Charts.Dots> all = new ArrayList<>();
            Map<Integer, List<Charts.Dots>> perH = new LinkedHashMap<>();
            for (int h : hs) {
                List<Charts.Dots> dots = dotSeries(cells(h), dists, schemes, Metric.TEST_LL);
                perH.put(h, dots);
                all.addAll(dots);
            }
            double[] range = Charts.dotRange(all, ref);
            List<String> files = new ArrayList<>();
            for (var e : perH.entrySet()) {
                int h = e.getKey();
                String file = name("test-ll-h" + h);
                files.add(file);
                List<Charts.Dots> dots = e.getValue();
                String title = "Test log-likelihood, H = " + h;
                tasks.add(() -> Charts.dotWhisker(file, title, "hidden-spike distribution", "test LL (nats / piece)",
                    dists, dots, ref, refLabel, range));
            }
            figures.add(new Figure("results", "fig-test-ll", files,
                "Test log-likelihood per test piece (higher is better): dot at the mean over seeds, whisker \u00b1 one "
                    + "standard deviation (sd) over seeds; schemes side by side" + (glm != null
                    ? "; dashed line: the fully observed GLM" : "") + ". The y axis covers the values, not zero; "
                    + "the charts share it." + several));
            if (data.truth() != null) {
                planErrorBars(hs, dists, schemes);
            }
        } else {
            planBestHiddenBars(hs, dists, schemes, glm, ref, refLabel, several);
        }
        if (hs.size() >= 2) {
            planLlVersusH(hs, glm, ref, refLabel);
        }
    }

    /**
     * Best combination (highest mean test LL) per distribution x scheme over every H: each method
     * at the number of hidden neurons that suits it best.
     */
    private Map<String, Combination> bestOverHidden() {
        return bestPerMethod(h -> true);
    }

    /**
     * Fig. 4(a) for a sweep over many H (e.g. preset pvc5, H 1-9), where a chart per H would be
     * too many: one bar per distribution x scheme at its own best H (the H in each category's
     * label and in the caption). The LL-versus-H chart next to it shows every H.
     */
    private void planBestHiddenBars(List<Integer> hs, List<String> dists, List<String> schemes, Combination glm,
                                    double ref, String refLabel, String several) {
        Map<String, Combination> best = bestOverHidden();
        List<Charts.Dots> dots = dotSeries(best, dists, schemes, Metric.TEST_LL);
        List<String> categories = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (String d : dists) {
            List<String> h = new ArrayList<>();
            for (String s : schemes) {
                Combination c = best.get(d + "\u0000" + s);
                h.add(c == null ? "\u2013" : Integer.toString(c.hidden()));
                if (c != null) {
                    chosen.add(d + " \u00d7 " + Aggregation.scheme(s) + " at H=" + c.hidden());
                }
            }
            categories.add(d + ", H=" + String.join("/", h));
        }
        String file = name("test-ll-best-h");
        String title = "Test log-likelihood at each method's best H";
        String xTitle = "hidden-spike distribution, best H" + (schemes.size() > 1 ? " for " + String.join(" / ",
            schemes.stream().map(Aggregation::scheme).toList()) : "");
        tasks.add(() -> Charts.dotWhisker(file, title, xTitle, "test LL (nats / piece)", categories, dots, ref,
            refLabel));
        figures.add(new Figure("results", "fig-test-ll", List.of(file),
            "Test log-likelihood per test piece (higher is better) of each distribution \u00d7 scheme at the number of "
                + "hidden neurons where its mean is highest, among the " + hs.size() + " values of H in the sweep ("
                + String.join(", ", hs.stream().map(String::valueOf).toList()) + "): " + String.join(", ", chosen) + ". Dot "
                + "at the mean over seeds; whiskers: \u00b1 one standard deviation (sd) over seeds at that H"
                + (glm != null ? "; dashed line: the fully observed GLM" : "") + ". H is chosen on the test pieces, "
                + "so each dot is its method's best case; the next chart shows every H. The y axis covers the values, "
                + "not zero." + several));
    }

    /** Per scheme, the mean and sd over seeds of metric {@code m} for each distribution (NaN where none). */
    private List<Charts.Dots> dotSeries(Map<String, Combination> cells, List<String> dists, List<String> schemes,
                                        Metric m) {
        return barSeries(cells, dists, schemes, m).stream()
            .map(b -> Charts.Dots.symmetric(b.name(), b.color(), b.value(), b.error())).toList();
    }

    private List<Charts.Bars> barSeries(Map<String, Combination> cells, List<String> dists, List<String> schemes,
                                        Metric m) {
        List<Charts.Bars> out = new ArrayList<>();
        for (int s = 0; s < schemes.size(); s++) {
            String scheme = schemes.get(s);
            double[] v = new double[dists.size()];
            double[] e = new double[dists.size()];
            for (int d = 0; d < dists.size(); d++) {
                Combination c = cells.get(dists.get(d) + "\u0000" + scheme);
                v[d] = c == null ? Double.NaN : c.stat(m).mean();
                e[d] = c == null ? Double.NaN : c.stat(m).sd();
            }
            out.add(new Charts.Bars(Aggregation.scheme(scheme), Charts.schemeColor(scheme, s), v, e));
        }
        return out;
    }

    private void planErrorBars(List<Integer> hs, List<String> dists, List<String> schemes) {
        List<String> files = new ArrayList<>();
        for (Metric m : List.of(Metric.WEIGHT_ERROR, Metric.BIAS_ERROR)) {
            List<Charts.Bars> all = new ArrayList<>();
            Map<Integer, List<Charts.Bars>> perH = new LinkedHashMap<>();
            for (int h : hs) {
                List<Charts.Bars> bars = barSeries(cells(h), dists, schemes, m);
                perH.put(h, bars);
                all.addAll(bars);
            }
            if (all.stream().allMatch(b -> java.util.Arrays.stream(b.value()).noneMatch(Double::isFinite))) {
                continue;
            }
            double[] range = Charts.barRange(all, Double.NaN, true);
            for (var e : perH.entrySet()) {
                int h = e.getKey();
                String what = m == Metric.WEIGHT_ERROR ? "Weight error" : "Bias error";
                String file = name((m == Metric.WEIGHT_ERROR ? "weight-error-h" : "bias-error-h") + h);
                files.add(file);
                List<Charts.Bars> bars = e.getValue();
                tasks.add(() -> Charts.bars(file, what + ", H = " + h, "hidden-spike distribution",
                    m == Metric.WEIGHT_ERROR ? "mean |W - W true|" : "mean |b - b true|", dists, bars, Double.NaN, "",
                    true, range));
            }
        }
        if (!files.isEmpty()) {
            figures.add(new Figure("results", "fig-errors", files,
                "Parameter recovery against truth.json (lower is better), mean over seeds with one standard "
                    + "deviation: hidden neurons matched to the true ones by the order with the smallest weight error."));
        }
    }

    private void planLlVersusH(List<Integer> hs, Combination glm, double ref, String refLabel) {
        // One line per distribution x scheme (best of the other settings at each H).
        Map<String, List<Combination>> byMethod = new LinkedHashMap<>();
        for (String d : distributions()) {
            for (String s : schemes()) {
                List<Combination> pts = new ArrayList<>();
                for (int h : hs) {
                    Combination c = cells(h).get(d + "\u0000" + s);
                    if (c != null) {
                        pts.add(c);
                    }
                }
                if (!pts.isEmpty()) {
                    byMethod.put(d + " \u00d7 " + Aggregation.scheme(s), pts);
                }
            }
        }
        List<Charts.Line> lines = new ArrayList<>();
        int i = 0;
        // Each method a little to the side of the others (at most 0.3 of the gap between two H), so
        // that error bars at the same H do not overlap.
        double dodge = Math.min(0.08, 0.3 / Math.max(1, byMethod.size() - 1));
        for (var e : byMethod.entrySet()) {
            List<Combination> pts = e.getValue();
            double shift = (i - (byMethod.size() - 1) / 2.0) * dodge;
            double[] x = pts.stream().mapToDouble(c -> c.hidden() + shift).toArray();
            double[] y = pts.stream().mapToDouble(c -> c.stat(Metric.TEST_LL).mean()).toArray();
            double[] err = pts.stream().mapToDouble(c -> c.stat(Metric.TEST_LL).sd()).toArray();
            lines.add(new Charts.Line(e.getKey(), Charts.PALETTE[i++ % Charts.PALETTE.length], x, y, null, null,
                false, err));
        }
        String file = name("test-ll-vs-h");
        tasks.add(() -> {
            String title = "Test log-likelihood versus hidden neurons" + (glm != null ? "  (dashed: GLM)" : "");
            return Charts.lines(file, title, "hidden neurons H", "test LL (nats / piece)", lines, true,
                withReference(lines, ref), true, Charts.WIDTH, 400, ref);
        });
        figures.add(new Figure("results", "fig-ll-vs-h", List.of(file),
            "Test log-likelihood per piece against the number of hidden neurons, mean over seeds with one standard "
                + "deviation" + (glm != null ? " (fully observed GLM: " + refLabel.replace("fully observed GLM ", "")
                + " nats / piece)" : "") + "; at each H the methods are drawn slightly apart, so that their error "
                + "bars do not overlap."));
    }

    private static double[] withReference(List<Charts.Line> lines, double ref) {
        if (!Double.isFinite(ref)) {
            return null;
        }
        double lo = ref;
        double hi = ref;
        for (Charts.Line l : lines) {
            for (int i = 0; i < l.y().length; i++) {
                double e = l.error() != null && Double.isFinite(l.error()[i]) ? l.error()[i] : 0;
                if (Double.isFinite(l.y()[i])) {
                    lo = Math.min(lo, l.y()[i] - e);
                    hi = Math.max(hi, l.y()[i] + e);
                }
            }
        }
        double pad = Math.max((hi - lo) * 0.08, 1e-6);
        return new double[] {lo - pad, hi + pad};
    }

    // ---- weights (Fig. 4b, Fig. 6, Fig. 8/9)

    private void planWeights() {
        ConfigResult best = agg.bestConfig();
        if (best == null) {
            notes.add("No configuration has a finite test log-likelihood: no weight maps.");
            return;
        }
        TrueNetwork truth = data.truth();
        ConfigParams bestParams = data.params(best.id());
        boolean truthFits = truth != null && truth.fits(bestParams);
        if (truth != null && !truthFits) {
            notes.add("truth.json describes " + truth.visible() + " visible units " + truth.units()
                + ", the fits " + bestParams.visible() + " " + bestParams.units() + ": no comparison with the truth.");
        }
        // The combinations' maps, best first, capped; the best configuration's map is drawn once.
        List<Combination> combos = agg.combinations().stream()
            .filter(c -> Double.isFinite(c.best().testLl())).toList();
        List<Combination> drawn = combos.subList(0, Math.min(MAX_COMBINATION_MAPS, combos.size()));
        if (combos.size() > drawn.size()) {
            notes.add("Weight maps are drawn for the best " + drawn.size() + " of " + combos.size()
                + " method combinations (by mean test LL); the parameters of every configuration are in configs/.");
        }
        List<WeightMap> maps = new ArrayList<>();
        Combination bestCombo = agg.combinations().stream().filter(c -> c.configs().contains(best)).findFirst()
            .orElseThrow();
        // Titled like the gallery's maps: the gallery reuses this image for its combination.
        UnitDisplay display = UnitDisplay.of(data);
        WeightMap bestMap = WeightMap.learned(bestCombo.label() + ", seed " + best.seed(), bestParams, display);
        maps.add(bestMap);
        WeightMap truthMap = truthFits ? WeightMap.truth("True weights (truth.json)", truth, display) : null;
        if (truthMap != null) {
            maps.add(truthMap);
        }
        Map<Combination, WeightMap> comboMaps = new LinkedHashMap<>();
        for (Combination c : drawn) {
            ConfigParams p = data.params(c.best().id());
            comboMaps.put(c, WeightMap.learned(c.label() + ", seed " + c.best().seed(), p, display));
        }
        maps.addAll(comboMaps.values());
        double scale = WeightMap.sharedScale(maps);
        int div = WeightMap.biasDivisor(maps, scale);
        String scaleText = "Colour: blue negative, red positive, shared scale \u00b1" + trim(scale)
            + " for all maps (97th percentile of |W|; stronger weights saturate)"
            + (div != 1 ? "; the bias column is divided by " + div + " to fit the same scale" : "") + ".";
        String layout = "Rows: the receiving neuron (to), columns: the sending neuron (from) and the bias; "
            + "visible units first, hidden neurons h1, h2, ... after the black lines.";

        String bestFile = name("weights-best");
        int width = truthMap != null ? 460 : Charts.WIDTH;
        tasks.add(() -> Charts.heatMap(bestFile, bestMap, scale, div, width));
        List<String> bestFiles = new ArrayList<>(List.of(bestFile));
        if (truthMap != null) {
            String truthFile = name("weights-truth");
            bestFiles.add(truthFile);
            tasks.add(() -> Charts.heatMap(truthFile, truthMap, scale, div, width));
        }
        figures.add(new Figure("weights", "fig-weights-best", bestFiles,
            "Learned weights of the configuration with the highest test log-likelihood: " + bestCombo.label()
                + ", seed " + best.seed() + " (" + best.id() + ")" + (truthMap != null
                ? ", next to the true weights; learned hidden neurons are renumbered to the true ones they match. "
                : ". ") + layout + " " + scaleText));
        if (truthMap != null) {
            planScatter(bestParams, truth, best);
        }
        if (drawn.size() < 2) {
            return;     // the best configuration's map is the only one
        }
        // Drawn at gallery size even for the best configuration, so that the tiles look alike.
        List<String> galleryFiles = new ArrayList<>();
        for (Combination c : drawn) {
            WeightMap m = comboMaps.get(c);
            String file = name("weights-" + c.best().id());
            galleryFiles.add(file);
            tasks.add(() -> Charts.heatMap(file, m, scale, div, 460));
        }
        figures.add(new Figure("weights-gallery", "fig-weights-all", galleryFiles,
            "Learned weights of each method combination (its best seed), best combination first. " + scaleText
                + (truth != null ? " Hidden neurons are renumbered to match the true ones." : "")));
    }

    private void planScatter(ConfigParams learned, TrueNetwork truth, ConfigResult best) {
        int[] order = WeightMap.order(learned);
        int v = truth.visible();
        int matched = Math.min(truth.neurons(), learned.neurons());
        List<double[]> vv = new ArrayList<>();
        List<double[]> hid = new ArrayList<>();
        List<double[]> bias = new ArrayList<>();
        for (int r = 0; r < matched; r++) {
            for (int c = 0; c < matched; c++) {
                double[] pt = {truth.weights()[r][c], learned.weights()[order[r]][order[c]]};
                (r < v && c < v ? vv : hid).add(pt);
            }
            bias.add(new double[] {truth.biases()[r], learned.biases()[order[r]]});
        }
        List<Charts.Points> groups = List.of(points("visible \u2192 visible weights", Charts.PALETTE[0], vv),
            points("weights to or from hidden", Charts.PALETTE[5], hid), points("biases", Charts.PALETTE[2], bias));
        String file = name("weights-learned-vs-true");
        tasks.add(() -> Charts.scatter(file, "Learned versus true (" + best.id() + ")", "true", "learned", groups));
        figures.add(new Figure("weights", "fig-weights-scatter", List.of(file),
            "Every weight and bias of the best configuration against its true value (matched hidden neurons); "
                + "points on the dashed diagonal are recovered exactly."
                + (learned.hidden() != truth.neurons() - v ? " Only neurons present in both are shown." : "")));
    }

    private static Charts.Points points(String name, java.awt.Color color, List<double[]> pts) {
        return new Charts.Points(name, color, pts.stream().mapToDouble(p -> p[0]).toArray(),
            pts.stream().mapToDouble(p -> p[1]).toArray());
    }

    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    // ---- learning curves (Fig. 4c)

    private void planCurves() {
        Map<String, List<Combination>> panels = new LinkedHashMap<>();
        List<Combination> glms = new ArrayList<>();
        for (Combination c : agg.combinations()) {
            if (c.glm()) {
                glms.add(c);
            }
        }
        List<String> schemes = schemes();
        List<String> dists = distributions();
        for (int h : agg.hiddenValues()) {
            for (String s : schemes) {
                List<Combination> in = agg.combinations().stream()
                    .filter(c -> !c.glm() && c.hidden() == h && c.scheme().equals(s)).toList();
                if (!in.isEmpty()) {
                    panels.put("H = " + h + ", scheme " + Aggregation.scheme(s), in);
                }
            }
        }
        Combination glm = glms.isEmpty() ? null : glms.get(0);
        if (panels.isEmpty() && glm != null) {
            panels.put("fully observed GLM", glms);
        }
        Map<String, Integer> kept = keptEpochs();
        Map<Combination, Curves> curves = new HashMap<>();
        List<String> files = new ArrayList<>();
        int clipped = 0;
        boolean compressed = false;
        boolean validated = false;
        boolean marked = false;
        for (var e : panels.entrySet()) {
            List<Combination> in = e.getValue();
            if (in.size() > MAX_CURVES_PER_PANEL) {
                clipped += in.size() - MAX_CURVES_PER_PANEL;
                in = in.subList(0, MAX_CURVES_PER_PANEL);
            }
            List<Charts.Line> lines = new ArrayList<>();
            List<Charts.Mark> marks = new ArrayList<>();
            // One colour per distribution, the same in every panel, when each appears once in the panel.
            boolean byDistribution = in.stream().map(Combination::distribution).distinct().count() == in.size();
            boolean panelValidated = false;
            int i = 0;
            for (Combination c : in) {
                Curves band = curves.computeIfAbsent(c, this::band);
                if (band.epochs().length == 0) {
                    continue;       // no epoch trained: a configuration that diverged at once
                }
                String name = c.glm() ? c.label() : c.label().replaceFirst(" \u00d7 [A-Za-z0-9-]+, H=\\d+", "");
                int colour = byDistribution ? Math.max(0, dists.indexOf(c.distribution())) : i;
                i++;
                java.awt.Color color = Charts.PALETTE[colour % (Charts.PALETTE.length - 1)];
                lines.add(new Charts.Line(name, color, band.epochs(), band.mean(), c.seeds() > 1 ? band.min() : null,
                    c.seeds() > 1 ? band.max() : null, false));
                if (band.validated()) {
                    panelValidated = true;
                    // Dashed in the line's colour; the title says what dashed means.
                    lines.add(new Charts.Line(name + " (validation)", color, band.epochs(), band.validation(), null,
                        null, true, null, false));
                    for (int b : c.configs().stream().map(cfg -> kept.getOrDefault(cfg.id(), 0)).distinct().toList()) {
                        if (b >= 1 && b <= band.epochs().length) {
                            double y = band.validation()[b - 1];
                            marks.add(new Charts.Mark(b, Double.isFinite(y) ? y : band.mean()[b - 1], color));
                        }
                    }
                }
            }
            if (glm != null && !in.contains(glm)) {
                Curves band = curves.computeIfAbsent(glm, this::band);
                lines.add(new Charts.Line("GLM (fully observed)", new java.awt.Color(0x777777), band.epochs(),
                    band.mean(), null, null, true));
            }
            validated |= panelValidated;
            marked |= !marks.isEmpty();
            String title = "Learning curves, " + e.getKey() + (panelValidated ? "  (dashed: validation)" : "");
            String yTitle = panelValidated ? "ELBO (nats / piece)" : "train ELBO (nats / piece)";
            String file = name("curves-" + e.getKey().replace("H = ", "h").replace("scheme ", ""));
            files.add(file);
            Charts.Compressed scale = Charts.Compressed.of(lines);
            compressed |= scale != null;
            tasks.add(() -> Charts.curves(file, title, "epoch", yTitle, lines, marks, scale, Charts.WIDTH, 380));
        }
        if (!files.isEmpty()) {
            figures.add(new Figure("curves", "fig-curves", files,
                "Training ELBO per piece after each epoch, from the first: mean over seeds, band from the lowest to "
                    + "the highest seed"
                    + (validated ? "; dashed, in the same colour: the ELBO per piece of the validation pieces (early "
                    + "stopping), mean over seeds" + (marked ? ", \u25c6 at the epoch whose parameters were kept "
                    + "(best validation ELBO; one per distinct epoch among the seeds)" : "") : "")
                    + (glm != null && !agg.hiddenValues().isEmpty() ? "; dashed grey: the fully observed GLM's "
                    + "log-likelihood" : "") + "."
                    + (compressed ? " Where the first epochs lie far below the rest, the y axis is about linear over "
                    + "the range of the second half of the epochs and logarithmic below it (an asinh scale), so that "
                    + "every epoch is in view without flattening the end of training; its labels are ELBO values." : "")
                    + (clipped > 0 ? " Panels show their best " + MAX_CURVES_PER_PANEL + " combinations (" + clipped
                    + " more in the table)." : "")));
        }
    }

    /**
     * The epoch (1-based) whose parameters each configuration kept, from provenance.json's training
     * records (the same number as summary.csv's best_epoch); none for results that did not record it.
     */
    private Map<String, Integer> keptEpochs() {
        Map<String, Integer> out = new HashMap<>();
        var training = data.provenance().training();
        if (training != null) {
            for (var t : training) {
                if (t != null && t.configId() != null) {
                    out.put(t.configId(), t.bestEpoch());
                }
            }
        }
        return out;
    }

    /**
     * A combination's learning curves over its seeds, at the epochs every seed has: the training
     * ELBO's mean, lowest and highest, and the validation ELBO's mean over the seeds that have one
     * at that epoch (NaN where none has).
     */
    record Curves(double[] epochs, double[] mean, double[] min, double[] max, double[] validation) {
        boolean validated() {
            return java.util.Arrays.stream(validation).anyMatch(Double::isFinite);
        }
    }

    private Curves band(Combination c) {
        List<LearningCurve> cs = c.configs().stream().map(cfg -> data.curve(cfg.id())).toList();
        int len = cs.stream().mapToInt(k -> k.epochs().length).min().orElse(0);
        double[][] out = new double[5][len];
        for (int i = 0; i < len; i++) {
            out[0][i] = cs.get(0).epochs()[i];
            double[] vals = new double[cs.size()];
            double sum = 0;
            int n = 0;
            for (int s = 0; s < cs.size(); s++) {
                vals[s] = cs.get(s).trainElbo()[i];
                double[] v = cs.get(s).validationElbo();
                if (v != null && i < v.length && Double.isFinite(v[i])) {
                    sum += v[i];
                    n++;
                }
            }
            Stats st = Stats.of(vals);
            out[1][i] = st.mean();
            out[2][i] = st.min();
            out[3][i] = st.max();
            out[4][i] = n == 0 ? Double.NaN : sum / n;
        }
        return new Curves(out[0], out[1], out[2], out[3], out[4]);
    }

    // ---- for the report's other planners

    /** A chart file name not used yet, made from {@code base}. */
    String reserve(String base) {
        return name(base);
    }

    /** Adds a figure and the charts it shows, to be drawn with the others. */
    void add(Figure figure, List<Supplier<Charts.Image>> draw) {
        figures.add(figure);
        tasks.addAll(draw);
    }
}
