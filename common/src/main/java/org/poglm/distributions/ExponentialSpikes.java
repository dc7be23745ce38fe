package org.poglm.distributions;

import org.poglm.random.CellNoise;

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
