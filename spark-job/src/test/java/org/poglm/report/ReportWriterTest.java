package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.result.ResultCsv;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportWriterTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static FileSystem fs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void localFs() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
    }

    static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path(p.toUri());
    }

    static ReportWriter.Written report(Path dir) {
        return ReportWriter.write(fs, hadoop(dir), hadoop(dir));
    }

    static String html(Path dir) throws IOException {
        return Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    }

    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
        }
    }

    /** The PNG charts under charts/ (each with its SVG next to it: {@link #assertEveryPngHasItsSvg}). */
    static List<String> pngs(Path chartsDir) throws IOException {
        return files(chartsDir).stream().filter(n -> n.endsWith(".png")).toList();
    }

    /**
     * Every PNG under charts/ has its SVG (same base name), nothing else is there, every SVG parses
     * as XML into an svg element of the PNG's size, and the page links it.
     */
    static void assertEveryPngHasItsSvg(Path dir) throws Exception {
        Path charts = dir.resolve("charts");
        List<String> all = files(charts);
        List<String> png = pngs(charts);
        List<String> svg = all.stream().filter(n -> n.endsWith(".svg")).toList();
        assertFalse(png.isEmpty(), "charts drawn");
        assertEquals(png.stream().map(n -> n.substring(0, n.length() - 4) + ".svg").toList(), svg,
            "one SVG per PNG, same base name");
        assertEquals(all.size(), png.size() + svg.size(), "nothing but PNG and SVG files: " + all);
        String html = html(dir);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // The SVGs name the SVG 1.1 DTD: it must not be fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        for (String s : svg) {
            Document doc = factory.newDocumentBuilder().parse(charts.resolve(s).toFile());
            Element root = doc.getDocumentElement();
            assertEquals("svg", root.getLocalName(), s);
            assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI(), s);
            BufferedImage image = ImageIO.read(charts.resolve(s.replaceAll("\\.svg$", ".png")).toFile());
            assertEquals(image.getWidth() + "px", root.getAttribute("width"), s + ": the PNG's width");
            assertEquals(image.getHeight() + "px", root.getAttribute("height"), s + ": the PNG's height");
            assertTrue(html.contains("<a class=\"chart\" href=\"charts/" + s + "\">"), s + " linked from its chart");
        }
    }

    /** The embedded images of the page, decoded. */
    static List<byte[]> embedded(String html) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        while (m.find()) {
            out.add(Base64.getDecoder().decode(m.group(1)));
        }
        return out;
    }

    @Test
    void aFullResultGetsEverySectionChartAndTable() throws Exception {
        ResultFixture f = new ResultFixture();
        f.hidden = new ArrayList<>(List.of(1, 2));
        f.dropped.add(Map.of("unit", "n9", "reason", "no spikes"));
        Path dir = f.write(tmp.resolve("result"));
        ReportWriter.Written w = report(dir);

        String html = html(dir);
        for (String id : List.of("overview", "recording", "results", "weights", "curves", "provenance",
            "combinations", "configurations", "fig-test-ll", "fig-ll-vs-h", "fig-errors", "fig-weights-best",
            "fig-weights-scatter", "fig-weights-all", "fig-curves", "fig-rates", "warnings", "dropped", "unit-rates",
            "verdict", "units", "fig-units", "unit-fit", "activity", "fig-activity", "fig-rates-window", "fig-filters")) {
            assertTrue(html.contains("id=\"" + id + "\""), "section or figure " + id);
        }
        // Every chart is a PNG file under charts/ and embedded once in the page.
        List<String> charts = pngs(dir.resolve("charts"));
        assertEquals(w.charts(), charts.size());
        assertTrue(charts.containsAll(List.of("test-ll-h1.png", "test-ll-h2.png", "test-ll-vs-h.png",
            "weights-best.png", "weights-truth.png", "weights-learned-vs-true.png", "firing-rates.png",
            "curves-h1-f.png", "curves-h2-fb.png", "weight-error-h1.png", "bias-error-h2.png")), charts.toString());
        List<byte[]> images = embedded(html);
        assertEquals(charts.size(), images.size());
        for (String c : charts) {
            byte[] png = Files.readAllBytes(dir.resolve("charts").resolve(c));
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8), c + " is a PNG");
            assertTrue(images.stream().anyMatch(i -> Arrays.equals(i, png)), c + " is embedded in the page");
        }
        assertEveryPngHasItsSvg(dir);
        assertEquals(List.of("combinations.csv", "configurations.csv", "dropped_units.csv", "provenance.csv",
            "recording.csv", "settings.csv", "unit_fit.csv", "unit_rates.csv", "verdict.csv"),
            files(dir.resolve("tables")));
        assertEveryTableHasItsCsv(dir);
        List<String> recording = Files.readAllLines(dir.resolve("tables/recording.csv"));
        assertEquals("key,value", recording.get(0));
        assertTrue(recording.contains("units,\"3: n0, n1, n2\""), recording.toString());
        assertTrue(recording.contains("duration,1 min 00 s (60.1 s)"), recording.toString());
        assertTrue(recording.contains("bin width,10 ms"), recording.toString());
        assertTrue(recording.contains("first bin starts,0.000 s"), recording.toString());
        assertTrue(recording.contains("input,/data/session <1>.nwb (nwb)"), "plain text, no markup: " + recording);
        List<String> settings = Files.readAllLines(dir.resolve("tables/settings.csv"));
        assertTrue(settings.containsAll(List.of("epochs,6", "steps per epoch,4", "history basis,\"0.31, 0.24, 0.19, 0.15, "
            + "0.11\"", "seeds,\"0, 1\"")), settings.toString());
        List<String> provenance = Files.readAllLines(dir.resolve("tables/provenance.csv"));
        assertTrue(provenance.containsAll(List.of("run id,20260101120000-fixture", "started,2026-01-01 12:00:00 UTC",
            "Spark,\"4.2.0, master local[2], application local-1, parallelism 2\"",
            "command,fit preset=synthetic")), provenance.toString());

        // 2 H x 2 distributions x 2 schemes + the GLM; 2 seeds each.
        List<String> combos = Files.readAllLines(dir.resolve("tables/combinations.csv"));
        assertEquals(1 + 9, combos.size());
        assertTrue(combos.get(0).startsWith("rank,combination,distribution,scheme,hidden,tau,"), combos.get(0));
        assertTrue(combos.get(1).startsWith("1,\"exponential \u00d7 FB, H=1\",exponential,fb,1,"), combos.get(1));
        assertTrue(combos.get(1).contains(",2,") && combos.get(1).endsWith(",fb-exponential-h1-s1"), combos.get(1));
        assertEquals(1 + 17, Files.readAllLines(dir.resolve("tables/configurations.csv")).size());
        assertEquals(List.of("unit,rate_hz", "n0,0.5", "n1,3.5", "n2,6.5"),
            Files.readAllLines(dir.resolve("tables/unit_rates.csv")));

        // The best combination is highlighted, the table starts sorted by test LL.
        Matcher best = Pattern.compile("<tr class=\"best\"><td class=\"num\">1 <span class=\"badge\">best</span></td>"
            + "<td>exponential</td><td>FB</td><td class=\"num\">1</td>").matcher(html);
        assertTrue(best.find(), "best combination row");
        assertTrue(html.contains("aria-sort=\"descending\">test LL / piece</th>"));
        assertTrue(html.contains("\u2212198.295 <span class=\"sd\">\u00b1 0.007</span>"), "mean \u00b1 sd over seeds");
        // Nothing is left behind but the three entries.
        assertEquals(List.of("_SUCCESS", "charts", "configs", "pieces.csv", "provenance.json", "report.html",
            "summary.csv", "tables", "truth.json", "unit_baseline.csv", "units.csv", "window.csv"), files(dir));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".report-")), "temporary directory removed");
        }
    }

    @Test
    void nineHiddenNeuronCountsStillGetTheBarChartAtEachMethodsBestH() throws Exception {
        // Like preset pvc5: H = 1..9. The fixture's test LL falls with H, so H = 1 is best, except
        // for poisson x FB, made best at H = 7.
        ResultFixture f = new ResultFixture();
        f.hidden = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        f.testLl.put("fb-poisson-h7-s0", -198.0);
        f.testLl.put("fb-poisson-h7-s1", -198.2);
        Path dir = f.write(tmp.resolve("nine-h"));
        ReportWriter.Written w = report(dir);

        List<String> charts = files(dir.resolve("charts"));
        assertTrue(charts.contains("test-ll-best-h.png"), "the bar chart: " + charts);
        assertTrue(charts.contains("test-ll-vs-h.png"), "and the line chart: " + charts);
        assertFalse(charts.contains("test-ll-h1.png"), "not one chart per H: " + charts);
        String html = html(dir);
        assertTrue(html.contains("id=\"fig-test-ll\"") && html.contains("id=\"fig-ll-vs-h\""));
        assertTrue(html.indexOf("id=\"fig-test-ll\"") < html.indexOf("id=\"fig-ll-vs-h\""), "bars first");
        assertTrue(html.contains("alt=\"Test log-likelihood at each method&#39;s best H"), "the title says what it shows");
        // The caption names every bar's H and how H was chosen.
        for (String bar : List.of("exponential \u00d7 F at H=1", "exponential \u00d7 FB at H=1", "poisson \u00d7 F at H=1",
            "poisson \u00d7 FB at H=7")) {
            assertTrue(html.contains(bar), bar);
        }
        assertTrue(html.contains("among the 9 values of H in the sweep (1, 2, 3, 4, 5, 6, 7, 8, 9)"));
        assertTrue(html.contains("whiskers: \u00b1 one standard deviation (sd) over seeds at that H"));
        assertEquals(w.charts(), embedded(html).size());
        assertEveryTableHasItsCsv(dir);
        assertEveryPngHasItsSvg(dir);
    }

    @Test
    void learningCurvesShowEveryEpochAndTheValidationCurveWithTheKeptEpoch() throws Exception {
        ResultFixture f = new ResultFixture();
        f.validation = true;
        f.epochs = 12;
        Path dir = f.write(tmp.resolve("early-stopping"));
        report(dir);
        String html = html(dir);
        Matcher caption = Pattern.compile("<figure id=\"fig-curves\">.*?<figcaption>(.*?)</figcaption>",
            Pattern.DOTALL).matcher(html);
        assertTrue(caption.find(), "the learning-curve figure");
        String text = caption.group(1);
        assertTrue(text.startsWith("Training ELBO per piece after each epoch, from the first"), text);
        assertTrue(text.contains("dashed, in the same colour: the ELBO per piece of the validation pieces"), text);
        assertTrue(text.contains("\u25c6 at the epoch whose parameters were kept"), text);
        // The fixture's first epoch lies 30 nats below the tenth: the axis is compressed, not cut.
        assertTrue(text.contains("logarithmic below it (an asinh scale), so that every epoch is in view"), text);
        assertTrue(html.contains("alt=\"Learning curves, H = 2, scheme FB  (dashed: validation)\""), "the title says so");
        assertTrue(pngs(dir.resolve("charts")).containsAll(List.of("curves-h2-f.png", "curves-h2-fb.png")));
        assertEveryPngHasItsSvg(dir);

        // Without validation the caption does not mention it.
        Path plain = new ResultFixture().write(tmp.resolve("fixed-epochs"));
        report(plain);
        String other = html(plain);
        assertTrue(other.contains("Training ELBO per piece after each epoch, from the first"));
        assertFalse(other.contains("validation pieces"));
        assertFalse(other.contains("(dashed: validation)"));
    }

    /**
     * Every table of the page names its CSV under tables/, every CSV there belongs to a table of
     * the page, and both have the same rows (for key-value tables: the same keys in the same order).
     */
    static void assertEveryTableHasItsCsv(Path dir) throws IOException {
        String html = html(dir);
        Matcher table = Pattern.compile("<table([^>]*)>(.*?)</table>", Pattern.DOTALL).matcher(html);
        List<String> named = new ArrayList<>();
        while (table.find()) {
            Matcher csv = Pattern.compile("data-csv=\"tables/([^\"]+)\"").matcher(table.group(1));
            assertTrue(csv.find(), "a table without its CSV: <table" + table.group(1) + ">");
            String file = csv.group(1);
            named.add(file);
            List<List<String>> rows = ResultCsv.parse(Files.readString(dir.resolve("tables").resolve(file)));
            String body = table.group(2).replaceAll("(?s)<thead>.*?</thead>", "");
            int pageRows = body.split("<tr[ >]", -1).length - 1;
            assertEquals(rows.size() - 1, pageRows, file + ": rows on the page and in the CSV");
            if (table.group(1).contains("class=\"kv\"")) {
                List<String> keys = new ArrayList<>();
                Matcher th = Pattern.compile("<tr><th>(.*?)</th>").matcher(body);
                while (th.find()) {
                    keys.add(th.group(1));
                }
                assertEquals(rows.subList(1, rows.size()).stream().map(r -> Html.esc(r.get(0))).toList(), keys, file);
            }
        }
        assertEquals(files(dir.resolve("tables")), named.stream().sorted().toList(), "every CSV is a table of the page");
    }

    @Test
    void unitNamesAndInputsAreEscaped() throws IOException {
        ResultFixture f = new ResultFixture();
        f.units = new ArrayList<>(List.of("<script>alert(1)</script>", "a&b", "say \"hi\""));
        f.warnings = new ArrayList<>(List.of("unit <b>7</b> & 'friends' dropped"));
        f.dropped.add(Map.of("unit", "<img src=x onerror=alert(2)>", "reason", "too few spikes, < 10"));
        Path dir = f.write(tmp.resolve("escaping"));
        report(dir);
        String html = html(dir);
        assertFalse(html.contains("<script>alert"), "no injected script");
        assertFalse(html.contains("<img src=x"), "no injected element");
        assertFalse(html.contains("<b>7</b>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("a&amp;b"));
        assertTrue(html.contains("say &quot;hi&quot;"));
        assertTrue(html.contains("unit &lt;b&gt;7&lt;/b&gt; &amp; &#39;friends&#39; dropped"));
        assertTrue(html.contains("/data/session &lt;1&gt;.nwb"));
        assertEquals(2, html.split("<script>", -1).length, "exactly one script element: the report's own");
        // And the CSV quotes what needs quoting.
        List<String> rates = Files.readAllLines(dir.resolve("tables/unit_rates.csv"));
        assertEquals("\"say \"\"hi\"\"\",6.5", rates.get(3));
        List<String> dropped = Files.readAllLines(dir.resolve("tables/dropped_units.csv"));
        assertEquals("<img src=x onerror=alert(2)>,\"too few spikes, < 10\"", dropped.get(1));
    }

    @Test
    void optionalInputsMayBeMissing() throws Exception {
        // No truth, no rates (the synthetic demo's provenance), one seed, H = 0 only: the GLM alone.
        ResultFixture f = new ResultFixture();
        f.truth = false;
        f.rates = false;
        f.hidden = new ArrayList<>();
        f.seeds = new ArrayList<>(List.of(0L));
        f.warnings = new ArrayList<>();
        f.unitFiles = false;        // a result written before the per-unit files and the window existed
        Path dir = f.write(tmp.resolve("glm-only"));
        ReportWriter.Written w = report(dir);
        String html = html(dir);
        assertEquals(List.of("coupling-filters.png", "curves-fully-observed-glm.png", "weights-best.png"),
            pngs(dir.resolve("charts")));
        assertEquals(3, w.charts());
        assertEquals(List.of("combinations.csv", "configurations.csv", "provenance.csv", "recording.csv",
            "settings.csv", "verdict.csv"), files(dir.resolve("tables")));
        assertEveryTableHasItsCsv(dir);
        assertTrue(html.contains("Only the fully observed GLM was fitted"));
        assertFalse(html.contains("id=\"fig-rates\""));
        assertFalse(html.contains("id=\"fig-weights-scatter\""));
        assertFalse(html.contains("id=\"warnings\""));
        assertFalse(html.contains("W error"), "no error columns without a truth");
        assertEquals(3, embedded(html).size());

        // One POGLM configuration, nothing else.
        ResultFixture one = new ResultFixture();
        one.glm = false;
        one.truth = false;
        one.distributions = new ArrayList<>(List.of("eat-cubic"));
        one.schemes = new ArrayList<>(List.of("fs"));
        one.hidden = new ArrayList<>(List.of(3));
        one.seeds = new ArrayList<>(List.of(4L));
        Path d1 = one.write(tmp.resolve("one"));
        report(d1);
        assertEquals(List.of("curves-h3-fs.png", "firing-rates.png", "test-ll-h3.png", "weights-best.png"),
            pngs(d1.resolve("charts")));
        assertTrue(html(d1).contains("eat-cubic \u00d7 FS, H=3"));
        assertEveryPngHasItsSvg(dir);
        assertEveryPngHasItsSvg(d1);
    }

    @Test
    void aMissingOrMalformedRequiredFileIsNamed() throws IOException {
        Path dir = new ResultFixture().write(tmp.resolve("broken"));
        Files.delete(dir.resolve("configs/fb-exponential-h2-s1/params.json"));
        ReportException e = assertThrows(ReportException.class, () -> report(dir));
        assertTrue(e.getMessage().contains("configs/fb-exponential-h2-s1/params.json: missing"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("report.html")), "nothing written on failure");

        Files.delete(dir.resolve("summary.csv"));
        e = assertThrows(ReportException.class, () -> report(dir));
        assertTrue(e.getMessage().contains("summary.csv: missing"), e.getMessage());

        Files.writeString(dir.resolve("summary.csv"), "config_id,distribution,seed\nx,glm,0\n");
        e = assertThrows(ReportException.class, () -> report(dir));
        assertTrue(e.getMessage().contains("no column 'scheme'"), e.getMessage());

        Files.writeString(dir.resolve("summary.csv"), ResultFixture.HEADER + "\nglm,glm,glm,0,zero,,sigmoid,1,0.05,,"
            + "none,-1,1,-0.01,0,-1,,,1,1\n");
        e = assertThrows(ReportException.class, () -> report(dir));
        assertTrue(e.getMessage().contains("summary.csv line 2: seed 'zero', expected a number"), e.getMessage());

        Path noProv = new ResultFixture().write(tmp.resolve("no-provenance"));
        Files.delete(noProv.resolve("provenance.json"));
        e = assertThrows(ReportException.class, () -> report(noProv));
        assertTrue(e.getMessage().contains("provenance.json: missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");

        assertThrows(ReportException.class, () -> report(tmp.resolve("does-not-exist")));
    }

    @Test
    void rewritingReplacesOnlyTheReportEntries() throws IOException {
        Path dir = new ResultFixture().write(tmp.resolve("rewrite"));
        Files.createDirectories(dir.resolve("charts"));
        Files.writeString(dir.resolve("charts/stale.png"), "old");
        Files.writeString(dir.resolve("report.html"), "old report");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        byte[] summary = Files.readAllBytes(dir.resolve("summary.csv"));
        report(dir);
        assertFalse(files(dir.resolve("charts")).contains("stale.png"), "charts/ replaced as a whole");
        assertTrue(html(dir).startsWith("<!DOCTYPE html>"));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
        assertArrayEquals(summary, Files.readAllBytes(dir.resolve("summary.csv")));

        // Into another directory: the result is left as it was.
        Path other = tmp.resolve("elsewhere/report");
        ReportWriter.write(fs, hadoop(dir), hadoop(other));
        assertEquals(List.of("charts", "report.html", "tables"), files(other));
    }

    /** Speed is measured in benchmarks, not here: on a shared 2-core machine a time limit fails at random. */
    @Test
    void threeHundredConfigurationsGetEveryCombinationMap() throws Exception {
        ResultFixture f = new ResultFixture();
        f.units = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            f.units.add("unit" + i);
        }
        f.distributions = new ArrayList<>(List.of("exponential", "poisson", "rayleigh", "half-normal", "eat-cubic"));
        f.schemes = new ArrayList<>(List.of("f", "fs", "fb"));
        f.hidden = new ArrayList<>(List.of(1, 2));
        f.seeds = new ArrayList<>(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
        f.epochs = 20;
        Path dir = f.write(tmp.resolve("large"));
        assertEquals(301, f.written.size());
        ReportWriter.Written w = report(dir);
        System.out.printf("ReportWriterTest: 301 configurations, %d charts, report in %.2f s%n", w.charts(), w.seconds());
        // 31 combinations: all get a heat map (the cap is 40), plus the best, truth and scatter.
        assertEquals(31 + 3, pngs(dir.resolve("charts")).stream().filter(n -> n.startsWith("weights-")).count());
        assertEveryPngHasItsSvg(dir);
    }
}
