package org.poglm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.distributed.SparkTestSession;
import org.poglm.distributed.SweepTrainer;
import org.poglm.sweep.Grid;
import org.poglm.sweep.Sweep;
import org.poglm.synthetic.SyntheticGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.poglm.distributed.RddObjective;
import org.poglm.source.GeneratedRecording;

/** The job's console progress and what it does when the report fails, on a tiny synthetic sweep. */
class SweepJobReportTest {
    @TempDir
    Path tmp;

    static SweepJob.Spec spec(Path out, boolean overwrite) {
        Sweep sweep = new Sweep(new Grid(List.of("exponential"), List.of("fb"), List.of(0, 1), List.of(0L),
            List.of(Double.NaN), List.of(2), List.of(0.05), List.of(0.1), List.of(Nonlinearity.SIGMOID),
            List.of(ScoreBaseline.NONE), 5).expand(), 2, 4, false, 0, 20, Basis.defaultBasis(), Padding.ZERO, 40);
        return new SweepJob.Spec("test", new GeneratedRecording(
            SyntheticGenerator.truth(3, 5, 3, 40, Basis.defaultBasis()), 12), sweep, 3, 0.0, 0, out.toString(), overwrite,
            null, 2, RddObjective.Options.defaults(), Map.of());
    }

    record Run(SweepJob.Result result, String console) {
    }

    static Run run(SweepJob.Spec spec, SweepJob.ReportStep report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SweepJob job = report == null ? new SweepJob(console) : new SweepJob(console, report);
        SweepJob.Result r = job.run(spec, SparkTestSession.get());
        return new Run(r, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedReportKeepsTheResultAndSaysHowToRebuildIt() throws IOException {
        Path out = tmp.resolve("fit");
        // A finished result with its report first: the failed run below overwrites it.
        Run first = run(spec(out, false), null);
        assertTrue(Files.readString(out.resolve("report.html")).contains("POGLM fit report"));
        List<String> lines = first.console().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("training 2 configurations on 9 pieces")), first.console());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("training done: 2 epochs of 3 steps, mean ELBO ")),
            first.console());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("evaluation done: 3 test pieces x 2 configurations (")),
            first.console());

        Run failed = run(spec(out, true), (fs, dir) -> {
            throw new IllegalStateException("injected report failure");
        });
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the fit's numbers are committed");
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
        String warning = "warning: the report could not be written: java.lang.IllegalStateException: injected report "
            + "failure; the results are complete, rebuild the report with: submit/poglm report " + out;
        assertTrue(failed.console().lines().anyMatch(warning::equals), failed.console());
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals("failed", prov.path("report").path("status").asText());
        assertEquals("submit/poglm report " + out, prov.path("report").path("rebuild").asText());
        assertTrue(prov.path("warnings").toString().contains("injected report failure"), prov.toString());
        // The previous result's report is gone, not left to describe other numbers.
        assertTrue(Files.readString(out.resolve("report.html")).contains("could not be written"));
        try (var charts = Files.list(out.resolve("charts"))) {
            assertEquals(0, charts.count());
        }
    }
}
