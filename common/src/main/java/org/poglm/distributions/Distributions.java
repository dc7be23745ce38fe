package org.poglm.distributions;

import java.util.List;

import org.poglm.errors.ConfigurationException;

/** The nine hidden-spike families of SPEC §4 by name, with their default temperatures. */
public final class Distributions {
    /** Every valid name, in the order of SPEC §4. */
    public static final List<String> NAMES = List.of("poisson", "categorical", "gs-score", "gs-pathwise",
        "exponential", "rayleigh", "half-normal", "eat-sigmoid", "eat-cubic");

    /** Default number of truncated-Poisson categories M. */
    public static final int DEFAULT_CATEGORIES = 5;

    private Distributions() {
    }

    /** The default temperature of a family, or NaN when it has none. */
    public static double defaultTau(String name) {
        return switch (name) {
            case "gs-score" -> 1.0;
            case "gs-pathwise" -> 0.5;
            case "eat-sigmoid", "eat-cubic" -> 0.1;
            default -> Double.NaN;
        };
    }

    /** True when the family has a temperature. */
    public static boolean hasTau(String name) {
        return !Double.isNaN(defaultTau(name));
    }

    /** True when the family uses categories M. */
    public static boolean hasCategories(String name) {
        return name.equals("categorical") || name.startsWith("gs-");
    }

    /** Fails with the field and value unless {@code tau} is a temperature: finite and > 0. */
    static double requireTau(double tau) {
        ConfigurationException.require(tau > 0 && Double.isFinite(tau), "tau", tau, "a finite number > 0");
        return tau;
    }

    /** Fails with the field and value unless {@code M >= 2} truncated-Poisson categories. */
    static int requireCategories(int categories) {
        ConfigurationException.require(categories >= 2, "categories M", categories, "an integer >= 2");
        return categories;
    }

    /** The family with its default tau and M. */
    public static HiddenSpikeDistribution create(String name) {
        return create(name, Double.NaN, DEFAULT_CATEGORIES);
    }

    /**
     * The family {@code name}; {@code tau} NaN means the family's default. Fails with the field and
     * value for an unknown name, {@code tau <= 0} or {@code M < 2}.
     */
    public static HiddenSpikeDistribution create(String name, double tau, int categories) {
        String n = name == null ? "null" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new ConfigurationException("distribution", name, "one of " + String.join(", ", NAMES));
        }
        double t = Double.isNaN(tau) ? defaultTau(n) : tau;
        return switch (n) {
            case "poisson" -> new PoissonSpikes();
            case "categorical" -> new CategoricalSpikes(categories);
            case "gs-score" -> new GumbelSoftmax(categories, t, false);
            case "gs-pathwise" -> new GumbelSoftmax(categories, t, true);
            case "exponential" -> new ExponentialSpikes();
            case "rayleigh" -> new RayleighSpikes();
            case "half-normal" -> new HalfNormalSpikes();
            case "eat-sigmoid" -> new EatSigmoid(t);
            case "eat-cubic" -> new EatCubic(t);
            default -> throw new IllegalStateException(n);
        };
    }
}
