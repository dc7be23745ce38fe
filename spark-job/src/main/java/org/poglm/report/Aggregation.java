package org.poglm.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Groups configurations into method combinations (all settings equal except the seed), computes
 * mean and standard deviation over seeds, and orders them best first (highest mean test
 * log-likelihood per piece; combinations without a finite one last).
 */
final class Aggregation {
    /** Settings always named in a label (distribution and scheme read "exponential x FB"). */
    private static final List<String> LABEL_CORE = List.of("distribution", "scheme", "hidden");
    /** Short names of the other settings in labels and table headers. */
    static final Map<String, String> SHORT = Map.of("tau", "tau", "nonlinearity", "nonlin", "mc_samples", "K",
        "lr_model", "lr model", "lr_variational", "lr var", "score_baseline", "baseline", "hidden", "H",
        "distribution", "distribution", "scheme", "scheme");

    private final List<String> fields;
    private final List<Combination> combinations;
    private final List<String> varying;

    private Aggregation(List<String> fields, List<Combination> combinations, List<String> varying) {
        this.fields = fields;
        this.combinations = combinations;
        this.varying = varying;
    }

    /** @param fields the setting columns of summary.csv (all configuration fields but id and seed) */
    static Aggregation of(List<String> fields, List<ConfigResult> configs) {
        Map<List<String>, List<ConfigResult>> groups = new LinkedHashMap<>();
        for (ConfigResult c : configs) {
            groups.computeIfAbsent(c.key(fields), k -> new ArrayList<>()).add(c);
        }
        List<String> varying = varyingFields(fields, groups.values());
        List<Combination> out = new ArrayList<>();
        for (List<ConfigResult> seeds : groups.values()) {
            seeds.sort(Comparator.comparingLong(ConfigResult::seed).thenComparing(ConfigResult::id));
            EnumMap<Metric, Stats> stats = new EnumMap<>(Metric.class);
            for (Metric m : Metric.values()) {
                stats.put(m, Stats.of(seeds.stream().mapToDouble(m.value).toArray()));
            }
            ConfigResult best = seeds.stream().max(Comparator.comparingDouble(c -> finiteOr(c.testLl()))).orElseThrow();
            out.add(new Combination(seeds.get(0).settings(), label(seeds.get(0), varying), List.copyOf(seeds), stats,
                best));
        }
        out.sort(Comparator.comparingDouble((Combination c) -> finiteOr(c.stat(Metric.TEST_LL).mean())).reversed());
        return new Aggregation(List.copyOf(fields), List.copyOf(out), varying);
    }

    private static double finiteOr(double v) {
        return Double.isFinite(v) ? v : Double.NEGATIVE_INFINITY;
    }

    /**
     * The settings besides distribution, scheme and H that tell combinations apart: those taking
     * two or more values within one distribution. (A setting that only differs between
     * distributions, e.g. tau being blank for families without one, or K = 1 for the GLM, is
     * implied by the distribution and would only clutter the labels.)
     */
    static List<String> varyingFields(List<String> fields, Iterable<List<ConfigResult>> groups) {
        Map<String, Map<String, Set<String>>> seen = new HashMap<>();
        for (List<ConfigResult> g : groups) {
            ConfigResult c = g.get(0);
            for (String f : fields) {
                seen.computeIfAbsent(f, k -> new HashMap<>()).computeIfAbsent(c.distribution(), k -> new HashSet<>())
                    .add(c.settings().getOrDefault(f, ""));
            }
        }
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            if (LABEL_CORE.contains(f)) {
                continue;
            }
            if (seen.getOrDefault(f, Map.of()).values().stream().anyMatch(s -> s.size() > 1)) {
                out.add(f);
            }
        }
        return out;
    }

    static String label(ConfigResult c, List<String> varying) {
        StringBuilder sb = new StringBuilder();
        if (c.glm()) {
            sb.append("GLM (fully observed)");
        } else {
            sb.append(c.distribution()).append(" \u00d7 ").append(scheme(c.scheme())).append(", H=").append(c.hidden());
        }
        for (String f : varying) {
            String v = c.settings().getOrDefault(f, "");
            if (!v.isEmpty()) {
                sb.append(", ").append(SHORT.getOrDefault(f, f)).append('=').append(v);
            }
        }
        return sb.toString();
    }

    /** Scheme names as the paper writes them: F, FS, FB. */
    static String scheme(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    List<String> fields() {
        return fields;
    }

    /** Best first. */
    List<Combination> combinations() {
        return combinations;
    }

    /** Settings other than distribution, scheme and H that vary within a distribution (shown in labels). */
    List<String> varying() {
        return varying;
    }

    /** The combination with the highest mean test LL, or null if none has a finite one. */
    Combination best() {
        if (combinations.isEmpty() || !Double.isFinite(combinations.get(0).stat(Metric.TEST_LL).mean())) {
            return null;
        }
        return combinations.get(0);
    }

    /** The configuration (one seed) with the highest test LL of all, or null if none is finite. */
    ConfigResult bestConfig() {
        return combinations.stream().map(Combination::best).filter(c -> Double.isFinite(c.testLl()))
            .max(Comparator.comparingDouble(ConfigResult::testLl)).orElse(null);
    }

    /** The best fully observed GLM combination (the reference of the charts), or null. */
    Combination glm() {
        return combinations.stream().filter(Combination::glm)
            .filter(c -> Double.isFinite(c.stat(Metric.TEST_LL).mean())).findFirst().orElse(null);
    }

    /** Distinct H values of the combinations with hidden neurons, ascending. */
    List<Integer> hiddenValues() {
        return combinations.stream().filter(c -> !c.glm()).map(Combination::hidden).distinct().sorted().toList();
    }
}
