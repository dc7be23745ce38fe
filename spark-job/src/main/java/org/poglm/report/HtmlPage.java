package org.poglm.report;

import static org.poglm.report.Html.esc;
import static org.poglm.report.Html.num;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.poglm.result.ResultLayout;
import org.poglm.result.ResultCsv;
import org.poglm.result.Provenance;
import org.poglm.eval.PairedComparison;

/**
 * The report page: one self-contained HTML file (inline CSS and JavaScript, charts embedded as
 * {@code data:} PNG images), so that it can be mailed or copied on its own; the same PNGs are in
 * {@code charts/}, each with its SVG, which every figure links (relative links: they work next to
 * {@code charts/}).
 */
final class HtmlPage {
    private final ResultData data;
    private final Aggregation agg;
    private final Verdict verdict;
    private final RecordingSections sections;
    private final ChartPlan plan;
    private final Map<String, Charts.Image> images;
    private final List<KeyValues> keyValues;
    private final Set<String> csvFiles;
    private final StringBuilder sb = new StringBuilder(1 << 16);

    /**
     * @param keyValues the key-value tables (their rows are shown as they are)
     * @param csvFiles  the files written under tables/: every table of the page names its own
     */
    HtmlPage(ResultData data, Aggregation agg, Verdict verdict, RecordingSections sections, ChartPlan plan, Map<String, Charts.Image> images,
             List<KeyValues> keyValues, Set<String> csvFiles) {
        this.data = data;
        this.agg = agg;
        this.verdict = verdict;
        this.sections = sections;
        this.plan = plan;
        this.images = images;
        this.keyValues = keyValues;
        this.csvFiles = csvFiles;
    }

    String render() {
        Provenance p = data.provenance();
        String runId = p.runId() == null ? "" : p.runId();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<link rel=\"icon\" href=\"data:,\">\n")
            .append("<title>POGLM report").append(runId.isEmpty() ? "" : " \u2013 " + esc(runId)).append("</title>\n")
            .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        header(p, runId);
        sb.append("<main>\n");
        overview();
        recording(p);
        results();
        units();
        activity();
        weights();
        curves();
        sb.append("</main>\n");
        footer();
        sb.append("<script>").append(JS).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    // ---- header and overview

    private void header(Provenance p, String runId) {
        sb.append("<header>\n<h1>POGLM fit report</h1>\n<div class=\"meta\">");
        List<String> bits = new ArrayList<>();
        if (!runId.isEmpty()) {
            bits.add("run <code>" + esc(runId) + "</code>");
        }
        String command = p.command() == null ? "" : p.command();
        if (!command.isEmpty()) {
            bits.add("<code>poglm " + esc(command) + "</code>");
        }
        String input = KeyValues.inputText(p.input(), true);
        if (!input.isEmpty()) {
            bits.add("input " + input);
        }
        String finished = p.timing() == null || p.timing().finished() == null ? ""
            : KeyValues.time(p.timing().finished());
        if (!finished.isEmpty()) {
            bits.add("finished " + esc(finished));
        }
        sb.append(String.join(" \u00b7 ", bits)).append("</div>\n<nav>");
        for (String[] link : new String[][] {{"overview", "Verdict"}, {"recording", "Recording"},
            {"results", "Results"}, {"units", "Per unit"}, {"activity", "Activity"}, {"weights", "Weights"},
            {"curves", "Learning curves"}, {"provenance", "Provenance"}}) {
            sb.append("<a href=\"#").append(link[0]).append("\">").append(link[1]).append("</a>");
        }
        sb.append("</nav>\n</header>\n");
    }

