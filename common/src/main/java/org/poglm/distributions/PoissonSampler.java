package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.numerics.SpecialFunctions;

/** Poisson draws from a cell's indexed uniforms: inversion for small means, PTRS (Hormann 1993) above. */
public final class PoissonSampler {
    private static final double PTRS_THRESHOLD = 10.0;

    private PoissonSampler() {
    }

    /**
     * One Poisson(m) count from {@code noise} (uses uniforms 0, 1, ...); NaN for a mean above
     * {@link HiddenSpikeDistribution#MAX_MEAN} or NaN (a diverged fit), 0 for a mean <= 0.
     */
    public static double sample(CellNoise noise, double m) {
        if (!(m <= HiddenSpikeDistribution.MAX_MEAN)) {
            return Double.NaN;
        }
        if (!(m > 0)) {
            return 0;
        }
        if (m < PTRS_THRESHOLD) {
            return inversion(noise.uniform(0), m);
        }
        return ptrs(noise, m);
    }

    /** One Poisson(m) count given e^-m (inversion; PTRS above the threshold, which ignores it); as {@link #sample(CellNoise, double)}. */
    public static double sample(CellNoise noise, double m, double expNegM) {
        if (!(m <= HiddenSpikeDistribution.MAX_MEAN)) {
            return Double.NaN;
        }
        if (!(m > 0)) {
            return 0;
        }
        if (m < PTRS_THRESHOLD) {
            return inversion(noise.uniform(0), m, expNegM);
        }
        return ptrs(noise, m);
    }

    /**
     * True when {@link #sample(CellNoise, double, double)} draws by inversion from the cell's first uniform
     * alone (so a caller may hand over that uniform, see {@link #inversion(double, double, double)}).
     */
    static boolean byInversion(double m) {
        return m > 0 && m < PTRS_THRESHOLD;
    }

    /** The smallest k with CDF(k) >= u. */
    static int inversion(double u, double m) {
        return inversion(u, m, Math.exp(-m));
    }

    static int inversion(double u, double m, double expNegM) {
        double p = expNegM;
        double cdf = p;
        int k = 0;
        // The cap m + 40 sqrt(m) + 40 is never below 40, so its square root is only taken from there on.
        int limit = -1;
        while (u > cdf) {
            if (k >= 40) {
                if (limit < 0) {
                    limit = (int) (m + 40.0 * Math.sqrt(m) + 40.0);
                }
                if (k >= limit) {
                    break;
                }
            }
            k++;
            p *= m / k;
            cdf += p;
            if (p == 0.0 && k > m) {
                break;
            }
        }
        return k;
    }

    /** Transformed rejection with squeeze, as in numpy's random_poisson_ptrs. */
    static int ptrs(CellNoise noise, double lam) {
        double slam = Math.sqrt(lam);
        double loglam = Math.log(lam);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2.0);
        for (int j = 0; ; j += 2) {
            double u = noise.uniform(j) - 0.5;
            double v = noise.uniform(j + 1);
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2.0 * a / us + b) * u + lam + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                <= -lam + k * loglam - SpecialFunctions.logGamma(k + 1.0)) {
                return (int) k;
            }
        }
    }

    /** The smallest k with P(Poisson(mean) <= k) >= level. */
    public static int quantile(double mean, double level) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean > 1e5) {
            // Normal approximation with a continuity margin; only used to bound loops.
            return (int) Math.ceil(mean + 6.0 * Math.sqrt(mean) + 10.0);
        }
        double logp = -mean;
        double cdf = Math.exp(logp);
        int k = 0;
        // Start summing in log space so huge means do not underflow the first term.
        while (cdf < level) {
            k++;
            logp += Math.log(mean) - Math.log(k);
            cdf += Math.exp(logp);
            if (k > mean + 50.0 * Math.sqrt(mean) + 100.0) {
                break;
            }
        }
        return k;
    }
}
