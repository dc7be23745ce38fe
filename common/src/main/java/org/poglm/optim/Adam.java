package org.poglm.optim;

import java.io.Serializable;

import org.poglm.errors.ConfigurationException;

/**
 * Adam (Kingma and Ba 2014), bias-corrected, minimising a loss, with separate learning rates for
 * theta ({@code [0, thetaSize)}) and phi (the rest) (SPEC §6). Holds only the optimiser state; the
 * parameters and the objective live elsewhere.
 */
public final class Adam implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double lrTheta;
    private final double lrPhi;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final int thetaSize;
    private final double[] m;
    private final double[] v;
    private long t;

    public Adam(int size, int thetaSize, double lrTheta, double lrPhi) {
        this(size, thetaSize, lrTheta, lrPhi, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public Adam(int size, int thetaSize, double lrTheta, double lrPhi, double beta1, double beta2, double epsilon) {
        ConfigurationException.require(lrTheta >= 0 && Double.isFinite(lrTheta), "learning rate theta", lrTheta,
            "a finite number >= 0");
        ConfigurationException.require(lrPhi >= 0 && Double.isFinite(lrPhi), "learning rate phi", lrPhi,
            "a finite number >= 0");
        ConfigurationException.require(beta1 >= 0 && beta1 < 1, "adam beta1", beta1, "a number in [0, 1)");
        ConfigurationException.require(beta2 >= 0 && beta2 < 1, "adam beta2", beta2, "a number in [0, 1)");
        ConfigurationException.require(epsilon > 0, "adam epsilon", epsilon, "a number > 0");
        ConfigurationException.require(thetaSize >= 0 && thetaSize <= size, "theta size", thetaSize,
            "between 0 and " + size);
        this.lrTheta = lrTheta;
        this.lrPhi = lrPhi;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.thetaSize = thetaSize;
        this.m = new double[size];
        this.v = new double[size];
    }

    /** One update {@code params -= lr * mhat / (sqrt(vhat) + eps)} for the loss gradient {@code grad}. */
    public void step(double[] params, double[] grad) {
        t++;
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        double sc2 = Math.sqrt(c2);
        for (int i = 0; i < params.length; i++) {
            double gi = grad[i];
            m[i] = beta1 * m[i] + (1.0 - beta1) * gi;
            v[i] = beta2 * v[i] + (1.0 - beta2) * gi * gi;
            double lr = i < thetaSize ? lrTheta : lrPhi;
            // PyTorch's arrangement: step = lr / c1 * m / (sqrt(v) / sqrt(c2) + eps).
            params[i] -= lr / c1 * m[i] / (Math.sqrt(v[i]) / sc2 + epsilon);
        }
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }

    /** A deep copy (for checkpoints). */
    public Adam copy() {
        Adam a = new Adam(m.length, thetaSize, lrTheta, lrPhi, beta1, beta2, epsilon);
        System.arraycopy(m, 0, a.m, 0, m.length);
        System.arraycopy(v, 0, a.v, 0, v.length);
        a.t = t;
        return a;
    }

    public double[] firstMoment() {
        return m.clone();
    }

    public double[] secondMoment() {
        return v.clone();
    }

    /** Restores a checkpointed state. */
    public void restore(long steps, double[] firstMoment, double[] secondMoment) {
        ConfigurationException.require(firstMoment.length == m.length && secondMoment.length == v.length,
            "adam state length", firstMoment.length, "" + m.length);
        System.arraycopy(firstMoment, 0, m, 0, m.length);
        System.arraycopy(secondMoment, 0, v, 0, v.length);
        this.t = steps;
    }
}
