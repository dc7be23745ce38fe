package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.numerics.SpecialFunctions;

/**
 * Exponential arrival time (EAT) relaxations of a Poisson count, from "A Hitchhiker's Guide to
 * Poisson Gradient Estimation" (SPEC §4): arrival times {@code t_j = (E_1 + ... + E_j) / m},
 * {@code z = sum_j step((1 - t_j) / tau)},
 * {@code dz/dm = sum_j step'((1 - t_j) / tau) t_j / (tau m)}. The latent is {@code [z, dz/dm]}.
 * Both models use the Poisson form {@code z log m - m - lgamma(z+1)} on the real z; the lgamma
 * terms cancel in {@code log p - log q}.
 */
public abstract class ExponentialArrivalTime implements HiddenSpikeDistribution {
    private static final long serialVersionUID = 1L;
    protected final double tau;

    protected ExponentialArrivalTime(double tau) {
        this.tau = Distributions.requireTau(tau);
    }

    @Override
    public double tau() {
        return tau;
    }

    @Override
    public boolean pathwise() {
        return true;
    }

    @Override
    public int latentSize() {
        return 2;
    }

    @Override
    public double count(double[][] latent, int row, int t) {
        return latent[row][t];
    }

    /** Writes step(x) to {@code out[0]} and step'(x) to {@code out[1]}. */
    protected abstract void step(double x, double[] out);

    /** True once arrival {@code j} (1-based) at scaled time {@code x = (1 - t_j)/tau} ends the draw. */
    protected abstract boolean done(double x, int j, double m);

    /** {@code work[0..1]} hold step values; {@code work[2]} reports the arrivals drawn by the last sample. */
    @Override
    public int workSize() {
        return 3;
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int cell, double[] work) {
        double z = 0;
        double dz = 0;
        int drawn = 0;
        if (!(m <= MAX_MEAN)) {
            // A diverged rate: ~m arrivals would never end.
            z = Double.NaN;
            dz = Double.NaN;
        } else if (m > 0) {
            double arrival = 0;
            for (int j = 1; ; j++) {
                arrival += noise.exponential(j - 1);
                drawn = j;
                double t = arrival / m;
                double x = (1.0 - t) / tau;
                if (done(x, j, m)) {
                    break;
                }
                step(x, work);
                z += work[0];
                dz += work[1] * t / (tau * m);
            }
        }
        latent[row][cell] = z;
        latent[row + 1][cell] = dz;
        work[2] = drawn;
        return z;
    }

    @Override
    public double logDensity(double[][] latent, int row, int t, double m, double[] work) {
        double z = latent[row][t];
        return z * Math.log(m + EPS) - m - SpecialFunctions.logGamma(z + 1.0);
    }

    @Override
    public double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work) {
        return latent[row][t] / (m + EPS) - 1.0;
    }

    @Override
    public double pathwiseMeanGradient(double[][] latent, int row, int t, double f, double g, double dUdz,
                                       double[] work) {
        double z = latent[row][t];
        // d/dz of the two Poisson forms: the digamma(z+1) terms cancel exactly.
        double dlDz = dUdz + Math.log(f + EPS) - Math.log(g + EPS);
        return dlDz * latent[row + 1][t] - (z / (g + EPS) - 1.0);
    }

    @Override
    public String toString() {
        return name() + "(tau=" + tau + ")";
    }
}
