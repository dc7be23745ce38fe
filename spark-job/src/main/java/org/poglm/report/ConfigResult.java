package org.poglm.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.poglm.result.SummaryRow;

/**
 * A trained configuration as the report groups it: its id, its settings (every configuration field
 * except the id, the seed and the fold, in summary.csv's column order, as written), its seed, and its
 * row of summary.csv (scores, NaN where a cell is empty: not applicable; how training ended).
 */
record ConfigResult(String id, Map<String, String> settings, long seed, SummaryRow row) {

    /** A configuration with only scores (tests). */
    ConfigResult(String id, Map<String, String> settings, long seed, double testLl, double testLlPieceSd,
                 double testLlPerBin, double bitsPerSpike, double trainElbo, double weightError, double biasError,
                 double trainSeconds, double evalSeconds) {
        this(id, settings, seed, new SummaryRow(id, withSeed(settings, seed), testLl, testLlPieceSd, testLlPerBin,
            bitsPerSpike, trainElbo, Double.NaN, Double.NaN, weightError, biasError, Double.NaN, Double.NaN, trainSeconds,
            evalSeconds, "", 0, 0, Double.NaN, ""));
    }

    private static Map<String, String> withSeed(Map<String, String> settings, long seed) {
        Map<String, String> m = new LinkedHashMap<>(settings);
        m.put(SummaryRow.SEED, Long.toString(seed));
        return m;
    }

    double testLl() {
        return row.testLl();
    }

    double testLlPieceSd() {
        return row.testLlSd();
    }

    double testLlPerBin() {
        return row.testLlPerBin();
    }

    double bitsPerSpike() {
        return row.bitsPerSpike();
    }

    double trainElbo() {
        return row.trainElbo();
    }

    double weightError() {
        return row.weightError();
    }

    double biasError() {
        return row.biasError();
    }

    double visibleWeightError() {
        return row.visibleWeightError();
    }

    double hiddenWeightError() {
        return row.hiddenWeightError();
    }

    double trainSeconds() {
        return row.trainSeconds();
    }

    double evalSeconds() {
        return row.evalSeconds();
    }

    /** The 1-based fold of blocked cross-validation, 0 without folds. */
    int fold() {
        String f = row.settings().getOrDefault("fold", "");
        return f.isEmpty() ? 0 : Integer.parseInt(f);
    }

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
