package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.util.SpecialFunctions;

/** The original POGLM's Poisson hidden spikes (score-function gradient): {@code log D = z log m - m - lgamma(z+1)}. */
public final class PoissonSpikes implements HiddenSpikeDistribution {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "poisson";
    }

    @Override
    public boolean pathwise() {
        return false;
    }

    @Override
    public int latentSize() {
        return 1;
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work) {
        double z = PoissonSampler.sample(noise, m);
        latent[row][t] = z;
        return z;
    }

    @Override
    public double count(double[][] latent, int row, int t) {
        return latent[row][t];
    }

    @Override
    public double logDensity(double[][] latent, int row, int t, double m, double[] work) {
        double z = latent[row][t];
        return z * Math.log(m + EPS) - m - SpecialFunctions.logFactorial((int) z);
    }

    @Override
    public double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work) {
        return latent[row][t] / (m + EPS) - 1.0;
    }

    @Override
    public String toString() {
        return name();
    }
}
