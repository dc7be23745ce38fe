package org.poglm.numerics;

/**
 * The element-wise loops of the model's hot path. Two implementations: {@link ScalarKernels}
 * (plain Java) and {@code SimdKernels} (the JDK's incubating Vector API, whose exp and log
 * run several lanes at once). {@link VectorMath} picks one at start-up.
 */
interface Kernels {
    /** f = 1/(1+e^-a), df = f(1-f) over [from, to). */
    void sigmoid(double[] a, double[] f, double[] df, int from, int to);

    /** f = log(1+e^a), df = sigmoid(a) over [from, to). */
    void softplus(double[] a, double[] f, double[] df, int from, int to);

    /** f = df = e^a over [from, to). */
    void exp(double[] a, double[] f, double[] df, int from, int to);

    /** sum a[aOff + i] b[bOff + i], i < n. */
    double dot(double[] a, int aOff, double[] b, int bOff, int n);

    /** sum a[off + i], i < n. */
    double sum(double[] a, int off, int n);

    /** Lanes of the partial-sum accumulators below ({@code lanes[off .. off + lanes())}). */
    int lanes();

    /**
     * Adds {@code sum_i a[i] b[i]}, i < n, to the accumulator {@code acc[off .. off + lanes())} without
     * reducing it: a horizontal reduction per call costs more than the dot itself, so callers reduce
     * once, with {@link VectorMath#reduce}, when all terms are in.
     */
    void dotInto(double[] a, double[] b, int n, double[] acc, int off);

    /**
     * The zero-count part of a row's Poisson term {@code x log(f + eps) - f}: adds {@code -sum f} to the
     * lanes of {@code acc[0 .. lanes())} and writes {@code dA = -df}, its derivative where x = 0. The caller
     * adds {@code x log(f + eps)} and sets {@code dA = (x/(f + eps) - 1) df} at the (sparse) cells with x > 0.
     */
    void rateTermInto(double[] f, double[] df, double[] dA, int n, double[] acc);

    /** out[i] = exp(sign * in[i]), i < n. */
    void exp(double[] in, double sign, double[] out, int n);

    /** out[i] = log(in[i] + shift), i < n. */
    void log(double[] in, double shift, double[] out, int n);

    /** out[t] = sum_{l=1..L, t-l >= 0} psi[l-1] in[t-l], t < n: the forward history of a row. */
    void historyPast(double[] in, double[] psi, double[] out, int n);

    /** out[t] = sum_{l=1..L, t+l < n} psi[l-1] in[t+l], t < n: the backward (future) history of a row. */
    void historyFuture(double[] in, double[] psi, double[] out, int n);

    String name();
}
