package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.cli.ReportCommand;

import picocli.CommandLine;

/** {@code poglm report}: exit codes, messages, what it writes where. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReportCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void regeneratesTheReportOfAFinishedResultInPlace() throws IOException {
        Path dir = new ResultFixture().write(tmp.resolve("result"));
        Run r = run(dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("report: "), r.out());
        assertTrue(r.out().contains("report.html"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));
        assertTrue(Files.isDirectory(dir.resolve("charts")));
        assertTrue(Files.isRegularFile(dir.resolve("tables/combinations.csv")));
        // Again: replaces, still fine.
        assertEquals(0, run(dir.toString()).code());
    }

    @Test
    void writesElsewhereWithOutAndLeavesTheResultAlone() throws IOException {
        Path dir = new ResultFixture().write(tmp.resolve("result"));
        List<String> before;
        try (var s = Files.list(dir)) {
            before = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Path out = tmp.resolve("out");
        Run r = run(dir.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        try (var s = Files.list(dir)) {
            assertEquals(before, s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anUnfinishedOrBrokenResultExitsWithTwoAndOneLine() throws IOException {
        Path dir = new ResultFixture().write(tmp.resolve("unfinished"));
        Files.delete(dir.resolve("_SUCCESS"));
        Run r = run(dir.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("poglm: ") && r.err().contains("not a finished result (no _SUCCESS)"), r.err());
        assertFalse(Files.exists(dir.resolve("report.html")));

        Path missing = new ResultFixture().write(tmp.resolve("missing"));
        Files.delete(missing.resolve("provenance.json"));
        r = run(missing.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("provenance.json: missing"), r.err());

        r = run(tmp.resolve("nowhere").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such result directory"), r.err());

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        r = run(file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a file, expected a result directory"), r.err());
    }
}
