package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.util.VectorMath;

/** Exponential soft spikes with mean m: {@code z = m e, e ~ Exp(1)}, {@code log D = -log m - z/m} (SPEC §4). */
public final class ExponentialSpikes extends ScaleFamily {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "exponential";
    }

    @Override
    public double sample(CellNoise noise, double m, double[] latent, int off, double[] work) {
        double e = noise.exponential(0);
        latent[off] = m * e;
        latent[off + 1] = e;
        return m * e;
    }

    @Override
    public void sampleRow(CellNoise noise, long key, int cell0, double[] m, int T, double[] latent, int latOff,
                          double[] z, double[] work, double[] row) {
        for (int t = 0; t < T; t++) {
            row[t] = noise.at(key, cell0 + t).uniform(0);
        }
        VectorMath.log(row, 0.0, row, T);
        for (int t = 0; t < T; t++) {
            double e = -row[t];
            double zt = m[t] * e;
            z[t] = zt;
            latent[latOff + 2 * t] = zt;
            latent[latOff + 2 * t + 1] = e;
        }
    }

    @Override
    public double logDensityRow(double[] latent, int latOff, double[] m, int T, double[] factor, double[] dOut,
                                double[] work, double[] row) {
        VectorMath.log(m, EPS, row, T);
        double s = 0;
        for (int t = 0; t < T; t++) {
            double mt = m[t];
            double inv = 1.0 / mt;
            double z = latent[latOff + 2 * t];
            s -= row[t] + z * inv;
            if (dOut != null) {
                dOut[t] = (z * inv * inv - 1.0 / (mt + EPS)) * factor[t];
            }
        }
        return s;
    }

    @Override
    public void pathwiseRow(double[] latent, int latOff, double[] f, double[] g, double[] dUdz, int T,
                            double[] factor, double[] dOut, double[] work) {
        for (int t = 0; t < T; t++) {
            double gt = g[t];
            double invG = 1.0 / gt;
            double z = latent[latOff + 2 * t];
            double c = latent[latOff + 2 * t + 1];
            // (dU/dz + dlogD(z; f)/dz - dlogD(z; g)/dz) dz/dg - dlogD(z; g)/dg
            double d = (dUdz[t] - 1.0 / f[t] + invG) * c - (z * invG * invG - 1.0 / (gt + EPS));
            dOut[t] = d * factor[t];
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
