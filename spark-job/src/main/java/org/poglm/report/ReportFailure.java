package org.poglm.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.poglm.result.Provenance;
import org.poglm.result.ResultLayout;

/**
 * A fit whose report could not be written keeps its results (they are complete, and
 * {@code poglm report} rebuilds the report from them alone) but says so wherever one looks: the
 * console warning names the exception and the command that rebuilds the report; provenance.json
 * gets the warning among its {@code warnings} and a {@code report} entry
 * ({@code status: failed}, the error, the command); and report.html becomes a short page saying
 * the same, with empty charts/ and tables/, so that a result written over an older one keeps
 * no report of the older one.
 */
public final class ReportFailure {
    /** The launch script that rebuilds a report, relative to the project's root. */
    static final String SCRIPT = "submit/poglm";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private final Throwable cause;
    private final String resultDir;

    /** @param resultDir the result directory as the user would type it (a local path, or a URI) */
    public ReportFailure(Throwable cause, String resultDir) {
        this.cause = cause;
        this.resultDir = resultDir;
    }

    /** The result directory of {@code dir} for a command line: a local path without {@code file:}, else the URI. */
    public static String commandPath(Path dir) {
        return "file".equals(dir.toUri().getScheme()) ? dir.toUri().getPath() : dir.toString();
    }

    /** The shell command that rebuilds the report. */
    public String command() {
        String dir = SHELL_SAFE.matcher(resultDir).matches() ? resultDir : "'" + resultDir.replace("'", "'\\''") + "'";
        return SCRIPT + " report " + dir;
    }

    /** The exception and, when another, its root cause. */
    public String error() {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return cause + (root != cause ? " (caused by " + root + ")" : "");
    }

    /** The one-line warning for the console and provenance.json. */
    public String warning() {
        return "the report could not be written: " + error() + "; the results are complete, rebuild the report with: "
            + command();
    }

    /**
     * Records the failure in the result staged in {@code dir}: provenance.json (rewritten with the
     * warning and the {@code report} entry) and the placeholder report.html, charts/ and tables/.
     */
    public void record(FileSystem fs, Path dir) {
        Path file = new Path(dir, ResultLayout.PROVENANCE);
        try {
            String text;
            try (InputStream in = fs.open(file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Provenance p = Provenance.read(text, file.toString()).withWarning(warning())
                .withReport(new Provenance.Report("failed", error(), command()));
            write(fs, file, p.json());
            for (String entry : new String[] {ResultLayout.CHARTS, ResultLayout.TABLES}) {
                fs.delete(new Path(dir, entry), true);
                fs.mkdirs(new Path(dir, entry));
            }
            write(fs, new Path(dir, ResultLayout.REPORT), page());
        } catch (IOException e) {
            throw new UncheckedIOException("recording the report's failure in " + dir, e);
        }
    }

    /** The placeholder report.html. */
    String page() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<link rel=\"icon\" href=\"data:,\">\n<title>POGLM report \u2013 not written</title>\n"
            + "<style>body{font:14px/1.5 system-ui,sans-serif;margin:32px;max-width:900px;color:#1f2328}"
            + "code{background:#f6f8fa;padding:2px 5px;border-radius:4px}</style>\n</head>\n<body>\n"
            + "<h1>The report of this result could not be written</h1>\n<p>Error: <code>" + Html.esc(error())
            + "</code></p>\n<p>The fit itself is complete: summary.csv, pieces.csv, configs/ and provenance.json hold "
            + "its numbers. Rebuild this report (it needs no Spark) with</p>\n<pre><code>" + Html.esc(command())
            + "</code></pre>\n</body>\n</html>\n";
    }

    private static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream os = fs.create(file, true)) {
            os.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
