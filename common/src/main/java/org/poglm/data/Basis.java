package org.poglm.data;

import java.io.Serializable;
import java.util.Arrays;

import org.poglm.errors.ConfigurationException;

/**
 * The history basis {@code psi[1..L]} of SPEC §1: {@code hx[t] = sum_l psi[l] x[t-l]}.
 * Index 0 of {@link #weights()} is lag 1.
 */
public final class Basis implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The paper code's decay rate. */
    public static final double DEFAULT_DECAY = 0.25;
    /** The paper code's window. */
    public static final int DEFAULT_WINDOW = 5;

    private final double[] psi;

    private Basis(double[] psi) {
        this.psi = psi;
    }

    /** A user-supplied basis: non-empty, finite, non-negative, not all zero. */
    public static Basis of(double... psi) {
        ConfigurationException.require(psi != null && psi.length > 0, "basis", psi == null ? "null" : "[]",
            "at least one lag weight");
        for (int l = 0; l < psi.length; l++) {
            ConfigurationException.require(Double.isFinite(psi[l]) && psi[l] >= 0, "basis[" + l + "]", psi[l],
                "a finite non-negative weight");
        }
        ConfigurationException.require(Arrays.stream(psi).sum() > 0, "basis", psi, "at least one positive weight");
        return new Basis(psi.clone());
    }

    /** {@code psi[l] = exp(-decay * l)} for {@code l = 1..window}, normalised to sum 1 (SPEC §1). */
    public static Basis exponential(double decay, int window) {
        ConfigurationException.require(window >= 1, "basis window", window, "an integer >= 1");
        ConfigurationException.require(Double.isFinite(decay), "basis decay", decay, "a finite number");
        double[] psi = new double[window];
        double sum = 0;
        for (int l = 1; l <= window; l++) {
            psi[l - 1] = Math.exp(-decay * l);
            sum += psi[l - 1];
        }
        for (int l = 0; l < window; l++) {
            psi[l] /= sum;
        }
        return new Basis(psi);
    }

    /** The paper's default: decay 0.25, window 5. */
    public static Basis defaultBasis() {
        return exponential(DEFAULT_DECAY, DEFAULT_WINDOW);
    }

    /** The window length L. */
    public int length() {
        return psi.length;
    }

    /** psi[l-1] for lag l. */
    public double lag(int l) {
        return psi[l - 1];
    }

    /** A copy of the weights, index 0 = lag 1. */
    public double[] weights() {
        return psi.clone();
    }

    double[] raw() {
        return psi;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Basis b && Arrays.equals(psi, b.psi);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(psi);
    }

    @Override
    public String toString() {
        return Arrays.toString(psi);
    }
}
