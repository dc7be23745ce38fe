package org.poglm.distributions;

import java.io.Serializable;

import org.poglm.random.CellNoise;

/**
 * A hidden-spike family D(mean = m) of SPEC §4, used by both the generative hidden term
 * (mean f) and the variational model q (mean g).
 *
 * <p>Each (sample, bin, hidden neuron) cell stores a latent of {@link #latentSize()} doubles:
 * the soft count and, for scalar pathwise families, dz/dm; the log-softmax vector for
 * Gumbel-Softmax; the integer count for score-function families. Instances are immutable and
 * shared between threads; per-call scratch comes from the caller ({@link #workSize()} doubles).
 */
public interface HiddenSpikeDistribution extends Serializable {
    /** Added inside every log of a rate (SPEC §2). */
    double EPS = 1e-8;

    /** The SPEC §4 name, e.g. {@code eat-cubic}. */
    String name();

    /** True when phi's gradient flows through the sample (pathwise), false for score function. */
    boolean pathwise();

    /** Doubles stored per cell. */
    int latentSize();

    /** Scratch doubles needed by any method. */
    default int workSize() {
        return 0;
    }

    /** The temperature, or NaN for families without one. */
    default double tau() {
        return Double.NaN;
    }

    /**
     * Draws the cell's latent for mean {@code m} from {@code noise} (noise independent of m),
     * writes it at {@code latent[off..]} and returns the soft count z that enters hz.
     */
    double sample(CellNoise noise, double m, double[] latent, int off, double[] work);

    /** The soft count z of a stored latent. */
    double count(double[] latent, int off);

    /** log D(latent; m). */
    double logDensity(double[] latent, int off, double m, double[] work);

    /** d/dm log D(latent; m) at fixed latent. */
    double dLogDensityDMean(double[] latent, int off, double m, double[] work);

    /**
     * Pathwise families: for {@code l = log D(latent; f) - log D(latent; g) + U(z)}, with the latent
     * reparameterised from fixed noise and mean g, returns dl/dg given {@code dUdz = dU/dz}.
     */
    default double pathwiseMeanGradient(double[] latent, int off, double f, double g, double dUdz, double[] work) {
        throw new UnsupportedOperationException(name() + " uses the score-function estimator");
    }
}
