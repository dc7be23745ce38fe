package org.poglm.distributions;

/**
 * Continuous families with {@code z = m * c(noise)}: exponential, Rayleigh, half-normal. The latent
 * rows are {@code z} and {@code c = dz/dm}.
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
    public double count(double[][] latent, int row, int t) {
        return latent[row][t];
    }

    /** d/dz log D(z; m). */
    abstract double dLogDensityDz(double z, double m);

    abstract double logDensity(double z, double m);

    abstract double dLogDensityDMean(double z, double m);

    /** Stores the cell's latent for scale draw {@code c} and returns z. */
    static double store(double m, double c, double[][] latent, int row, int t) {
        double z = m * c;
        latent[row][t] = z;
        latent[row + 1][t] = c;
        return z;
    }

    @Override
    public double logDensity(double[][] latent, int row, int t, double m, double[] work) {
        return logDensity(latent[row][t], m);
    }

    @Override
    public double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work) {
        return dLogDensityDMean(latent[row][t], m);
    }

    @Override
    public double pathwiseMeanGradient(double[][] latent, int row, int t, double f, double g, double dUdz,
                                       double[] work) {
        double z = latent[row][t];
        double dzdm = latent[row + 1][t];
        return (dUdz + dLogDensityDz(z, f) - dLogDensityDz(z, g)) * dzdm - dLogDensityDMean(z, g);
    }

    @Override
    public String toString() {
        return name();
    }
}
