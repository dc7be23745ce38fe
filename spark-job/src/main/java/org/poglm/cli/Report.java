package org.poglm.cli;

import java.io.PrintStream;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.Path;
import org.poglm.distributed.Progress;
import org.poglm.job.SweepJob;
import org.poglm.result.BuildInfo;
import org.poglm.result.ResultLayout;
import org.poglm.result.SummaryRow;

/**
 * The console's first and last lines: what runs, from where into where (printed before anything
 * slow), and at the end the best configurations, the time the user waited and the report to open.
 */
final class Report {
    private Report() {
    }

    /** The first line: {@code poglm fit <version>: <input> -> <out>}. */
    static void started(PrintStream out, String command, String input, String dir) {
        out.printf("poglm %s %s: %s -> %s%n", command, BuildInfo.label(), input, dir);
        out.flush();
    }

    /**
     * The summary at the end. {@code seconds}: since the command started; {@code sparkSeconds}: of
     * those, starting Spark (NaN when a running session was used).
     */
    static void print(PrintStream out, SweepJob.Result r, double seconds, double sparkSeconds) {
        List<SummaryRow> rows = r.rows().stream()
            .sorted(Comparator.comparingDouble(SummaryRow::testLl).reversed()).toList();
        out.printf(Locale.ROOT, "%n%-40s %14s %10s %10s%n", "configuration (best first)", "test LL/piece",
            "bits/spk", "W error");
        for (SummaryRow row : rows.subList(0, Math.min(10, rows.size()))) {
            out.printf(Locale.ROOT, "%-40s %14.3f %10.4f %10s%n", row.configId(), row.testLl(), row.bitsPerSpike(),
                Double.isNaN(row.weightError()) ? "-" : String.format(Locale.ROOT, "%.3f", row.weightError()));
        }
        if (rows.size() > 10) {
            out.printf("... %d more in summary.csv%n", rows.size() - 10);
        }
        List<SummaryRow> diverged = r.rows().stream().filter(SummaryRow::diverged).toList();
        if (!diverged.isEmpty()) {
            out.printf(Locale.ROOT, "%n%d of %d configurations diverged and were frozen at their last good "
                + "parameters (summary.csv: stop, failure):%n", diverged.size(), r.rows().size());
            for (SummaryRow d : diverged.subList(0, Math.min(10, diverged.size()))) {
                out.printf(Locale.ROOT, "  %s: %s%n", d.configId(), d.failure());
            }
        }
        String spark = Double.isNaN(sparkSeconds) ? ""
            : String.format(Locale.ROOT, " (%.1f s of it starting Spark)", sparkSeconds);
        out.printf(Locale.ROOT, "%ndone in %s%s; results in %s%n", duration(seconds), spark, display(r.out()));
        out.println(reportLine(r.out()));
        out.flush();
    }

    /** The last line: the report's path to open, or its URI on a cluster file system. */
    static String reportLine(String resultDir) {
        String html = new Path(new Path(resultDir), ResultLayout.REPORT).toString();
        return isLocal(resultDir) ? "open in a browser: " + display(html) : "report: " + html;
    }

    /** A local path as the user types it ({@code /data/x}, not {@code file:/data/x}); any other URI unchanged. */
    static String display(String path) {
        return isLocal(path) ? new Path(path).toUri().getPath() : path;
    }

    private static boolean isLocal(String path) {
        URI uri = new Path(path).toUri();
        return "file".equals(uri.getScheme());
    }

    /** "44.6 s" under a minute, else "4 min 05 s". */
    static String duration(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : Progress.duration(seconds);
    }
}
