package org.poglm.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A method combination: the configurations that differ only in their seed, with every metric's
 * statistics over those seeds and the best seed (highest test log-likelihood).
 *
 * @param settings every configuration field except id and seed (summary.csv's column order)
 * @param label    short human name, e.g. "exponential x FB, H=2" plus the settings that vary in the sweep
 * @param configs  the seeds, in seed order
 */
record Combination(Map<String, String> settings, String label, List<ConfigResult> configs,
                   EnumMap<Metric, Stats> stats, ConfigResult best) {

    Stats stat(Metric m) {
        return stats.get(m);
    }

    String distribution() {
        return configs.get(0).distribution();
    }

    String scheme() {
        return configs.get(0).scheme();
    }

    int hidden() {
        return configs.get(0).hidden();
    }

    boolean glm() {
        return configs.get(0).glm();
    }

    int seeds() {
        return configs.size();
    }
}
