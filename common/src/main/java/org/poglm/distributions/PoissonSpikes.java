package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.numerics.SpecialFunctions;
import org.poglm.numerics.VectorMath;

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
    public void sampleRow(CellNoise noise, long key, int cell0, double[] m, int T, double[][] latent, int row,
                          double[] z, double[] work, double[] scratch) {
        VectorMath.exp(m, -1.0, scratch, T);
        double[] zr = latent[row];
        // The row's first uniforms in one pass (into z, overwritten below), then the draws; the same numbers
        // as PoissonSampler.sample cell by cell.
        CellNoise.firstUniforms(key, cell0, T, z);
        for (int t = 0; t < T; t++) {
            double mt = m[t];
            zr[t] = PoissonSampler.byInversion(mt) ? PoissonSampler.inversion(z[t], mt, scratch[t])
                : PoissonSampler.sample(noise.at(key, cell0 + t), mt, scratch[t]);
            z[t] = zr[t];
        }
    }

    @Override
    public double logDensityRow(double[][] latent, int row, double[] m, int T, double[] factor, double[] dOut,
                                double[] work, double[] scratch) {
        VectorMath.log(m, EPS, scratch, T);
        double[] zr = latent[row];
        double s = 0;
        for (int t = 0; t < T; t++) {
            double z = zr[t];
            s += z * scratch[t] - m[t] - SpecialFunctions.logFactorial((int) z);
        }
        if (dOut != null) {
            for (int t = 0; t < T; t++) {
                dOut[t] = (zr[t] / (m[t] + EPS) - 1.0) * factor[t];
            }
        }
        return s;
    }

    @Override
    public void dLogDensityRow(double[][] latent, int row, double[] m, int T, double[] factor, double[] dOut,
                               double[] work) {
        double[] zr = latent[row];
        for (int t = 0; t < T; t++) {
            dOut[t] = (zr[t] / (m[t] + EPS) - 1.0) * factor[t];
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