    private void overview() {
        sb.append("<section id=\"overview\">\n");
        verdict();
        sb.append("<div class=\"cards\">\n");
        Combination best = agg.best();
        Verdict.Comparison hiddenBest = verdict.comparisons().stream().filter(c -> c.vsGlm() != null)
            .max(java.util.Comparator.comparingDouble(c -> c.vsGlm().meanDifference())).orElse(null);
        Verdict.Comparison glmVsBase = verdict.comparisons().stream().filter(c -> c.combination().glm()).findFirst()
            .orElse(null);
        if (best != null) {
            Stats ll = best.stat(Metric.TEST_LL);
            card("Best method combination", esc(best.label()),
                num(ll.mean(), 3) + (Double.isFinite(ll.sd()) ? " \u00b1 " + num(ll.sd(), 3) : "")
                    + " nats / test piece \u00b7 " + num(best.stat(Metric.BITS_PER_SPIKE).mean(), 4) + " bits / spike");
            if (hiddenBest != null) {
                PairedComparison p = hiddenBest.vsGlm();
                card("Hidden neurons versus the GLM", signedNum(p.meanDifference(), 3) + " \u00b1 "
                        + num(p.standardError(), 2) + " nats / piece",
                    esc(hiddenBest.combination().label()) + " \u00b7 95 % interval " + signedNum(p.lower(), 3) + " to "
                        + signedNum(p.upper(), 3) + " \u00b7 better on " + Math.round(100 * p.fractionABetter())
                        + " % of test pieces");
            }
            if (glmVsBase != null) {
                PairedComparison p = glmVsBase.vsBaseline();
                card("GLM versus constant rates", signedNum(p.meanDifference(), 3) + " \u00b1 "
                        + num(p.standardError(), 2) + " nats / piece",
                    signedNum(glmVsBase.bitsPerSpike(), 4) + " bits / spike against a homogeneous Poisson model of each "
                        + "unit \u00b7 better on " + Math.round(100 * p.fractionABetter()) + " % of test pieces");
            }
        } else {
            card("Best method combination", "none", "no configuration has a finite test log-likelihood");
        }
        long seeds = data.configs().stream().mapToLong(ConfigResult::seed).distinct().count();
        card("Sweep", data.configs().size() + " configuration" + plural(data.configs().size()),
            agg.combinations().size() + " method combination" + plural(agg.combinations().size()) + " \u00b7 "
                + seeds + " seed" + plural((int) seeds));
        Provenance.Recording rec = data.provenance().recording();
        if (rec != null) {
            String units = Integer.toString(rec.visible());
            String sub = rec.pieces() + " pieces (" + rec.trainPieces() + " train, " + rec.testPieces() + " test)";
            if (rec.durationSeconds() != null) {
                sub = Html.duration(rec.durationSeconds()) + " \u00b7 " + sub;
            }
            card("Recording", esc(units) + " unit" + plural(rec.visible()), esc(sub));
        }
        int warnings = data.provenance().warnings().size();
        if (warnings > 0) {
            sb.append("<div class=\"card warncard\"><div class=\"k\">Warnings</div><div class=\"v\"><a href=\"#warnings\">")
                .append(warnings).append(" warning").append(plural(warnings)).append("</a></div>")
                .append("<div class=\"s\">as recorded in provenance.json</div></div>\n");
        }
        sb.append("</div>\n</section>\n");
    }

