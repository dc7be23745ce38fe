package org.poglm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.poglm.report.ReportException;
import org.poglm.report.ReportWriter;
import org.poglm.result.OutputDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.poglm.result.ResultLayout;

/**
 * {@code poglm report <result-dir> [--out DIR]}: regenerates the results report (report.html,
 * charts/, tables/) of a finished result, e.g. after an upgrade of the report. By default into the
 * result directory itself, replacing only those three entries (atomically: an interrupted run
 * leaves the old report or none, never half a report). Needs no Spark. Exit 2 with one line if the
 * directory is not a finished result ({@code _SUCCESS}) or a required file is missing or malformed.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Regenerate the report (report.html, charts/, tables/) of a finished result.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULT_DIR", description = "A finished result directory (local or any Hadoop file system).")
    String result;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write the report here (default: into RESULT_DIR, replacing only report.html, charts/ and tables/).")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Configuration conf = new Configuration();
        try {
            Path dir = new Path(result);
            // Local paths through the raw local file system: no .crc files written, none checked.
            FileSystem fs = OutputDirectory.fileSystem(dir, conf);
            if (!fs.exists(dir)) {
                return bad(stderr, result + ": no such result directory");
            }
            if (!fs.getFileStatus(dir).isDirectory()) {
                return bad(stderr, result + ": a file, expected a result directory");
            }
            if (!fs.exists(new Path(dir, ResultLayout.SUCCESS))) {
                return bad(stderr, result + ": not a finished result (no " + ResultLayout.SUCCESS
                    + "), expected the directory of a completed poglm fit or demo");
            }
            Path target = out == null ? dir : new Path(out);
            FileSystem targetFs = OutputDirectory.fileSystem(target, conf);
            ReportWriter.Written w = ReportWriter.write(fs, dir, targetFs, target);
            // The checksum of a report.html written by an older version must not outlive it.
            OutputDirectory.deleteChecksum(targetFs, w.html());
            stdout.printf(Locale.ROOT, "report: %s (%d charts, %d tables, %.1f s)%n",
                Report.display(w.html().toString()), w.charts(), w.tables(), w.seconds());
            stdout.flush();
            return Main.OK;
        } catch (ReportException e) {
            return bad(stderr, e.getMessage());
        } catch (IOException e) {
            return bad(stderr, result + ": cannot be read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            // Hadoop's answer to an unparsable path or an unknown scheme.
            return bad(stderr, "bad path: " + e.getMessage());
        }
    }

    private static int bad(PrintWriter err, String message) {
        err.println("poglm: " + Main.oneLine(message));
        err.flush();
        return Main.BAD_INPUT;
    }
}
