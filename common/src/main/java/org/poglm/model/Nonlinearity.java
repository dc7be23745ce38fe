package org.poglm.model;

import org.poglm.errors.ConfigurationException;
import org.poglm.numerics.VectorMath;

/**
 * The rate nonlinearity sigma of SPEC §2: {@code f = sigma(a)}. Sigmoid is the paper code's
 * choice and the default; softplus is the paper text's; exp is the canonical Poisson link.
 */
public enum Nonlinearity {
    SIGMOID("sigmoid") {
        @Override
        public double value(double a) {
            return a >= 0 ? 1.0 / (1.0 + Math.exp(-a)) : 1.0 - 1.0 / (1.0 + Math.exp(a));
        }

        @Override
        public void apply(double[] a, double[] f, double[] df, int from, int to) {
            VectorMath.sigmoid(a, f, df, from, to);
        }
    },
    SOFTPLUS("softplus") {
        @Override
        public double value(double a) {
            return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
        }

        @Override
        public void apply(double[] a, double[] f, double[] df, int from, int to) {
            VectorMath.softplus(a, f, df, from, to);
        }
    },
    EXP("exp") {
        @Override
        public double value(double a) {
            return Math.exp(a);
        }

        @Override
        public void apply(double[] a, double[] f, double[] df, int from, int to) {
            VectorMath.exp(a, f, df, from, to);
        }
    };

    private final String label;

    Nonlinearity(String label) {
        this.label = label;
    }

    /** sigma(a). */
    public abstract double value(double a);

    /** f[i] = sigma(a[i]), df[i] = sigma'(a[i]) for i in [from, to). */
    public abstract void apply(double[] a, double[] f, double[] df, int from, int to);

    public String label() {
        return label;
    }

    public static Nonlinearity parse(String s) {
        for (Nonlinearity n : values()) {
            if (n.label.equalsIgnoreCase(s.trim())) {
                return n;
            }
        }
        throw new ConfigurationException("nonlinearity", s, "one of sigmoid, softplus, exp");
    }

    @Override
    public String toString() {
        return label;
    }
}