    /** The answer first, in words, with every warning that makes it shaky; the numbers behind it in a table. */
    private void verdict() {
        sb.append("<div id=\"verdict\"><p class=\"headline\">").append(esc(verdict.headline())).append("</p>\n");
        if (!verdict.detail().isEmpty()) {
            sb.append("<p class=\"intro\">").append(esc(verdict.detail())).append("</p>\n");
        }
        for (Verdict.Warning w : verdict.warnings()) {
            sb.append("<div class=\"warn\" id=\"").append(esc(w.id())).append("\"><b>").append(esc(w.title()))
                .append("</b><br>").append(esc(w.text())).append("</div>\n");
        }
        if (!verdict.comparisons().isEmpty()) {
            sb.append("<details><summary>Every method combination against its GLM and the homogeneous baseline "
                + "(paired over test pieces)</summary>\n<p class=\"hint\">Differences in nats per test piece, "
                + "combination minus reference, each piece scored by the mean over seeds; the standard error comes "
                + "from means of consecutive blocks of pieces (consecutive pieces are correlated), the interval is "
                + "95 % (Student t).</p><div class=\"wrap\">");
            openTable(Tables.VERDICT, " class=\"sortable\"");
            sb.append("\n<thead><tr><th>combination</th><th class=\"num\">vs GLM</th><th class=\"num\">95 % interval"
                + "</th><th class=\"num\">better</th><th class=\"num\">vs baseline</th><th class=\"num\">95 % "
                + "interval</th><th class=\"num\">bits / spike</th><th class=\"num\">pieces</th><th class=\"num\">"
                + "blocks \u00d7 length</th></tr></thead>\n<tbody>\n");
            for (Verdict.Comparison c : verdict.comparisons()) {
                PairedComparison g = c.vsGlm();
                PairedComparison b = c.vsBaseline();
                sb.append("<tr><td>").append(esc(c.combination().label())).append("</td>");
                if (g == null) {
                    sb.append("<td class=\"num\">\u2013</td><td class=\"num\">\u2013</td><td class=\"num\">\u2013"
                        + "</td>");
                } else {
                    sb.append("<td class=\"num\">").append(signedNum(g.meanDifference(), 3)).append(" <span class=\"sd\">"
                        + "\u00b1 ").append(num(g.standardError(), 2)).append("</span></td><td class=\"num\">")
                        .append(signedNum(g.lower(), 3)).append(" to ").append(signedNum(g.upper(), 3))
                        .append("</td><td class=\"num\">").append(Math.round(100 * g.fractionABetter())).append(" %</td>");
                }
                sb.append("<td class=\"num\">").append(signedNum(b.meanDifference(), 3)).append(" <span class=\"sd\">"
                    + "\u00b1 ").append(num(b.standardError(), 2)).append("</span></td><td class=\"num\">")
                    .append(signedNum(b.lower(), 3)).append(" to ").append(signedNum(b.upper(), 3))
                    .append("</td><td class=\"num\">").append(signedNum(c.bitsPerSpike(), 4)).append("</td><td class=\"num\">")
                    .append(b.pieces()).append("</td><td class=\"num\">").append(b.blocks()).append(" \u00d7 ")
                    .append(b.blockLength()).append("</td></tr>\n");
            }
            sb.append("</tbody></table></div></details>\n");
        }
        sb.append("</div>\n");
    }

    private static String signedNum(double v, int decimals) {
        return (v > 0 ? "+" : "") + num(v, decimals);
    }

