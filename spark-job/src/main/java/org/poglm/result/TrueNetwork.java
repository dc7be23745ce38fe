package org.poglm.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code truth.json}: the network that generated the recording, when known (the built-in generator
 * or {@code --truth}), visible neurons first in the recording's unit order, as the recovery errors
 * used it.
 */
public record TrueNetwork(List<String> units, int visible, double[][] weights, double[] biases) {
    static final String CONVENTION = "W[n][m] from neuron m to neuron n; neurons 0..V-1 are the visible units in order";

    public int neurons() {
        return biases.length;
    }

    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visible_units", units);
        m.put("visible", visible);
        m.put("convention", CONVENTION);
        m.put("W", weights);
        m.put("b", biases);
        return ResultJson.write(m);
    }

    public static TrueNetwork read(String text, String file) {
        JsonNode t = ResultJson.read(text, file);
        double[][] w = ResultJson.matrix(file, t.path("W"), "W");
        double[] b = ResultJson.vector(file, t.path("b"), "b");
        int n = b.length;
        if (w.length != n || (n > 0 && w[0].length != n)) {
            throw new ResultFormatException(file + ": W is " + w.length + " x " + (w.length > 0 ? w[0].length : 0)
                + ", expected " + n + " x " + n + " (as many neurons as b has entries)");
        }
        List<String> units = ResultJson.strings(t.path("visible_units"));
        int visible = t.path("visible").asInt(units.size());
        if (visible < 1 || visible > n) {
            throw new ResultFormatException(file + ": visible " + visible + ", expected 1.." + n);
        }
        return new TrueNetwork(units, visible, w, b);
    }

    /** True when this network describes the same visible neurons as {@code params}. */
    public boolean fits(ConfigParams params) {
        return visible == params.visible()
            && (units.isEmpty() || params.units().isEmpty() || units.equals(params.units()));
    }
}
