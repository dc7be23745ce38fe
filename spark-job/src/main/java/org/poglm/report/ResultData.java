package org.poglm.report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The files of a result directory, as the report reads them. Required: {@code summary.csv},
 * {@code provenance.json}, and {@code configs/<id>/params.json} and {@code curve.csv} of every
 * configuration the report draws. Optional: {@code truth.json}.
 */
final class ResultData {
    static final String SUMMARY = "summary.csv";
    static final String PROVENANCE = "provenance.json";
    static final String TRUTH = "truth.json";
    static final String CONFIGS = "configs";
    /** The first score column: the configuration fields are the columns before it (but id and seed). */
    private static final String FIRST_SCORE = "test_marginal_ll";
    private static final List<String> REQUIRED_COLUMNS = List.of("config_id", "distribution", "scheme", "hidden",
        "seed", FIRST_SCORE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Learned parameters of one configuration: W[n][m] from m to n, visible neurons first. */
    record Params(List<String> units, int visible, int hidden, double[][] weights, double[] biases) {
        int neurons() {
            return biases.length;
        }
    }

    /** The generator's parameters (synthetic data or --truth), visible neurons first. */
    record Truth(List<String> units, int visible, double[][] weights, double[] biases) {
        int neurons() {
            return biases.length;
        }
    }

    /** Training ELBO per epoch. */
    record Curve(double[] epochs, double[] elbo) {
    }

    private final FileSystem fs;
    private final Path dir;
    private final List<String> fields;
    private final List<ConfigResult> configs;
    private final JsonNode provenance;
    private final Truth truth;
    private final Map<String, Params> paramsCache = new HashMap<>();

    private ResultData(FileSystem fs, Path dir, List<String> fields, List<ConfigResult> configs, JsonNode provenance,
                       Truth truth) {
        this.fs = fs;
        this.dir = dir;
        this.fields = fields;
        this.configs = configs;
        this.provenance = provenance;
        this.truth = truth;
    }

    static ResultData read(FileSystem fs, Path dir) {
        try {
            if (!fs.exists(dir)) {
                throw new ReportException(dir + ": no such result directory");
            }
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new ReportException(dir + ": a file, expected a result directory");
            }
        } catch (IOException e) {
            throw new ReportException(dir + ": cannot be read (" + e.getMessage() + ")", e);
        }
        String summaryText = readRequired(fs, new Path(dir, SUMMARY), "the result's summary table");
        List<List<String>> rows = Csv.parse(summaryText);
        Path summaryPath = new Path(dir, SUMMARY);
        if (rows.isEmpty()) {
            throw new ReportException(summaryPath + ": empty, expected a header and one row per configuration");
        }
        List<String> header = rows.get(0).stream().map(String::trim).toList();
        for (String col : REQUIRED_COLUMNS) {
            if (!header.contains(col)) {
                throw new ReportException(summaryPath + ": no column '" + col + "' in the header, expected "
                    + String.join(",", REQUIRED_COLUMNS) + ", ...");
            }
        }
        List<String> fields = new ArrayList<>();
        for (String h : header.subList(0, header.indexOf(FIRST_SCORE))) {
            if (!h.equals("config_id") && !h.equals("seed")) {
                fields.add(h);
            }
        }
        List<ConfigResult> configs = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            configs.add(row(summaryPath, r + 1, header, fields, rows.get(r)));
        }
        if (configs.isEmpty()) {
            throw new ReportException(summaryPath + ": no configuration rows, expected at least one");
        }
        JsonNode provenance = json(fs, new Path(dir, PROVENANCE), true);
        if (!provenance.isObject()) {
            throw new ReportException(new Path(dir, PROVENANCE) + ": expected a JSON object");
        }
        JsonNode truthNode = json(fs, new Path(dir, TRUTH), false);
        Truth truth = truthNode.isMissingNode() ? null : truth(new Path(dir, TRUTH), truthNode);
        return new ResultData(fs, dir, List.copyOf(fields), List.copyOf(configs), provenance, truth);
    }

    private static ConfigResult row(Path file, int line, List<String> header, List<String> fields, List<String> cells) {
        if (cells.size() != header.size()) {
            throw new ReportException(file + " line " + line + ": " + cells.size() + " fields, expected "
                + header.size() + " as in the header");
        }
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byName.put(header.get(i), cells.get(i).trim());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String f : fields) {
            settings.put(f, byName.get(f));
        }
        String id = byName.get("config_id");
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw new ReportException(file + " line " + line + ": config_id '" + id
                + "', expected a non-empty name without '/'");
        }
        return new ConfigResult(id, settings, (long) number(file, line, byName, "seed", true),
            number(file, line, byName, FIRST_SCORE, false), number(file, line, byName, "test_marginal_ll_sd", false),
            number(file, line, byName, "test_marginal_ll_per_bin", false),
            number(file, line, byName, "bits_per_spike", false), number(file, line, byName, "train_elbo", false),
            number(file, line, byName, "weight_error", false), number(file, line, byName, "bias_error", false),
            number(file, line, byName, "train_seconds", false), number(file, line, byName, "eval_seconds", false));
    }

    private static double number(Path file, int line, Map<String, String> row, String column, boolean required) {
        String s = row.get(column);
        if (s == null || s.isEmpty()) {
            if (required) {
                throw new ReportException(file + " line " + line + ": empty " + column + ", expected a number");
            }
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ReportException(file + " line " + line + ": " + column + " '" + s + "', expected a number");
        }
    }

    private static Truth truth(Path file, JsonNode t) {
        double[][] w = matrix(file, t.path("W"), "W");
        double[] b = vector(file, t.path("b"), "b");
        int n = b.length;
        if (w.length != n || (n > 0 && w[0].length != n)) {
            throw new ReportException(file + ": W is " + w.length + " x " + (w.length > 0 ? w[0].length : 0)
                + ", expected " + n + " x " + n + " (as many neurons as b has entries)");
        }
        List<String> units = strings(t.path("visible_units"));
        int visible = t.path("visible").asInt(units.size());
        if (visible < 1 || visible > n) {
            throw new ReportException(file + ": visible " + visible + ", expected 1.." + n);
        }
        return new Truth(units, visible, w, b);
    }

    /** Fully qualified directory. */
    Path dir() {
        return dir;
    }

    List<String> fields() {
        return fields;
    }

    List<ConfigResult> configs() {
        return configs;
    }

    JsonNode provenance() {
        return provenance;
    }

    /** The truth, or null when the result has none. */
    Truth truth() {
        return truth;
    }

    /** The learned parameters of configuration {@code id} (read once). */
    synchronized Params params(String id) {
        Params p = paramsCache.get(id);
        if (p == null) {
            p = readParams(id);
            paramsCache.put(id, p);
        }
        return p;
    }

    private Params readParams(String id) {
        Path file = new Path(new Path(new Path(dir, CONFIGS), id), "params.json");
        JsonNode root = json(fs, file, true);
        JsonNode params = root.path("parameters");
        double[] b = vector(file, params.path("b"), "parameters.b");
        double[][] w = matrix(file, params.path("W"), "parameters.W");
        int n = b.length;
        if (w.length != n || (n > 0 && w[0].length != n)) {
            throw new ReportException(file + ": parameters.W is " + w.length + " x " + (w.length > 0 ? w[0].length : 0)
                + ", expected " + n + " x " + n);
        }
        List<String> units = strings(root.path("visible_units"));
        int visible = root.path("visible").asInt(units.size());
        int hidden = root.path("hidden").asInt(n - visible);
        if (visible < 1 || visible + hidden != n) {
            throw new ReportException(file + ": visible " + visible + " + hidden " + hidden + ", expected "
                + n + " neurons (the length of parameters.b)");
        }
        return new Params(units, visible, hidden, w, b);
    }

    /** The learning curve of configuration {@code id}. */
    Curve curve(String id) {
        Path file = new Path(new Path(new Path(dir, CONFIGS), id), "curve.csv");
        List<List<String>> rows = Csv.parse(readRequired(fs, file, "the configuration's learning curve"));
        if (rows.isEmpty() || !rows.get(0).contains("train_elbo")) {
            throw new ReportException(file + ": no header with train_elbo, expected epoch,train_elbo");
        }
        int ei = rows.get(0).indexOf("epoch");
        int vi = rows.get(0).indexOf("train_elbo");
        double[] epochs = new double[rows.size() - 1];
        double[] elbo = new double[rows.size() - 1];
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            try {
                epochs[r - 1] = ei >= 0 ? Double.parseDouble(row.get(ei)) : r;
                String v = row.get(vi).trim();
                elbo[r - 1] = v.isEmpty() ? Double.NaN : Double.parseDouble(v);
            } catch (RuntimeException e) {
                throw new ReportException(file + " line " + (r + 1) + ": " + row + ", expected epoch,train_elbo numbers");
            }
        }
        return new Curve(epochs, elbo);
    }

    // ---- helpers

    private static String readRequired(FileSystem fs, Path file, String what) {
        String s = readText(fs, file);
        if (s == null) {
            throw new ReportException(file + ": missing (" + what + "), expected in every finished result");
        }
        return s;
    }

    /** The file's text, or null if it does not exist. */
    static String readText(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new ReportException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode json(FileSystem fs, Path file, boolean required) {
        String text = required ? readRequired(fs, file, "JSON") : readText(fs, file);
        if (text == null) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ReportException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        }
    }

    private static double[] vector(Path file, JsonNode node, String name) {
        if (!node.isArray()) {
            throw new ReportException(file + ": no array " + name + ", expected a list of numbers");
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber() && !x.isNull()) {
                throw new ReportException(file + ": " + name + "[" + i + "] is " + x + ", expected a number");
            }
            v[i] = x.isNull() ? Double.NaN : x.asDouble();
        }
        return v;
    }

    private static double[][] matrix(Path file, JsonNode node, String name) {
        if (!node.isArray()) {
            throw new ReportException(file + ": no array " + name + ", expected a list of rows");
        }
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(file, node.get(i), name + "[" + i + "]");
            if (m[i].length != m[0].length) {
                throw new ReportException(file + ": " + name + " row " + i + " has " + m[i].length
                    + " entries, expected " + m[0].length + " like row 0");
            }
        }
        return m;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        }
        return out;
    }
}
