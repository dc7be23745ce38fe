package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The report as a reader sees it: generated from a fixture result, opened in headless Chromium
 * (installed by scripts/install-chromium.sh when missing). Fails on any JavaScript error, console
 * or log error, failed load, or image that did not load; checks the sections and the sorting. A
 * second test feeds the same check a deliberately broken page, to show that it can fail.
 */
class ReportBrowserIT {
    private static final Duration BUDGET = Duration.ofSeconds(60);

    /**
     * What the page looks like from inside: its sections, tables and images, and which images did
     * not load (complete and a natural width > 0 is loaded).
     */
    static final String INSPECT = """
        (() => {
          const imgs = Array.from(document.images);
          return {
            title: document.title,
            ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
            images: imgs.length,
            broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 60)),
            combinationRows: document.querySelectorAll('#combinations tbody tr').length,
            bestRows: document.querySelectorAll('#combinations tr.best').length
          };
        })()""";

    @TempDir
    Path tmp;

    @BeforeAll
    static void chromium() throws IOException, InterruptedException {
        if (Files.isExecutable(Chromium.BINARY)) {
            return;
        }
        Path script = repoRoot().resolve("scripts/install-chromium.sh");
        Path log = Files.createTempFile("install-chromium", ".log");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(script + " did not finish within 10 minutes");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> script + " failed:\n" + out);
            assertTrue(Files.isExecutable(Chromium.BINARY), () -> script + " did not install " + Chromium.BINARY + ":\n"
                + out);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Failsafe runs in spark-job/: the repository root is the folder above holding scripts/. */
    static Path repoRoot() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("scripts/install-chromium.sh"))) {
                return d;
            }
        }
        return fail("no scripts/install-chromium.sh above " + dir);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theReportOpensWithoutErrorsAndSorts() throws Exception {
        ResultFixture f = new ResultFixture();
        f.hidden = new ArrayList<>(List.of(1, 2));
        f.units = new ArrayList<>(List.of("unit <a>", "b&c", "\"d\""));
        f.dropped.add(Map.of("unit", "e", "reason", "no spikes"));
        Path dir = f.write(tmp.resolve("result"));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path hd = new org.apache.hadoop.fs.Path(dir.toUri());
        ReportWriter.Written w = ReportWriter.write(fs, hd, hd);

        try (Chromium browser = Chromium.start(BUDGET)) {
            Chromium.Page page = browser.open(dir.resolve("report.html").toUri(), BUDGET);
            JsonNode info = page.evaluate(INSPECT);
            List<String> problems = page.problems();
            assertEquals(List.of(), problems, "the page has errors");
            assertEquals(List.of(), toList(info.path("broken")), "images that did not load");
            assertEquals(w.charts(), info.path("images").asInt(), "every chart is on the page");
            List<String> ids = toList(info.path("ids"));
            for (String id : List.of("overview", "recording", "results", "weights", "curves", "provenance",
                "combinations", "configurations", "fig-test-ll", "fig-ll-vs-h", "fig-weights-best", "fig-weights-all",
                "fig-weights-scatter", "fig-curves", "fig-rates", "warnings", "dropped", "verdict", "units", "fig-units",
                "unit-fit", "activity", "fig-activity", "fig-rates-window", "fig-filters")) {
                assertTrue(ids.contains(id), "section " + id + " in " + ids);
            }
            assertTrue(info.path("title").asText().startsWith("POGLM report"), info.toString());
            assertEquals(9, info.path("combinationRows").asInt());
            assertEquals(1, info.path("bestRows").asInt());

            // Sorting: the first row is the best (test LL descending); one click on the header turns the order.
            JsonNode sorted = page.evaluate("""
                (() => {
                  const t = document.getElementById('combinations');
                  const col = Array.from(t.tHead.rows[0].cells).findIndex(th => th.textContent.startsWith('test LL / piece'));
                  const values = () => Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[col].dataset.v));
                  const before = values();
                  t.tHead.rows[0].cells[col].click();
                  const after = values();
                  const h = Array.from(t.tHead.rows[0].cells).findIndex(th => th.textContent.startsWith('H'));
                  t.tHead.rows[0].cells[h].click();
                  const hs = Array.from(t.tBodies[0].rows).map(r => parseInt(r.cells[h].textContent));
                  return {before, after, hs, aria: t.tHead.rows[0].cells[h].getAttribute('aria-sort')};
                })()""");
            List<Double> before = doubles(sorted.path("before"));
            List<Double> after = doubles(sorted.path("after"));
            assertEquals(before.stream().sorted((a, b) -> Double.compare(b, a)).toList(), before, "initially descending");
            assertEquals(before.stream().sorted().toList(), after, "ascending after one click");
            List<Double> hs = doubles(sorted.path("hs"));
            assertEquals(hs.stream().sorted((a, b) -> Double.compare(b, a)).toList(), hs,
                "numeric column sorts descending first");
            assertEquals("descending", sorted.path("aria").asText());
            assertEquals(List.of(), page.problems(), "errors while sorting");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aBrokenPageIsCaught() throws Exception {
        Path page = tmp.resolve("broken.html");
        Files.writeString(page, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
            <h1 id="results">broken</h1>
            <img src="charts/missing.png" width="10" height="10" alt="missing">
            <img src="data:image/png;base64,AAAA" alt="corrupt">
            <script>console.error('boom'); noSuchFunction();</script>
            </body></html>
            """);
        try (Chromium browser = Chromium.start(BUDGET)) {
            Chromium.Page p = browser.open(page.toUri(), BUDGET);
            JsonNode info = p.evaluate(INSPECT);
            List<String> problems = p.problems();
            String all = String.join("\n", problems);
            assertTrue(problems.stream().anyMatch(s -> s.startsWith("exception:") && s.contains("noSuchFunction")), all);
            assertTrue(problems.stream().anyMatch(s -> s.equals("console.error: boom")), all);
            assertTrue(problems.stream().anyMatch(s -> s.startsWith("failed load:") && s.contains("missing.png")), all);
            List<String> broken = toList(info.path("broken"));
            assertEquals(2, broken.size(), broken.toString());
            assertTrue(broken.get(0).endsWith("charts/missing.png"), broken.toString());
            assertTrue(toList(info.path("ids")).contains("results"));
        }
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }
}
