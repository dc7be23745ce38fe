package org.poglm.model;

import org.poglm.errors.ConfigurationException;

/** The control variate {@code beta_k} of the score-function estimator (SPEC §5). */
public enum ScoreBaseline {
    /** {@code beta_k = 0}, the paper's code. */
    NONE("none"),
    /** {@code beta_k = mean_{j != k} l_j}: unbiased, lower variance, needs K >= 2. */
    LEAVE_ONE_OUT("leave-one-out");

    private final String label;

    ScoreBaseline(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ScoreBaseline parse(String s) {
        String n = s.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "none", "0", "zero" -> NONE;
            case "leave-one-out", "loo" -> LEAVE_ONE_OUT;
            default -> throw new ConfigurationException("score baseline", s, "one of none, leave-one-out");
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
