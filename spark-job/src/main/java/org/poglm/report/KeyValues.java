package org.poglm.report;

import static org.poglm.report.Html.esc;
import static org.poglm.report.Html.num;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.poglm.result.ResultCsv;
import org.poglm.result.Provenance;
import org.poglm.result.ResultJson;

/**
 * A two-column table of the report (the recording summary, the training settings, the
 * provenance): each row holds its value twice, as HTML for the page and as plain text for
 * {@code tables/<file>}, built in one place so that the page and the CSV cannot drift apart.
 *
 * @param file the CSV's name under tables/
 */
record KeyValues(String file, List<Row> rows) {
    static final String RECORDING = "recording.csv";
    static final String SETTINGS = "settings.csv";
    static final String PROVENANCE = "provenance.csv";
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
        .withZone(ZoneOffset.UTC);

    /** One row: the key, the value as plain text (CSV) and as HTML (page). */
    record Row(String key, String text, String html) {
    }

    /** The CSV text: a header {@code key,value}, then one line per row. */
    String csv() {
        ResultCsv.Writer w = new ResultCsv.Writer().row("key", "value");
        for (Row r : rows) {
            w.row(r.key(), r.text());
        }
        return w.toString();
    }

    /** The three tables of a result, in page order. */
    static List<KeyValues> all(ResultData data, Instant generated) {
        return List.of(recording(data.provenance()), settings(data.provenance()), provenance(data, generated));
    }

