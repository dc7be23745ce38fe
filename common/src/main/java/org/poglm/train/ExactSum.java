package org.poglm.train;

import java.io.Serializable;

/**
 * Sums of doubles that do not depend on the order of the additions (SPEC §8: the same numbers in one
 * thread, in {@code local[*]} and on a cluster, whatever the partitioning). Each component is a 126-bit
 * fixed-point integer in units of 2^-70: {@code hi} counts units of 2^-8, {@code lo} in [0, 2^62) the
 * units of 2^-70 below. Adding a value rounds it once, towards zero, to a multiple of 2^-70 (about
 * 8.5e-22, far below any gradient that matters); from there on every addition and merge is integer
 * arithmetic, which is associative, so a batch's sum is the same bits however its pieces are split over
 * tasks and merged. Values must be finite with {@code |v| < }{@link #LIMIT} (2^40, about 1.1e12, larger
 * per-piece gradients mean a diverged fit). A sum whose magnitude would pass 2^55 (about 3.6e16) throws
 * instead of wrapping around; at the limit per value that is after 2^15 values, at realistic magnitudes never.
 */
public final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The largest magnitude (exclusive) of one added value. */
    public static final double LIMIT = 0x1p40;
    private static final double TO_HI = 0x1p8;
    private static final double FRACTION_TO_LO = 0x1p62;
    private static final long LO_MASK = (1L << 62) - 1;
    private static final double HI_UNIT = 0x1p-8;
    private static final double LO_UNIT = 0x1p-70;

    private final long[] hi;
    private final long[] lo;

    public ExactSum(int size) {
        this.hi = new long[size];
        this.lo = new long[size];
    }

    public int size() {
        return hi.length;
    }

    /** True when {@code v} can be added: finite and {@code |v| < LIMIT}. */
    public static boolean addable(double v) {
        return Math.abs(v) < LIMIT;
    }

    /** Adds {@code v} to component {@code i} (see {@link #addable}). */
    public void add(int i, double v) {
        double a = v * TO_HI;
        double whole = (double) (long) a;
        // The fraction a - trunc(a) is exact, and so is its product with 2^62; the cast truncates towards zero.
        // lo + (-2^62, 2^62) stays in (-2^62, 2^63): the arithmetic shift is the carry (-1, 0 or 1).
        long low = lo[i] + (long) ((a - whole) * FRACTION_TO_LO);
        hi[i] = carry(hi[i], (long) whole + (low >> 62));
        lo[i] = low & LO_MASK;
    }

    private static long carry(long hi, long add) {
        long sum = hi + add;
        // Overflow iff both operands have the sign the sum lacks.
        if (((hi ^ sum) & (add ^ sum)) < 0) {
            throw new ArithmeticException("exact sum out of range (magnitude above 2^55): the fit has diverged");
        }
        return sum;
    }

    /**
     * Adds {@code values[i]} to component i for every i, or nothing at all: returns the index of the first
     * value that is not {@link #addable}, or -1 when all were added.
     */
    public int addAll(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!addable(values[i])) {
                return i;
            }
        }
        for (int i = 0; i < values.length; i++) {
            add(i, values[i]);
        }
        return -1;
    }

    /** Adds another sum of the same size into this one. */
    public void merge(ExactSum other) {
        for (int i = 0; i < hi.length; i++) {
            long low = lo[i] + other.lo[i];
            hi[i] = carry(hi[i], carry(other.hi[i], low >> 62));
            lo[i] = low & LO_MASK;
        }
    }

    /** Component i as the nearest double (within two roundings). */
    public double get(int i) {
        return hi[i] * HI_UNIT + lo[i] * LO_UNIT;
    }

    /** Every component, as by {@link #get}. */
    public double[] toArray() {
        double[] out = new double[hi.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }
}
