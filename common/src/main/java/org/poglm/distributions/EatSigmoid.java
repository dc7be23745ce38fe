package org.poglm.distributions;

/**
 * EAT with the sigmoid step. Arrivals are drawn until {@code (1 - t_j)/tau < -30} (each further term
 * is below 1e-13) or until the cap: the (1 - 1e-6) quantile of the Poisson number of arrivals
 * before that time, {@code Poisson(m (1 + 30 tau))}.
 */
public final class EatSigmoid extends ExponentialArrivalTime {
    private static final long serialVersionUID = 1L;
    /** The scaled time below which arrivals are ignored. */
    public static final double CUTOFF = -30.0;
    /** Tail probability of the arrival cap. */
    public static final double CAP_TAIL = 1e-6;

    public EatSigmoid(double tau) {
        super(tau);
    }

    @Override
    public String name() {
        return "eat-sigmoid";
    }

    @Override
    public String samplerNote() {
        return this + ": arrivals drawn until (1 - t_j)/tau < " + CUTOFF + " or, at most, the (1 - " + CAP_TAIL
            + ") quantile of Poisson(m (1 + " + (-CUTOFF) + " tau)) arrivals: " + arrivalCap(1.0) + " at m = 1, "
            + arrivalCap(0.1) + " at m = 0.1";
    }

    /** The maximum number of arrivals drawn for mean m. */
    public int arrivalCap(double m) {
        return Math.max(1, PoissonSampler.quantile(m * (1.0 - CUTOFF * tau), 1.0 - CAP_TAIL));
    }

    @Override
    protected void step(double x, double[] out) {
        double s = 1.0 / (1.0 + Math.exp(-x));
        out[0] = s;
        out[1] = s * (1.0 - s);
    }

    @Override
    protected boolean done(double x, int j, double m) {
        if (x < CUTOFF) {
            return true;
        }
        double mean = m * (1.0 - CUTOFF * tau);
        // The exact cap is only computed in the rare case the cheap bound is passed.
        return j > mean + 5.0 * Math.sqrt(mean) + 5.0 && j > arrivalCap(m);
    }
}
