package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.numerics.VectorMath;

/**
 * Exponential soft spikes with mean m: {@code z = m e, e ~ Exp(1)}, {@code log D = -log m - z/m} (SPEC §4).
 * The row methods are vectorised (the paper's best family, and the hot path of most sweeps).
 */
public final class ExponentialSpikes extends ScaleFamily {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "exponential";
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work) {
        return store(m, noise.exponential(0), latent, row, t);
    }

    @Override
    public void sampleRow(CellNoise noise, long key, int cell0, double[] m, int T, double[][] latent, int row,
                          double[] z, double[] work, double[] scratch) {
        for (int t = 0; t < T; t++) {
            scratch[t] = noise.at(key, cell0 + t).uniform(0);
        }
        double[] zr = latent[row];
        double[] e = latent[row + 1];
        VectorMath.log(scratch, 0.0, e, T);
        for (int t = 0; t < T; t++) {
            e[t] = -e[t];
            zr[t] = m[t] * e[t];
            z[t] = zr[t];
        }
    }

    @Override
    public double logDensityRow(double[][] latent, int row, double[] m, int T, double[] factor, double[] dOut,
                                double[] work, double[] scratch) {
        VectorMath.log(m, EPS, scratch, T);
        double[] zr = latent[row];
        for (int t = 0; t < T; t++) {
            scratch[t] += zr[t] / m[t];
        }
        double s = -VectorMath.sum(scratch, 0, T);
        if (dOut != null) {
            for (int t = 0; t < T; t++) {
                double mt = m[t];
                dOut[t] = (zr[t] / (mt * mt) - 1.0 / (mt + EPS)) * factor[t];
            }
        }
        return s;
    }

    @Override
    public void pathwiseRow(double[][] latent, int row, double[] f, double[] g, double[] dUdz, int T,
                            double[] factor, double[] dOut, double[] work) {
        double[] zr = latent[row];
        double[] c = latent[row + 1];
        for (int t = 0; t < T; t++) {
            // (dU/dz + dlogD(z; f)/dz - dlogD(z; g)/dz) dz/dg - dlogD(z; g)/dg with z = g c, dz/dg = c:
            // (dU/dz - 1/f + 1/g) c - (c/g - 1/(g + eps)); the c/g terms cancel exactly.
            dOut[t] = ((dUdz[t] - 1.0 / f[t]) * c[t] + 1.0 / (g[t] + EPS)) * factor[t];
        }
    }

    @Override
    double logDensity(double z, double m) {
        return -Math.log(m + EPS) - z / m;
    }

    @Override
    double dLogDensityDMean(double z, double m) {
        return -1.0 / (m + EPS) + z / (m * m);
    }

    @Override
    double dLogDensityDz(double z, double m) {
        return -1.0 / m;
    }
}
