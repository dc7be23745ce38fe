package org.poglm.result;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.poglm.model.ParameterLayout;
import org.poglm.schemes.ParameterBlock;

/**
 * {@code configs/<id>/params.json}: a configuration's learned parameters, every block by its SPEC
 * name ({@code b}, {@code W}, {@code c}, {@code Af}, {@code As} or {@code Ab}; vectors as arrays,
 * matrices as arrays of rows), with the configuration's settings and the visible units.
 *
 * @param config      the configuration's description (id and settings)
 * @param units       the visible units in neuron order
 * @param blocks      block name to {@code double[]} (one row) or {@code double[][]}
 * @param hiddenOrder when the hidden neurons were matched to a true network: the learned hidden
 *                    neurons (0-based within the hidden block) in the order named after the true
 *                    ones ({@code ParameterRecovery.Result#hiddenOrder}); null otherwise
 */
public record ConfigParams(Map<String, Object> config, List<String> units, int visible, int hidden,
                           Map<String, Object> blocks, int[] hiddenOrder) {
    static final String CONVENTION = "W[n][m] is the weight from neuron m to neuron n; neurons 0..V-1 are the "
        + "visible units in visible_units order, V..N-1 hidden; rates f = sigma(b + W h)";
    static final String HIDDEN_ORDER_NOTE = "hidden_order: the learned hidden neurons (0-based within the hidden "
        + "block) matched to true hidden neurons 1, 2, ..., then the unmatched ones";

    /** The parameters of a flat vector under {@code layout}. */
    public static ConfigParams of(ParameterLayout layout, double[] params, Map<String, Object> config,
                                  List<String> units, int[] hiddenOrder) {
        Map<String, Object> blocks = new LinkedHashMap<>();
        for (ParameterBlock b : layout.blocks()) {
            double[][] values = layout.values(params, b);
            blocks.put(b.name(), b.rows() == 1 ? values[0] : values);
        }
        return new ConfigParams(config, units, layout.visible(), layout.hidden(), blocks, hiddenOrder);
    }

    /** Only the generative blocks, for code that draws weights (tests, the report's fixtures). */
    public static ConfigParams generative(List<String> units, int visible, int hidden, double[][] weights,
                                          double[] biases, int[] hiddenOrder) {
        Map<String, Object> blocks = new LinkedHashMap<>();
        blocks.put("b", biases);
        blocks.put("W", weights);
        return new ConfigParams(Map.of(), units, visible, hidden, blocks, hiddenOrder);
    }

    public int neurons() {
        return visible + hidden;
    }

    public double[] biases() {
        return (double[]) blocks.get("b");
    }

    public double[][] weights() {
        return (double[][]) blocks.get("W");
    }

    /** The file's text. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("visible_units", units);
        m.put("neurons", neurons());
        m.put("visible", visible);
        m.put("hidden", hidden);
        m.put("convention", hiddenOrder == null ? CONVENTION : CONVENTION + "; " + HIDDEN_ORDER_NOTE);
        if (hiddenOrder != null) {
            m.put("hidden_order", hiddenOrder);
        }
        m.put("parameters", blocks);
        return ResultJson.write(m);
    }

    /** Reads {@code file} (for messages) from its text; {@code b} and {@code W} must be there and agree. */
    public static ConfigParams read(String text, String file) {
        JsonNode root = ResultJson.read(text, file);
        JsonNode params = root.path("parameters");
        double[] b = ResultJson.vector(file, params.path("b"), "parameters.b");
        double[][] w = ResultJson.matrix(file, params.path("W"), "parameters.W");
        int n = b.length;
        if (w.length != n || (n > 0 && w[0].length != n)) {
            throw new ResultFormatException(file + ": parameters.W is " + w.length + " x "
                + (w.length > 0 ? w[0].length : 0) + ", expected " + n + " x " + n);
        }
        List<String> units = ResultJson.strings(root.path("visible_units"));
        int visible = root.path("visible").asInt(units.size());
        int hidden = root.path("hidden").asInt(n - visible);
        if (visible < 1 || visible + hidden != n) {
            throw new ResultFormatException(file + ": visible " + visible + " + hidden " + hidden + ", expected "
                + n + " neurons (the length of parameters.b)");
        }
        Map<String, Object> blocks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            boolean matrix = v.isArray() && v.size() > 0 && v.get(0).isArray();
            blocks.put(e.getKey(), matrix ? ResultJson.matrix(file, v, "parameters." + e.getKey())
                : ResultJson.vector(file, v, "parameters." + e.getKey()));
        }
        int[] order = null;
        JsonNode o = root.path("hidden_order");
        if (o.isArray()) {
            order = new int[o.size()];
            boolean[] seen = new boolean[Math.max(hidden, 0)];
            for (int i = 0; i < order.length; i++) {
                int j = o.get(i).asInt(-1);
                if (order.length != hidden || !o.get(i).canConvertToInt() || j < 0 || j >= hidden || seen[j]) {
                    throw new ResultFormatException(file + ": hidden_order " + o + ", expected a permutation of 0.."
                        + (hidden - 1));
                }
                seen[j] = true;
                order[i] = j;
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            config.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.numberValue() : v.asText());
        }
        return new ConfigParams(config, new ArrayList<>(units), visible, hidden, blocks, order);
    }
}
