package org.poglm.report;

import java.util.List;
import java.util.Map;

/**
 * One row of {@code summary.csv}: a trained configuration, its settings (every configuration
 * field except the id and the seed, in the file's column order, as written) and its scores
 * (NaN where the cell is empty: not applicable).
 */
record ConfigResult(String id, Map<String, String> settings, long seed, double testLl, double testLlPieceSd,
                    double testLlPerBin, double bitsPerSpike, double trainElbo, double weightError,
                    double biasError, double trainSeconds, double evalSeconds) {

    /** The setting values in {@code fields} order: the key that groups seeds into a method combination. */
    List<String> key(List<String> fields) {
        return fields.stream().map(f -> settings.getOrDefault(f, "")).toList();
    }

    String distribution() {
        return settings.getOrDefault("distribution", "");
    }

    String scheme() {
        return settings.getOrDefault("scheme", "");
    }

    int hidden() {
        String h = settings.getOrDefault("hidden", "0");
        return h.isEmpty() ? 0 : (int) Double.parseDouble(h);
    }

    /** The fully observed GLM (no hidden neurons). */
    boolean glm() {
        return "glm".equals(distribution()) || hidden() == 0;
    }
}
