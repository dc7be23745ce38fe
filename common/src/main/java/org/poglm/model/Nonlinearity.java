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

        @Override
        double ceiling() {
            return 1.0;
        }

        @Override
        double unclampedInverse(double rate) {
            return Math.log(rate) - Math.log1p(-rate);
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

        @Override
        double unclampedInverse(double rate) {
            // log(e^r - 1), written so that small and large rates keep their digits.
            return rate > 30 ? rate + Math.log1p(-Math.exp(-rate)) : Math.log(Math.expm1(rate));
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

        @Override
        double unclampedInverse(double rate) {
            return Math.log(rate);
        }
    };

    /** The smallest rate (spikes per bin) {@link #inverse} starts from: a unit silent in training is not sent to -infinity. */
    public static final double MIN_START_RATE = 1e-4;
    /** How close to a bounded link's ceiling {@link #inverse} goes, as a fraction of it. */
    static final double MAX_START_FRACTION = 0.99;

    private final String label;

    Nonlinearity(String label) {
        this.label = label;
    }

    /** sigma(a). */
    public abstract double value(double a);

    /** f[i] = sigma(a[i]), df[i] = sigma'(a[i]) for i in [from, to). */
    public abstract void apply(double[] a, double[] f, double[] df, int from, int to);

    /** The largest rate the link can give (spikes per bin), infinity for unbounded links. */
    double ceiling() {
        return Double.POSITIVE_INFINITY;
    }

    abstract double unclampedInverse(double rate);

    /**
     * The pre-activation whose rate is {@code rate} (SPEC §9, data start): sigma^-1(rate), with the
     * rate clamped to [{@link #MIN_START_RATE}, 0.99 x the link's ceiling] so that a silent unit or
     * a saturated one starts from a finite bias.
     */
    public double inverse(double rate) {
        double r = Double.isNaN(rate) ? MIN_START_RATE : Math.max(MIN_START_RATE, rate);
        return unclampedInverse(Math.min(r, MAX_START_FRACTION * ceiling()));
    }

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
