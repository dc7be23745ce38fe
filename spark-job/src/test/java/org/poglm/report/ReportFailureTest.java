package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a fit leaves when its report fails: visible, and rebuilt by `poglm report`. */
class ReportFailureTest {
    @TempDir
    Path tmp;

    @Test
    void theFailureIsRecordedAndTheReportCanBeRebuilt() throws IOException {
        Path dir = new ResultFixture().write(tmp.resolve("result"));
        ReportWriterTest.localFs();
        ReportWriterTest.report(dir);     // a report of an older result, to be replaced
        RuntimeException e = new UncheckedIOException("writing the report into " + dir,
            new IOException("No space left on device"));
        ReportFailure failure = new ReportFailure(e, dir.toString());
        failure.record(FileSystem.getLocal(new Configuration()), ReportWriterTest.hadoop(dir));

        String command = "submit/poglm report " + dir;
        assertEquals("the report could not be written: java.io.UncheckedIOException: writing the report into " + dir
            + " (caused by java.io.IOException: No space left on device); the results are complete, rebuild the report "
            + "with: " + command, failure.warning());
        JsonNode prov = new ObjectMapper().readTree(dir.resolve("provenance.json").toFile());
        assertEquals("20260101120000-fixture", prov.path("run_id").asText(), "the rest of provenance.json is kept");
        List<String> warnings = org.poglm.result.ResultJson.strings(prov.path("warnings"));
        assertEquals(List.of("the last 8 bins do not fill a piece", failure.warning()), warnings);
        assertEquals("failed", prov.path("report").path("status").asText());
        assertEquals(failure.error(), prov.path("report").path("error").asText());
        assertEquals(command, prov.path("report").path("rebuild").asText());
        // No report of the older result is left: a page saying what happened, empty charts/ and tables/.
        String page = ReportWriterTest.html(dir);
        assertTrue(page.contains("could not be written") && page.contains("No space left on device"), page);
        assertTrue(page.contains("<pre><code>" + Html.esc(command) + "</code></pre>"), page);
        assertEquals(List.of(), ReportWriterTest.files(dir.resolve("charts")));
        assertEquals(List.of(), ReportWriterTest.files(dir.resolve("tables")));

        // The command's work: the report is rebuilt and says that the one at fit time failed.
        ReportWriterTest.report(dir);
        String rebuilt = ReportWriterTest.html(dir);
        assertTrue(rebuilt.contains("<tr><th>report at fit time</th><td>not written (java.io.UncheckedIOException"),
            rebuilt);
        assertTrue(Files.readString(dir.resolve("tables/provenance.csv")).contains("report at fit time,"));
    }

    @Test
    void theCommandIsReadyToPasteIntoAShell() {
        RuntimeException e = new IllegalStateException("boom");
        assertEquals("submit/poglm report /data/results/s12", new ReportFailure(e, "/data/results/s12").command());
        assertEquals("submit/poglm report '/data/my results/it'\\''s'",
            new ReportFailure(e, "/data/my results/it's").command());
        assertEquals("/tmp/r", ReportFailure.commandPath(new org.apache.hadoop.fs.Path("file:/tmp/r")));
        assertEquals("hdfs://head:8020/results/s12",
            ReportFailure.commandPath(new org.apache.hadoop.fs.Path("hdfs://head:8020/results/s12")));
        assertEquals("java.lang.IllegalStateException: boom", new ReportFailure(e, "/r").error());
    }
}
