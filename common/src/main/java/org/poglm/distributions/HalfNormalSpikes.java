package org.poglm.distributions;

import org.poglm.random.CellNoise;

/**
 * Half-normal soft spikes with mean m: scale {@code s = m sqrt(pi/2)}, {@code z = s |eps|},
 * {@code log D = 0.5 log 2 - log s - 0.5 log pi - z^2/(2 s^2)} (SPEC §4).
 */
public final class HalfNormalSpikes extends ScaleFamily {
    private static final long serialVersionUID = 1L;
    private static final double K = Math.sqrt(Math.PI / 2.0);
    private static final double CONST = 0.5 * Math.log(2.0) - Math.log(K) - 0.5 * Math.log(Math.PI);

    @Override
    public String name() {
        return "half-normal";
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work) {
        return store(m, K * Math.abs(noise.normal(0)), latent, row, t);
    }

    @Override
    double logDensity(double z, double m) {
        double s = K * m;
        return CONST - Math.log(m + EPS) - z * z / (2.0 * s * s);
    }

    @Override
    double dLogDensityDMean(double z, double m) {
        return -1.0 / (m + EPS) + z * z / (K * K * m * m * m);
    }

    @Override
    double dLogDensityDz(double z, double m) {
        return -z / (K * K * m * m);
    }
}
