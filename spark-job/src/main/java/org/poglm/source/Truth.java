package org.poglm.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.poglm.ingest.InputException;
import org.poglm.synthetic.SyntheticTruth;

/**
 * The true network of a synthetic recording, for parameter-recovery errors: weights and biases
 * reordered so the recording's visible neurons come first (in the recording's column order),
 * then the hidden ones. Read from {@code --truth} JSON
 * {@code {"weights": [[...]], "biases": [...], "visible": [...]}} with {@code weights[n][m]} from m to n,
 * or taken from the built-in generator.
 */
public record Truth(double[][] weights, double[] biases, int visible) {

    public static Truth of(SyntheticTruth t) {
        return new Truth(t.weights(), t.biases(), t.visible());
    }

    public static Truth read(String path, int recordingUnits, Configuration conf) {
        JsonNode root;
        try (InputStream in = new Path(path).getFileSystem(conf).open(new Path(path))) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new InputException("--truth " + path + ": cannot be read as JSON (" + firstLine(e.getMessage()) + ")");
        }
        JsonNode w = field(root, "weights", path);
        JsonNode b = field(root, "biases", path);
        int n = b.size();
        if (!b.isArray() || n == 0) {
            throw new InputException(path + " field biases: expected a non-empty array of numbers");
        }
        if (!w.isArray() || w.size() != n) {
            throw new InputException(path + " field weights: expected " + n + " rows (one per bias), got "
                + (w.isArray() ? w.size() : "a non-array"));
        }
        double[][] weights = new double[n][n];
        double[] biases = new double[n];
        for (int i = 0; i < n; i++) {
            biases[i] = number(b.get(i), path, "biases[" + i + "]");
            JsonNode row = w.get(i);
            if (!row.isArray() || row.size() != n) {
                throw new InputException(path + " field weights[" + i + "]: expected " + n + " numbers");
            }
            for (int j = 0; j < n; j++) {
                weights[i][j] = number(row.get(j), path, "weights[" + i + "][" + j + "]");
            }
        }
        List<Integer> visible = new ArrayList<>();
        JsonNode v = root.get("visible");
        if (v == null) {
            for (int i = 0; i < recordingUnits; i++) {
                visible.add(i);
            }
        } else {
            for (int i = 0; i < v.size(); i++) {
                JsonNode x = v.get(i);
                if (!x.canConvertToInt() || x.asInt() < 0 || x.asInt() >= n || visible.contains(x.asInt())) {
                    throw new InputException(path + " field visible[" + i + "]: '" + x + "' is not a distinct neuron index in [0, "
                        + n + ")");
                }
                visible.add(x.asInt());
            }
        }
        if (visible.size() != recordingUnits) {
            throw new InputException(path + " field visible: lists " + visible.size() + " neurons, but the recording has "
                + recordingUnits + " units");
        }
        int[] order = new int[n];
        int k = 0;
        for (int i : visible) {
            order[k++] = i;
        }
        for (int i = 0; i < n; i++) {
            if (!visible.contains(i)) {
                order[k++] = i;
            }
        }
        double[][] wr = new double[n][n];
        double[] br = new double[n];
        for (int a = 0; a < n; a++) {
            br[a] = biases[order[a]];
            for (int c = 0; c < n; c++) {
                wr[a][c] = weights[order[a]][order[c]];
            }
        }
        return new Truth(wr, br, visible.size());
    }

    private static JsonNode field(JsonNode root, String name, String path) {
        JsonNode n = root == null ? null : root.get(name);
        if (n == null) {
            throw new InputException(path + ": field '" + name + "' is missing; expected {\"weights\": [[...]], "
                + "\"biases\": [...], \"visible\": [...]}");
        }
        return n;
    }

    private static double number(JsonNode n, String path, String field) {
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new InputException(path + " field " + field + ": '" + n + "' is not a finite number");
        }
        return n.asDouble();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
