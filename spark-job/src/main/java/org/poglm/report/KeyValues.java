package org.poglm.report;

import static org.poglm.report.Html.esc;
import static org.poglm.report.Html.num;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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
        Csv.Writer w = new Csv.Writer().row("key", "value");
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

    static KeyValues recording(JsonNode p) {
        JsonNode rec = p.path("recording");
        Rows r = new Rows();
        List<String> units = ResultData.strings(rec.path("units"));
        String count = rec.path("visible").asText(Integer.toString(units.size()));
        r.add("units", count + (units.isEmpty() ? "" : ": " + String.join(", ", units)),
            esc(count) + (units.isEmpty() ? "" : unitList(units)));
        if (rec.has("duration_seconds")) {
            double d = rec.path("duration_seconds").asDouble();
            r.add("duration", Html.duration(d) + (d >= 60 ? " (" + plain(d, 1) + " s)" : ""));
        }
        if (rec.has("bin_width_seconds")) {
            r.add("bin width", ChartPlan.trim(rec.path("bin_width_seconds").asDouble() * 1000) + " ms");
        }
        if (rec.has("bins")) {
            r.add("bins", rec.path("bins").asText());
        }
        r.add("pieces", rec.path("pieces").asText("?") + " of " + rec.path("bins_per_piece").asText("?") + " bins: "
            + rec.path("train_pieces").asText("?") + " train, " + rec.path("test_pieces").asText("?")
            + " test (split by time)");
        if (rec.has("remainder_bins")) {
            r.add("remainder", rec.path("remainder_bins").asText() + " bins after the last whole piece, not used");
        }
        if (rec.has("spikes")) {
            r.add("spikes", rec.path("spikes").asText());
        }
        if (rec.has("t0_seconds")) {
            double t0 = rec.path("t0_seconds").asDouble();
            r.add("first bin starts", plain(t0, 3) + " s", num(t0, 3) + " s");
        }
        JsonNode dropped = rec.path("dropped_units");
        if (dropped.isArray()) {
            r.add("dropped units", dropped.isEmpty() ? "none" : dropped.size() + " (tables/dropped_units.csv)",
                dropped.isEmpty() ? "none" : "<a href=\"#dropped\">" + dropped.size() + "</a>");
        }
        String input = inputText(p.path("input"), false);
        if (!input.isEmpty()) {
            r.add("input", input, inputText(p.path("input"), true));
        }
        JsonNode in = p.path("input");
        if (in.has("sha256")) {
            String sha = in.path("sha256").asText();
            r.add("input sha256", sha, "<code>" + esc(sha) + "</code>");
        }
        return new KeyValues(RECORDING, r.rows);
    }

    static KeyValues settings(JsonNode p) {
        JsonNode sweep = p.path("sweep");
        Rows r = new Rows();
        String[][] keys = {{"epochs", "epochs"}, {"batch_size", "batch size (pieces)"},
            {"batches_per_epoch", "steps per epoch"}, {"shuffle", "shuffled batches"}, {"sweep_seed", "sweep seed"},
            {"eval_samples", "importance samples (evaluation)"}, {"padding", "history padding"},
            {"piece_bins", "bins per piece"}};
        for (String[] k : keys) {
            if (sweep.has(k[0])) {
                r.add(k[1], sweep.path(k[0]).asText());
            }
        }
        if (sweep.path("basis").isArray()) {
            List<String> b = new ArrayList<>();
            sweep.path("basis").forEach(x -> b.add(ChartPlan.trim(x.asDouble())));
            String basis = String.join(", ", b);
            r.add("history basis", basis, "<code>" + esc(basis) + "</code>");
        }
        JsonNode seeds = p.path("seeds");
        if (!sweep.isMissingNode() && seeds.isArray()) {
            List<String> s = new ArrayList<>();
            seeds.forEach(x -> s.add(x.asText()));
            r.add("seeds", String.join(", ", s));
        }
        return new KeyValues(SETTINGS, r.rows);
    }

    static KeyValues provenance(ResultData data, Instant generated) {
        JsonNode p = data.provenance();
        String runId = p.path("run_id").asText("");
        Rows r = new Rows();
        JsonNode code = p.path("code");
        if (!code.isMissingNode()) {
            String v = code.path("version").asText("?") + ", commit " + code.path("commit").asText("?")
                + ("true".equals(code.path("dirty").asText()) ? " (uncommitted changes)" : "");
            String t = time(code.path("commit_time").asText(""));
            r.add("code", v + (t.isEmpty() ? "" : ", committed " + t));
        }
        JsonNode spark = p.path("spark");
        if (!spark.isMissingNode()) {
            String master = spark.path("master").asText("?");
            String before = spark.path("version").asText("?") + ", master ";
            String after = ", application " + spark.path("app_id").asText("?") + ", parallelism "
                + spark.path("default_parallelism").asText("?");
            r.add("Spark", before + master + after, esc(before) + "<code>" + esc(master) + "</code>" + esc(after));
        }
        JsonNode java = p.path("java");
        if (!java.isMissingNode()) {
            r.add("Java", java.path("version").asText("?") + " (" + java.path("vendor").asText("?") + "), kernels "
                + java.path("kernels").asText("?"));
        }
        String id = runId.isEmpty() ? "?" : runId;
        r.add("run id", id, "<code>" + esc(id) + "</code>");
        String command = p.path("command").asText("");
        JsonNode options = p.path("options");
        if (!command.isEmpty() || options.size() > 0) {
            List<String> opts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
                var e = it.next();
                opts.add(e.getKey() + "=" + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            }
            String o = String.join(" ", opts);
            r.add("command", command + (opts.isEmpty() ? "" : " " + o), "<code>" + esc(command) + "</code>"
                + (opts.isEmpty() ? "" : " <span class=\"sd\">" + esc(o) + "</span>"));
        }
        JsonNode timing = p.path("timing");
        if (!timing.isMissingNode()) {
            r.add("started", time(timing.path("started").asText("")));
            r.add("finished", time(timing.path("finished").asText("")));
            r.add("wall time", "training " + Html.duration(timing.path("train_wall_seconds").asDouble(Double.NaN))
                + " (" + timing.path("steps").asText("?") + " steps), evaluation "
                + Html.duration(timing.path("eval_wall_seconds").asDouble(Double.NaN)));
        }
        String dir = data.dir().toString();
        r.add("result", dir, "<code>" + esc(dir) + "</code>");
        JsonNode atFit = p.path("report");
        if ("failed".equals(atFit.path("status").asText())) {
            r.add("report at fit time", "not written (" + atFit.path("error").asText("?") + "); this one was rebuilt "
                + "from the result");
        }
        String from = "generated " + WHEN.format(generated) + " from summary.csv, provenance.json, configs/"
            + (data.truth() != null ? ", truth.json" : "") + "; the charts are also in ";
        r.add("report", from + "charts/, the tables in tables/", esc(from)
            + "<code>charts/</code>, the tables in <code>tables/</code>");
        return new KeyValues(PROVENANCE, r.rows);
    }

    /** The input as text or HTML: a path and its format, or the synthetic generator; empty if unknown. */
    static String inputText(JsonNode input, boolean html) {
        if (input.has("path")) {
            String fmt = input.path("format").asText("");
            String path = input.path("path").asText();
            return (html ? "<code>" + esc(path) + "</code>" : path) + (fmt.isEmpty() ? "" : " (" + (html ? esc(fmt) : fmt)
                + ")");
        }
        if (input.has("synthetic")) {
            JsonNode s = input.path("synthetic");
            String t = "synthetic recording (generator seed " + s.path("generator_seed").asText("?") + ", "
                + s.path("neurons").asText("?") + " neurons of which " + s.path("visible").asText("?") + " visible)";
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
