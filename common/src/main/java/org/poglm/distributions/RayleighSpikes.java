package org.poglm.distributions;

import org.poglm.random.CellNoise;

/**
 * Rayleigh soft spikes with mean m: scale {@code s = m sqrt(2/pi)}, {@code z = s sqrt(-2 log(1-u))},
 * {@code log D = log z - 2 log s - z^2/(2 s^2)} (SPEC §4).
 */
public final class RayleighSpikes extends ScaleFamily {
    private static final long serialVersionUID = 1L;
    private static final double K = Math.sqrt(2.0 / Math.PI);
    private static final double LOG_K = Math.log(K);

    @Override
    public String name() {
        return "rayleigh";
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work) {
        return store(m, K * Math.sqrt(-2.0 * Math.log1p(-noise.uniform(0))), latent, row, t);
    }

    @Override
    double logDensity(double z, double m) {
        double s = K * m;
        return Math.log(z) - 2.0 * (LOG_K + Math.log(m + EPS)) - z * z / (2.0 * s * s);
    }

    @Override
    double dLogDensityDMean(double z, double m) {
        return -2.0 / (m + EPS) + z * z / (K * K * m * m * m);
    }

    @Override
    double dLogDensityDz(double z, double m) {
        return 1.0 / z - z / (K * K * m * m);
    }
}
