package org.poglm.distributions;

import java.io.Serializable;

import org.poglm.random.CellNoise;

/**
 * A hidden-spike family D(mean = m) of SPEC §4, used by both the generative hidden term
 * (mean f) and the variational model q (mean g).
 *
 * <p>Each (sample, bin t, hidden neuron) cell has a latent of {@link #latentSize()} components:
 * the soft count and, for scalar pathwise families, dz/dm; the log-softmax vector for
 * Gumbel-Softmax; the integer count for score-function families. Latents are stored as rows,
 * "structure of arrays": component j of the cell at bin t of a neuron whose first latent row is
 * {@code row} is {@code latent[row + j][t]}, so the row methods run over contiguous time.
 * Instances are immutable and shared between threads; per-call scratch comes from the caller
 * ({@link #workSize()} doubles, and a row of at least T doubles for row methods).
 */
public interface HiddenSpikeDistribution extends Serializable {
    /** Added inside every log of a rate (SPEC §2). */
    double EPS = 1e-8;

    /**
     * The largest mean (spikes per bin) the count samplers accept. Above it no neuron is being modelled:
     * the fit has diverged (typically the exp link with self-excitation), and drawing ~m arrivals or a count
     * beyond the int range would hang or overflow. Such a cell's sample is NaN, so the ELBO is non-finite and
     * training stops naming the configuration, step and piece.
     */
    double MAX_MEAN = 1e6;

    /** The SPEC §4 name, e.g. {@code eat-cubic}. */
    String name();

    /** True when phi's gradient flows through the sample (pathwise), false for score function. */
    boolean pathwise();

    /** Latent components per cell. */
    int latentSize();

    /** Scratch doubles needed by any method. */
    default int workSize() {
        return 0;
    }

    /**
     * How this family draws, for a result's provenance: its parameters and any truncation of the sampler
     * (SPEC §4 asks EAT-sigmoid to report its arrival cap).
     */
    default String samplerNote() {
        return toString();
    }

    /** The temperature, or NaN for families without one. */
    default double tau() {
        return Double.NaN;
    }

    /**
     * Draws the latent of cell t for mean {@code m} from {@code noise} (noise independent of m), writes
     * it to {@code latent[row + j][t]} and returns the soft count z that enters hz.
     */
    double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work);

    /** The soft count z of a stored latent. */
    double count(double[][] latent, int row, int t);

    /** log D(latent; m). */
    double logDensity(double[][] latent, int row, int t, double m, double[] work);

    /** d/dm log D(latent; m) at fixed latent. */
    double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work);

    /**
     * Pathwise families: for {@code l = log D(latent; f) - log D(latent; g) + U(z)}, with the latent
     * reparameterised from fixed noise and mean g, returns dl/dg given {@code dUdz = dU/dz}.
     */
    default double pathwiseMeanGradient(double[][] latent, int row, int t, double f, double g, double dUdz,
                                        double[] work) {
        throw new UnsupportedOperationException(name() + " uses the score-function estimator");
    }

    // Row forms over the cells t < T of one hidden neuron. The defaults loop over the cell methods;
    // families override them with vectorised loops.

    /** Row form of {@link #sample}: cell index {@code cell0 + t}, means {@code m[t]}, soft counts to {@code z[t]}. */
    default void sampleRow(CellNoise noise, long key, int cell0, double[] m, int T, double[][] latent, int row,
                           double[] z, double[] work, double[] scratch) {
        for (int t = 0; t < T; t++) {
            z[t] = sample(noise.at(key, cell0 + t), m[t], latent, row, t, work);
        }
    }

    /**
     * Row form of {@link #logDensity}: returns {@code sum_t log D(latent_t; m[t])}; when {@code dOut} is
     * non-null also writes {@code dOut[t] = d/dm log D(latent_t; m[t]) * factor[t]}.
     */
    default double logDensityRow(double[][] latent, int row, double[] m, int T, double[] factor, double[] dOut,
                                 double[] work, double[] scratch) {
        double s = 0;
        for (int t = 0; t < T; t++) {
            s += logDensity(latent, row, t, m[t], work);
            if (dOut != null) {
                dOut[t] = dLogDensityDMean(latent, row, t, m[t], work) * factor[t];
            }
        }
        return s;
    }

    /** Row form of {@link #dLogDensityDMean}: {@code dOut[t] = d/dm log D(latent_t; m[t]) * factor[t]}. */
    default void dLogDensityRow(double[][] latent, int row, double[] m, int T, double[] factor, double[] dOut,
                                double[] work) {
        for (int t = 0; t < T; t++) {
            dOut[t] = dLogDensityDMean(latent, row, t, m[t], work) * factor[t];
        }
    }

    /** Row form of {@link #pathwiseMeanGradient}: {@code dOut[t] = dl/dg[t] * factor[t]}. */
    default void pathwiseRow(double[][] latent, int row, double[] f, double[] g, double[] dUdz, int T,
                             double[] factor, double[] dOut, double[] work) {
        for (int t = 0; t < T; t++) {
            dOut[t] = pathwiseMeanGradient(latent, row, t, f[t], g[t], dUdz[t], work) * factor[t];
        }
    }
}
