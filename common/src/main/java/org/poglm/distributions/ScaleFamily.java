package org.poglm.distributions;

/**
 * Continuous families with {@code z = m * c(noise)}: exponential, Rayleigh, half-normal. The latent is
 * {@code [z, c]} with {@code c = dz/dm}.
 */
abstract class ScaleFamily implements HiddenSpikeDistribution {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean pathwise() {
        return true;
    }

    @Override
    public int latentSize() {
        return 2;
    }

    @Override
    public double count(double[] latent, int off) {
        return latent[off];
    }

    /** d/dz log D(z; m). */
    abstract double dLogDensityDz(double z, double m);

    abstract double logDensity(double z, double m);

    abstract double dLogDensityDMean(double z, double m);

    @Override
    public double logDensity(double[] latent, int off, double m, double[] work) {
        return logDensity(latent[off], m);
    }

    @Override
    public double dLogDensityDMean(double[] latent, int off, double m, double[] work) {
        return dLogDensityDMean(latent[off], m);
    }

    @Override
    public double pathwiseMeanGradient(double[] latent, int off, double f, double g, double dUdz, double[] work) {
        double z = latent[off];
        double dzdm = latent[off + 1];
        return (dUdz + dLogDensityDz(z, f) - dLogDensityDz(z, g)) * dzdm - dLogDensityDMean(z, g);
    }

    @Override
    public String toString() {
        return name();
    }
}
