package org.poglm.distributions;

/**
 * EAT with the cubic smoothstep {@code step(x) = 3u^2 - 2u^3, u = clamp((x+1)/2, 0, 1)}: exactly zero
 * once {@code t_j >= 1 + tau}, so drawing stops there with no truncation bias; for {@code tau <= 1}
 * the mean of z is exactly m.
 */
public final class EatCubic extends ExponentialArrivalTime {
    private static final long serialVersionUID = 1L;

    public EatCubic(double tau) {
        super(tau);
    }

    @Override
    public String name() {
        return "eat-cubic";
    }

    @Override
    public String samplerNote() {
        return this + ": arrivals drawn until t_j >= 1 + tau, where the cubic step is exactly 0 (no cap, no truncation)";
    }

    @Override
    protected void step(double x, double[] out) {
        if (x >= 1.0) {
            out[0] = 1.0;
            out[1] = 0.0;
            return;
        }
        double u = 0.5 * (x + 1.0);
        out[0] = u * u * (3.0 - 2.0 * u);
        out[1] = 3.0 * u * (1.0 - u);
    }

    @Override
    protected boolean done(double x, int j, double m) {
        return x <= -1.0;
    }
}