    /** The table named {@code file} among {@code tables}. */
    static KeyValues named(List<KeyValues> tables, String file) {
        return tables.stream().filter(t -> t.file().equals(file)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no key-value table " + file));
    }

    /** Collects rows; a value without markup is escaped for the page. */
    private static final class Rows {
        final List<Row> rows = new ArrayList<>();

        void add(String key, String text) {
            rows.add(new Row(key, text, esc(text)));
        }

        void add(String key, String text, String html) {
            rows.add(new Row(key, text, html));
        }
    }

    static KeyValues recording(Provenance p) {
        Provenance.Recording rec = p.recording();
        Rows r = new Rows();
        if (rec != null) {
            List<String> units = rec.units() == null ? List.of() : rec.units();
            String count = Integer.toString(rec.visible());
            r.add("units", count + (units.isEmpty() ? "" : ": " + String.join(", ", units)),
                esc(count) + (units.isEmpty() ? "" : unitList(units)));
            if (rec.durationSeconds() != null) {
                double d = rec.durationSeconds();
                r.add("duration", Html.duration(d) + (d >= 60 ? " (" + plain(d, 1) + " s)" : ""));
            }
            if (rec.binWidthSeconds() != null) {
                r.add("bin width", ChartPlan.trim(rec.binWidthSeconds() * 1000) + " ms");
            }
            if (rec.bins() != null) {
                r.add("bins", Long.toString(rec.bins()));
            }
            r.add("pieces", rec.pieces() + " of " + rec.binsPerPiece() + " bins: " + rec.trainPieces() + " train, "
                + rec.testPieces() + " test (split by time)");
            if (rec.remainderBins() != null) {
                r.add("remainder", rec.remainderBins() + " bins after the last whole piece, not used");
            }
            if (rec.spikes() != null) {
                r.add("spikes", Long.toString(rec.spikes()));
            }
            if (rec.t0Seconds() != null) {
                double t0 = rec.t0Seconds();
                r.add("first bin starts", plain(t0, 3) + " s", num(t0, 3) + " s");
            }
            List<Provenance.DroppedUnit> dropped = rec.droppedUnits();
            if (dropped != null) {
                r.add("dropped units", dropped.isEmpty() ? "none" : dropped.size() + " (tables/dropped_units.csv)",
                    dropped.isEmpty() ? "none" : "<a href=\"#dropped\">" + dropped.size() + "</a>");
            }
        }
        String input = inputText(p.input(), false);
        if (!input.isEmpty()) {
            r.add("input", input, inputText(p.input(), true));
        }
        if (p.input() != null && p.input().sha256() != null) {
            String sha = p.input().sha256();
            r.add("input sha256", sha, "<code>" + esc(sha) + "</code>");
        }
        return new KeyValues(RECORDING, r.rows);
    }

    static KeyValues settings(Provenance p) {
        Provenance.SweepSettings sweep = p.sweep();
        Rows r = new Rows();
        if (sweep != null) {
            r.add("epochs", Integer.toString(sweep.epochs()));
            r.add("batch size (pieces)", Integer.toString(sweep.batchSize()));
            r.add("steps per epoch", Integer.toString(sweep.batchesPerEpoch()));
            r.add("shuffled batches", Boolean.toString(sweep.shuffle()));
            r.add("sweep seed", Long.toString(sweep.sweepSeed()));
            r.add("importance samples (evaluation)", Integer.toString(sweep.evalSamples()));
            if (sweep.padding() != null) {
                r.add("history padding", sweep.padding());
            }
            r.add("bins per piece", Integer.toString(sweep.pieceBins()));
            if (sweep.basis() != null) {
                List<String> b = new ArrayList<>();
                for (double x : sweep.basis()) {
                    b.add(ChartPlan.trim(x));
                }
                String basis = String.join(", ", b);
                r.add("history basis", basis, "<code>" + esc(basis) + "</code>");
            }
            if (p.seeds() != null) {
                r.add("seeds", String.join(", ", p.seeds().stream().map(String::valueOf).toList()));
            }
        }
        return new KeyValues(SETTINGS, r.rows);
    }

    static KeyValues provenance(ResultData data, Instant generated) {
        Provenance p = data.provenance();
        String runId = p.runId() == null ? "" : p.runId();
        Rows r = new Rows();
        Provenance.Code code = p.code();
        if (code != null) {
            String v = or(code.version()) + ", commit " + or(code.commit())
                + ("true".equals(code.dirty()) ? " (uncommitted changes)" : "");
            String t = time(code.commitTime() == null ? "" : code.commitTime());
            r.add("code", v + (t.isEmpty() ? "" : ", committed " + t));
        }
        Provenance.Spark spark = p.spark();
        if (spark != null) {
            String master = or(spark.master());
            String before = or(spark.version()) + ", master ";
            String after = ", application " + or(spark.appId()) + ", parallelism " + spark.defaultParallelism();
            r.add("Spark", before + master + after, esc(before) + "<code>" + esc(master) + "</code>" + esc(after));
        }
        Provenance.Java java = p.java();
        if (java != null) {
            r.add("Java", or(java.version()) + " (" + or(java.vendor()) + "), kernels " + or(java.kernels()));
        }
        String id = runId.isEmpty() ? "?" : runId;
        r.add("run id", id, "<code>" + esc(id) + "</code>");
        String command = p.command() == null ? "" : p.command();
        Map<String, Object> options = p.options() == null ? Map.of() : p.options();
        if (!command.isEmpty() || !options.isEmpty()) {
            List<String> opts = new ArrayList<>();
            options.forEach((k, v) -> opts.add(k + "=" + (v == null || v instanceof String || v instanceof Number
                || v instanceof Boolean ? String.valueOf(v) : ResultJson.write(v).strip())));
            String o = String.join(" ", opts);
            r.add("command", command + (opts.isEmpty() ? "" : " " + o), "<code>" + esc(command) + "</code>"
                + (opts.isEmpty() ? "" : " <span class=\"sd\">" + esc(o) + "</span>"));
        }
        Provenance.Timing timing = p.timing();
        if (timing != null) {
            r.add("started", time(timing.started() == null ? "" : timing.started()));
            r.add("finished", time(timing.finished() == null ? "" : timing.finished()));
            r.add("wall time", "training " + Html.duration(timing.trainWallSeconds()) + " (" + timing.steps()
                + " steps), evaluation " + Html.duration(timing.evalWallSeconds()));
        }
        String dir = data.dir().toString();
        r.add("result", dir, "<code>" + esc(dir) + "</code>");
        Provenance.Report atFit = p.report();
        if (atFit != null && "failed".equals(atFit.status())) {
            r.add("report at fit time", "not written (" + or(atFit.error()) + "); this one was rebuilt "
                + "from the result");
        }
        String from = "generated " + WHEN.format(generated) + " from summary.csv, provenance.json, configs/"
            + (data.truth() != null ? ", truth.json" : "") + "; the charts are also in ";
        r.add("report", from + "charts/, the tables in tables/", esc(from)
            + "<code>charts/</code>, the tables in <code>tables/</code>");
        return new KeyValues(PROVENANCE, r.rows);
    }

    private static String or(String s) {
        return s == null ? "?" : s;
    }

    /** The input as text or HTML: a path and its format, or the synthetic generator; empty if unknown. */
    static String inputText(Provenance.Input input, boolean html) {
        if (input == null) {
            return "";
        }
        if (input.path() != null) {
            String fmt = input.format() == null ? "" : input.format();
            String path = input.path();
            return (html ? "<code>" + esc(path) + "</code>" : path) + (fmt.isEmpty() ? "" : " (" + (html ? esc(fmt) : fmt)
                + ")");
        }
        if (input.synthetic() != null) {
            Provenance.Synthetic s = input.synthetic();
            String t = "synthetic recording (generator seed " + s.generatorSeed() + ", " + s.neurons()
                + " neurons of which " + s.visible() + " visible)";
            return html ? esc(t) : t;
        }
        return "";
    }

    /** An ISO instant as "yyyy-MM-dd HH:mm:ss UTC"; other text as it is. */
    static String time(String iso) {
        if (iso.isEmpty()) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String unitList(List<String> units) {
        int shown = Math.min(units.size(), 12);
        StringBuilder s = new StringBuilder(": ");
        for (int i = 0; i < shown; i++) {
            s.append(i > 0 ? ", " : "").append(esc(units.get(i)));
        }
        if (units.size() > shown) {
            s.append(", \u2026");
        }
        return s.toString();
    }

    /** A number for the CSV: ASCII minus, fixed decimals. */
    private static String plain(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