    private void card(String key, String valueHtml, String subHtml) {
        sb.append("<div class=\"card\"><div class=\"k\">").append(esc(key)).append("</div><div class=\"v\">")
            .append(valueHtml).append("</div><div class=\"s\">").append(subHtml).append("</div></div>\n");
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    // ---- recording

    private void recording(Provenance p) {
        Provenance.Recording rec = p.recording();
        sb.append("<section id=\"recording\">\n<h2>Recording</h2>\n<div class=\"row\">\n");
        keyValueTable(KeyValues.named(keyValues, KeyValues.RECORDING));
        List<String> units = rec == null || rec.units() == null ? List.of() : rec.units();
        List<Provenance.DroppedUnit> dropped = rec == null || rec.droppedUnits() == null ? List.of()
            : rec.droppedUnits();
        for (ChartPlan.Figure f : plan.figures("recording")) {
            figure(f);
        }
        sb.append("</div>\n");
        List<String> warnings = p.warnings();
        if (!warnings.isEmpty()) {
            sb.append("<div class=\"warn\" id=\"warnings\"><b>Warnings</b><ul>\n");
            warnings.forEach(w -> sb.append("<li>").append(esc(w)).append("</li>\n"));
            sb.append("</ul></div>\n");
        }
        if (!dropped.isEmpty()) {
            sb.append("<h3 id=\"dropped\">Dropped units</h3>\n<div class=\"wrap\">");
            openTable(Tables.DROPPED_UNITS, "");
            sb.append("\n<thead><tr><th>unit</th>")
                .append("<th>reason</th></tr></thead>\n<tbody>\n");
            dropped.forEach(d -> sb.append("<tr><td>").append(esc(d.unit())).append("</td><td>")
                .append(esc(d.reason())).append("</td></tr>\n"));
            sb.append("</tbody></table></div>\n");
        }
        double[] rates = ChartPlan.rates(data);
        if (rates != null) {
            sb.append("<details><summary>Firing rate of each unit (").append(rates.length).append(")</summary>\n")
                .append("<div class=\"wrap\">");
            openTable(Tables.UNIT_RATES, " class=\"sortable\" id=\"unit-rates\"");
            sb.append("\n<thead><tr><th class=\"num\">#")
                .append("</th><th>unit</th><th class=\"num\">rate (Hz)</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < rates.length; i++) {
                sb.append("<tr><td class=\"num\">").append(i).append("</td><td>")
                    .append(esc(i < units.size() ? units.get(i) : "?")).append("</td><td class=\"num\" data-v=\"")
                    .append(Html.sortKey(rates[i])).append("\">").append(num(rates[i], 3)).append("</td></tr>\n");
            }
            sb.append("</tbody></table></div>\n</details>\n");
        }
        sb.append("</section>\n");
    }

    /** A key-value table; its CSV is the same rows' text. */
    private void keyValueTable(KeyValues t) {
        openTable(t.file(), " class=\"kv\"");
        sb.append('\n');
        for (KeyValues.Row r : t.rows()) {
            sb.append("<tr><th>").append(esc(r.key())).append("</th><td>").append(r.html()).append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    /** Opens a table that names its CSV under tables/, which must exist (a page table without one is a bug). */
    private void openTable(String csv, String attributes) {
        if (!csvFiles.contains(csv)) {
            throw new IllegalStateException("the page's table " + csv + " has no CSV under " + ResultLayout.TABLES + "/");
        }
        sb.append("<table data-csv=\"").append(ResultLayout.TABLES).append('/').append(esc(csv)).append('"')
            .append(attributes).append('>');
    }

    // ---- results

    private void results() {
        sb.append("<section id=\"results\">\n<h2>Results</h2>\n");
        sb.append("<p class=\"intro\">Test log-likelihood: the log marginal likelihood of each held-out test piece ")
            .append("(importance sampling with Poisson hidden spikes), averaged over test pieces; ")
            .append("<i>bits / spike</i> is its gain over a homogeneous Poisson model of each unit. ")
            .append("A method combination is all settings but the seed; its numbers are the mean \u00b1 one sample ")
            .append("standard deviation over its seeds.</p>\n");
        for (ChartPlan.Figure f : plan.figures("results")) {
            figure(f);
        }
        if (agg.hiddenValues().isEmpty()) {
            sb.append("<p class=\"note\">Only the fully observed GLM was fitted: no comparison chart.</p>\n");
        }
        combinationTable();
        configurationTable();
        settings();
        sb.append("</section>\n");
    }

    /** Settings columns of the combination table: those not equal across all combinations. */
    private List<String> shownFields() {
        List<String> out = new ArrayList<>(List.of("distribution", "scheme", "hidden"));
        for (String f : agg.fields()) {
            if (!out.contains(f) && agg.combinations().stream().map(c -> c.settings().getOrDefault(f, "")).distinct()
                .count() > 1) {
                out.add(f);
            }
        }
        out.retainAll(agg.fields());
        return out;
    }

    private List<Metric> shownMetrics() {
        List<Metric> out = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (agg.combinations().stream().anyMatch(c -> c.stat(m).known())) {
                out.add(m);
            }
        }
        return out;
    }

    private void combinationTable() {
        List<String> fields = shownFields();
        List<Metric> metrics = shownMetrics();
        sb.append("<h3>Method combinations</h3>\n");
        List<String> constant = new ArrayList<>();
        for (String f : agg.fields()) {
            if (!fields.contains(f) && !agg.combinations().get(0).settings().getOrDefault(f, "").isEmpty()) {
                constant.add(esc(Aggregation.SHORT.getOrDefault(f, f)) + " <code>"
                    + esc(agg.combinations().get(0).settings().getOrDefault(f, "")) + "</code>");
            }
        }
        sb.append("<p class=\"hint\">Click a column header to sort. ");
        if (!constant.isEmpty()) {
            sb.append("Same in every combination: ").append(String.join(", ", constant)).append(". ");
        }
        sb.append("The best combination (highest mean test LL) is highlighted.</p>\n");
        sb.append("<div class=\"wrap\">");
        openTable(Tables.COMBINATIONS, " class=\"sortable\" id=\"combinations\"");
        sb.append("\n<thead><tr><th class=\"num\">rank</th>");
        for (String f : fields) {
            sb.append("<th").append(numeric(f) ? " class=\"num\"" : "").append(">")
                .append(esc(Aggregation.SHORT.getOrDefault(f, f))).append("</th>");
        }
        for (Metric m : metrics) {
            sb.append("<th class=\"num\" title=\"").append(esc(m.description)).append("\"")
                .append(m == Metric.TEST_LL ? " aria-sort=\"descending\"" : "").append(">").append(esc(m.label))
                .append("</th>");
        }
        sb.append("<th class=\"num\">seeds</th><th>best seed</th></tr></thead>\n<tbody>\n");
        Combination best = agg.best();
        int rank = 1;
        for (Combination c : agg.combinations()) {
            sb.append(c == best ? "<tr class=\"best\">" : "<tr>").append("<td class=\"num\">").append(rank++)
                .append(c == best ? " <span class=\"badge\">best</span>" : "").append("</td>");
            for (String f : fields) {
                String v = c.settings().getOrDefault(f, "");
                if (f.equals("scheme")) {
                    v = Aggregation.scheme(v);
                }
                sb.append("<td").append(numeric(f) ? " class=\"num\"" : "").append(">").append(esc(v)).append("</td>");
            }
            for (Metric m : metrics) {
                Stats s = c.stat(m);
                sb.append("<td class=\"num\" data-v=\"").append(Html.sortKey(s.mean())).append("\">")
                    .append(num(s.mean(), m.decimals));
                if (Double.isFinite(s.sd())) {
                    sb.append(" <span class=\"sd\">\u00b1 ").append(num(s.sd(), m.decimals)).append("</span>");
                }
                sb.append("</td>");
            }
            sb.append("<td class=\"num\">").append(c.seeds()).append("</td><td><code>").append(esc(c.best().id()))
                .append("</code></td></tr>\n");
        }
        sb.append("</tbody></table></div>\n");
    }

    /** A setting whose values are all numbers (or not applicable): right-aligned like the scores. */
    private boolean numeric(String field) {
        boolean any = false;
        for (ConfigResult c : data.configs()) {
            String v = c.settings().getOrDefault(field, "");
            if (!v.isEmpty()) {
                if (ResultCsv.parseNumber(v) == null) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private void configurationTable() {
        List<String> fields = shownFields();
        ConfigResult bestConfig = agg.bestConfig();
        sb.append("<details id=\"all-configurations\"><summary>All ").append(data.configs().size())
            .append(" configurations</summary>\n<div class=\"wrap\">");
        openTable(Tables.CONFIGURATIONS, " class=\"sortable\" id=\"configurations\"");
        sb.append("\n<thead><tr><th class=\"num\">rank</th><th>configuration</th>");
        for (String f : fields) {
            sb.append("<th").append(numeric(f) ? " class=\"num\"" : "").append(">")
                .append(esc(Aggregation.SHORT.getOrDefault(f, f))).append("</th>");
        }
        sb.append("<th class=\"num\">seed</th><th class=\"num\" aria-sort=\"descending\">test LL / piece</th>")
            .append("<th class=\"num\" title=\"standard deviation of the log-likelihood over test pieces\">sd over pieces</th>")
            .append("<th class=\"num\">test LL / bin</th><th class=\"num\">bits / spike</th><th class=\"num\">train ELBO</th>");
        boolean truth = data.configs().stream().anyMatch(c -> Double.isFinite(c.weightError()));
        if (truth) {
            sb.append("<th class=\"num\">W error</th><th class=\"num\">b error</th>");
        }
        sb.append("<th class=\"num\">train s</th><th class=\"num\">eval s</th></tr></thead>\n<tbody>\n");
        int rank = 1;
        for (var e : Tables.sortedConfigs(agg)) {
            ConfigResult c = e.getKey();
            sb.append(c == bestConfig ? "<tr class=\"best\">" : "<tr>").append("<td class=\"num\">").append(rank++)
                .append("</td><td><code>").append(esc(c.id())).append("</code></td>");
            for (String f : fields) {
                String v = c.settings().getOrDefault(f, "");
                sb.append("<td").append(numeric(f) ? " class=\"num\"" : "").append(">")
                    .append(esc(f.equals("scheme") ? Aggregation.scheme(v) : v)).append("</td>");
            }
            sb.append("<td class=\"num\">").append(c.seed()).append("</td>");
            cell(c.testLl(), 3);
            cell(c.testLlPieceSd(), 3);
            cell(c.testLlPerBin(), 5);
            cell(c.bitsPerSpike(), 4);
            cell(c.trainElbo(), 2);
            if (truth) {
                cell(c.weightError(), 3);
                cell(c.biasError(), 3);
            }
            cell(c.trainSeconds(), 2);
            cell(c.evalSeconds(), 2);
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div>\n</details>\n");
    }

    private void cell(double v, int decimals) {
        sb.append("<td class=\"num\" data-v=\"").append(Html.sortKey(v)).append("\">").append(num(v, decimals))
            .append("</td>");
    }

    private void settings() {
        KeyValues t = KeyValues.named(keyValues, KeyValues.SETTINGS);
        if (t.rows().isEmpty()) {
            return;
        }
        sb.append("<details id=\"training-settings\"><summary>Training and evaluation settings</summary>\n");
        keyValueTable(t);
        sb.append("</details>\n");
    }

    // ---- weights and curves

    /** How well each unit is predicted: against its constant rate and against the GLM, with intervals. */
    private void units() {
        List<RecordingSections.UnitFit> fits = sections.inOrder();
        sb.append("<section id=\"units\">\n<h2>Per unit</h2>\n");
        if (fits.isEmpty()) {
            sb.append("<p class=\"note\">No per-unit scores in this result (written before they were recorded).</p>\n"
                + "</section>\n");
            return;
        }
        for (ChartPlan.Figure f : plan.figures("units")) {
            figure(f);
        }
        List<String> fields = sections.labelFields();
        sb.append("<details><summary>Every unit's scores (").append(fits.size()).append(")</summary>\n<p class=\"hint\">"
            + "Mean test log-likelihood per piece of the unit under ").append(esc(sections.shownCombination().label()))
            .append(" (\u201cmodel\u201d), the fully observed GLM and the unit's constant rate; differences with their "
            + "95 % intervals from block means; rates in spikes per bin on the training and the test pieces.</p>"
            + "<div class=\"wrap\">");
        openTable(RecordingSections.UNIT_FIT, " class=\"sortable\" id=\"unit-fit\"");
        sb.append("\n<thead><tr><th>unit</th>");
        fields.forEach(f -> sb.append("<th>").append(esc(f.replace('_', ' '))).append("</th>"));
        sb.append("<th class=\"num\">train rate</th><th class=\"num\">test rate</th><th class=\"num\">model</th>"
            + "<th class=\"num\">GLM</th><th class=\"num\">constant rate</th><th class=\"num\">model \u2212 GLM</th>"
            + "<th class=\"num\">model \u2212 constant</th></tr></thead>\n<tbody>\n");
        for (RecordingSections.UnitFit u : fits) {
            sb.append("<tr><td>").append(esc(u.unit())).append("</td>");
            fields.forEach(f -> sb.append("<td>").append(esc(u.labels().getOrDefault(f, ""))).append("</td>"));
            Verdict.UnitComparison s = u.scores();
            sb.append("<td class=\"num\">").append(num(u.trainRate(), 4)).append("</td><td class=\"num\">")
                .append(num(u.testRate(), 4)).append("</td><td class=\"num\">").append(num(s.combination(), 2))
                .append("</td><td class=\"num\">").append(num(s.glm(), 2)).append("</td><td class=\"num\">")
                .append(num(s.baseline(), 2)).append("</td>");
            for (PairedComparison p : new PairedComparison[] {s.vsGlm(), s.vsBaseline()}) {
                if (p == null) {
                    sb.append("<td class=\"num\">\u2013</td>");
                } else {
                    sb.append("<td class=\"num\" data-v=\"").append(Html.sortKey(p.meanDifference())).append("\">")
                        .append(signedNum(p.meanDifference(), 3)).append(" <span class=\"sd\">[")
                        .append(signedNum(p.lower(), 3)).append(", ").append(signedNum(p.upper(), 3))
                        .append("]</span></td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div></details>\n</section>\n");
    }

    /** What the shown model infers over time, under the raster, and predicted against observed rates. */
    private void activity() {
        List<ChartPlan.Figure> figures = plan.figures("activity");
        sb.append("<section id=\"activity\">\n<h2>Inferred activity on the test window</h2>\n");
        if (figures.isEmpty()) {
            sb.append("<p class=\"note\">No inferred activity in this result.</p>\n");
        }
        for (ChartPlan.Figure f : figures) {
            figure(f);
        }
        sb.append("</section>\n");
    }

    private void weights() {
        sb.append("<section id=\"weights\">\n<h2>Learned weights</h2>\n");
        List<ChartPlan.Figure> main = plan.figures("weights");
        if (main.isEmpty()) {
            sb.append("<p class=\"note\">No weight maps (no configuration with a finite test log-likelihood).</p>\n");
        }
        for (ChartPlan.Figure f : main) {
            figure(f);
        }
        List<ChartPlan.Figure> gallery = plan.figures("weights-gallery");
        if (!gallery.isEmpty()) {
            sb.append("<h3>Each method combination</h3>\n");
            for (ChartPlan.Figure f : gallery) {
                sb.append("<figure id=\"").append(esc(f.id())).append("\"><div class=\"gallery\">");
                for (String file : f.files()) {
                    img(file);
                }
                sb.append("</div><figcaption>").append(esc(f.caption()));
                svgLinks(f.files());
                sb.append("</figcaption></figure>\n");
            }
        }
        for (String n : plan.notes()) {
            sb.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }
        sb.append("</section>\n");
    }

    private void curves() {
        sb.append("<section id=\"curves\">\n<h2>Learning curves</h2>\n");
        List<ChartPlan.Figure> figs = plan.figures("curves");
        if (figs.isEmpty()) {
            sb.append("<p class=\"note\">No learning curves.</p>\n");
        }
        for (ChartPlan.Figure f : figs) {
            figure(f);
        }
        sb.append("</section>\n");
    }

    private void figure(ChartPlan.Figure f) {
        sb.append("<figure id=\"").append(esc(f.id())).append("\"><div class=\"row\">");
        for (String file : f.files()) {
            img(file);
        }
        sb.append("</div><figcaption>").append(esc(f.caption()));
        svgLinks(f.files());
        sb.append("</figcaption></figure>\n");
    }

    /** At most this many SVG files are named one by one in a caption; a gallery says where they are. */
    private static final int MAX_SVG_LINKS = 6;

    /** The vector versions of a figure's charts, under charts/ next to the page. */
    private void svgLinks(List<String> files) {
        sb.append(" <span class=\"svg\">");
        if (files.size() <= MAX_SVG_LINKS) {
            sb.append("SVG: ");
            for (int i = 0; i < files.size(); i++) {
                String svg = Charts.svgName(files.get(i));
                sb.append(i == 0 ? "" : ", ").append("<a href=\"charts/").append(esc(svg)).append("\">")
                    .append(esc(svg)).append("</a>");
            }
        } else {
            sb.append("SVG: click a chart, or charts/*.svg");
        }
        sb.append("</span>");
    }

    /** The chart as an embedded PNG, a link to its SVG file around it. */
    private void img(String file) {
        Charts.Image im = images.get(file);
        if (im == null) {
            throw new IllegalStateException("chart " + file + " was planned but not drawn");
        }
        sb.append("<a class=\"chart\" href=\"charts/").append(esc(im.svgFile())).append("\">");
        sb.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(im.png()))
            .append("\" width=\"").append(im.width()).append("\" height=\"").append(im.height()).append("\" alt=\"")
            .append(esc(im.alt())).append("\" title=\"charts/").append(esc(file)).append(" (click for the SVG)\">");
        sb.append("</a>");
    }

    // ---- footer

    private void footer() {
        sb.append("<footer id=\"provenance\">\n<h2>Provenance</h2>\n");
        keyValueTable(KeyValues.named(keyValues, KeyValues.PROVENANCE));
        sb.append("</footer>\n");
    }

    // ---- style and script

    static final String CSS = """
        :root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#f6f8fa;--accent:#0969da;--best:#dafbe1;--warn:#fff8c5}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
        header{padding:18px 32px 10px;border-bottom:1px solid var(--line);background:var(--soft)}
        h1{font-size:22px;margin:0 0 4px}
        h2{font-size:18px;margin:34px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:15px;margin:22px 0 6px}
        .meta{color:var(--muted)}
        nav{margin-top:8px}
        nav a{margin-right:16px;color:var(--accent);text-decoration:none;font-weight:600}
        nav a:hover{text-decoration:underline}
        main{max-width:1360px;padding:0 32px 24px}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:18px}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;flex:1 1 210px;min-width:210px}
        .card .k{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.05em}
        .card .v{font-size:17px;font-weight:600;margin:2px 0}
        .card .s{color:var(--muted);font-size:12.5px}
        .warncard{background:var(--warn)}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}
        th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap;vertical-align:top}
        thead th{background:var(--soft);font-weight:600;position:sticky;top:0}
        .num{text-align:right}
        table.sortable thead th{cursor:pointer;user-select:none}
        table.sortable thead th::after{content:" \\2195";color:#b0b8c0;font-size:11px}
        table.sortable thead th[aria-sort=ascending]::after{content:" \\25B2";color:var(--ink)}
        table.sortable thead th[aria-sort=descending]::after{content:" \\25BC";color:var(--ink)}
        tbody tr:hover td{background:#f3f6f9}
        tr.best td{background:var(--best)}
        tr.best td:first-child{box-shadow:inset 3px 0 #1a7f37}
        .badge{background:#1a7f37;color:#fff;border-radius:8px;padding:0 6px;font-size:11px;font-weight:600}
        .sd{color:var(--muted);font-size:12px}
        table.kv th{background:none;color:var(--muted);font-weight:normal;padding-right:22px;position:static}
        table.kv td{white-space:normal;max-width:640px}
        .wrap{overflow-x:auto;max-width:100%}
        .row{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
        figure{margin:14px 0 22px}
        figure img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
        a.chart{display:block;max-width:100%}
        .svg{font-size:12px}
        .svg a{color:var(--accent)}
        figcaption{color:var(--muted);font-size:13px;max-width:920px;margin-top:6px}
        .gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:12px;align-items:start}
        .warn{background:var(--warn);border:1px solid #e3cf6e;border-radius:6px;padding:8px 14px;margin:12px 0}
        .warn ul{margin:4px 0 0;padding-left:20px}
        .headline{font-size:17px;font-weight:600;margin:18px 0 4px;max-width:1000px}
        .note{color:var(--muted);font-style:italic}
        .hint,.intro{color:var(--muted);max-width:920px}
        details{margin:12px 0}
        summary{cursor:pointer;color:var(--accent);font-weight:600}
        footer{margin-top:36px;border-top:1px solid var(--line);padding:6px 32px 20px;color:var(--muted);font-size:12.5px;background:var(--soft)}
        footer h2{border:none;font-size:15px;margin:10px 0 6px;color:var(--ink)}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:rgba(175,184,193,.2);padding:1px 4px;border-radius:4px}
        """;

    /** Click (or Enter) on a header sorts its table; numbers by data-v, empty values last. */
    static final String JS = """
        (function () {
          function key(cell) {
            var v = cell.getAttribute('data-v');
            return v === null ? cell.textContent.trim() : v;
          }
          function sort(table, col, dir) {
            var body = table.tBodies[0];
            var numeric = table.tHead.rows[0].cells[col].classList.contains('num');
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = key(a.cells[col]), y = key(b.cells[col]);
              if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
              var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, undefined, {numeric: true});
              return dir === 'ascending' ? c : -c;
            });
            rows.forEach(function (r) { body.appendChild(r); });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
              th.setAttribute('aria-sort', i === col ? dir : 'none');
            });
          }
          document.querySelectorAll('table.sortable').forEach(function (table) {
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
              th.tabIndex = 0;
              th.title = (th.title ? th.title + ' \\u2013 ' : '') + 'click to sort';
              function go() {
                var cur = th.getAttribute('aria-sort');
                var dir = cur === 'descending' ? 'ascending' : cur === 'ascending' ? 'descending'
                  : (th.classList.contains('num') ? 'descending' : 'ascending');
                sort(table, i, dir);
              }
              th.addEventListener('click', go);
              th.addEventListener('keydown', function (e) {
                if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
              });
            });
          });
        })();
        """;
}
