package org.poglm.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.poglm.result.ResultLayout;

/**
 * Writes the results report of a result directory: {@code report.html} (self-contained: inline
 * style and script, every chart embedded as a PNG {@code data:} URI, so the file can be copied or
 * mailed alone), the same charts as PNG files under {@code charts/}, each with the same chart as
 * SVG next to it ({@code name.png}, {@code name.svg}), and the tables as CSV under
 * {@code tables/} ({@code recording.csv}, {@code settings.csv}, {@code provenance.csv},
 * {@code combinations.csv}, {@code configurations.csv}, and when known {@code unit_rates.csv},
 * {@code dropped_units.csv}).
 *
 * <p>Everything is computed in memory first, then written to a temporary directory inside the
 * target and moved into place, {@code report.html} last: an interrupted run leaves either the old
 * report, no report, or the new one, never half of one. Only {@link ResultLayout#REPORT_ENTRIES} are replaced; nothing
 * else in the target is touched. Works on any Hadoop file system.
 *
 * <p>Required in the result directory: {@code summary.csv}, {@code provenance.json}, and for the
 * configurations drawn {@code configs/<id>/params.json} and {@code curve.csv}; optional:
 * {@code truth.json}. A missing or malformed required file is a {@link ReportException} naming it.
 */
public final class ReportWriter {
    private static final String HTML = ResultLayout.REPORT;
    private static final String CHARTS = ResultLayout.CHARTS;
    private static final String TABLES = ResultLayout.TABLES;

    /** What was written, and how long it took (reading, drawing and writing). */
    public record Written(Path html, int charts, int tables, double seconds) {
    }

    private ReportWriter() {
    }

    /** Reads {@code resultDir} and writes its report into {@code targetDir} (may be the same directory). */
    public static Written write(FileSystem fs, Path resultDir, Path targetDir) {
        return write(fs, resultDir, fs, targetDir);
    }

    /** As {@link #write(FileSystem, Path, Path)}, the result and the target on different file systems. */
    public static Written write(FileSystem resultFs, Path resultDir, FileSystem targetFs, Path targetDir) {
        long t0 = System.nanoTime();
        ResultData data = ResultData.read(resultFs, resultFs.makeQualified(resultDir));
        Aggregation agg = Aggregation.of(data.fields(), data.configs());
        Verdict verdict = Verdict.of(data, agg);
        RecordingSections sections = RecordingSections.of(data, agg, verdict);
        ChartPlan plan = new ChartPlan(data, agg).plan();
        sections.plan(plan);
        Map<String, Charts.Image> images = new LinkedHashMap<>();
        for (Charts.Image im : plan.draw(Math.min(4, Runtime.getRuntime().availableProcessors()))) {
            images.put(im.file(), im);
        }
        List<KeyValues> keyValues = KeyValues.all(data, Instant.now());
        Map<String, String> tables = Tables.all(data, agg, verdict, sections, keyValues);
        String html = new HtmlPage(data, agg, verdict, sections, plan, images, keyValues, tables.keySet()).render();
        Path target = targetFs.makeQualified(targetDir);
        install(targetFs, target, html, images, tables);
        return new Written(new Path(target, HTML), images.size(), tables.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static void install(FileSystem fs, Path target, String html, Map<String, Charts.Image> images,
                                Map<String, String> tables) {
        try {
            if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
                throw new ReportException(target + ": a file, expected a directory for the report");
            }
            if (!fs.mkdirs(target)) {
                throw new ReportException(target + ": cannot be created");
            }
        } catch (IOException e) {
            throw new ReportException(target + ": cannot be written (" + e.getMessage() + ")", e);
        }
        // Hidden and unique, so that a crash cannot leave something that looks like a result entry.
        Path tmp = new Path(target, ".report-" + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            for (Charts.Image im : images.values()) {
                write(fs, new Path(new Path(tmp, CHARTS), im.file()), im.png());
                write(fs, new Path(new Path(tmp, CHARTS), im.svgFile()), im.svg());
            }
            for (var e : tables.entrySet()) {
                write(fs, new Path(new Path(tmp, TABLES), e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            fs.mkdirs(new Path(tmp, CHARTS));
            fs.mkdirs(new Path(tmp, TABLES));
            write(fs, new Path(tmp, HTML), html.getBytes(StandardCharsets.UTF_8));
            // The page goes first and comes back last: in between there is no report, not a mixed one.
            for (String entry : List.of(HTML, CHARTS, TABLES)) {
                Path old = new Path(target, entry);
                if (fs.exists(old) && !fs.delete(old, true)) {
                    throw new IOException("cannot delete the previous " + old);
                }
            }
            for (String entry : List.of(CHARTS, TABLES, HTML)) {
                if (!fs.rename(new Path(tmp, entry), new Path(target, entry))) {
                    throw new IOException("cannot move " + new Path(tmp, entry) + " to " + new Path(target, entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + target, e);
        } finally {
            try {
                fs.delete(tmp, true);
            } catch (IOException e) {
                // Best effort: a hidden leftover, never mistaken for part of the result.
            }
        }
    }

    private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (OutputStream os = fs.create(file, true)) {
            os.write(bytes);
        }
    }
}
