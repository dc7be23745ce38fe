package org.poglm.numerics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK's incubating Vector API, loaded only when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector}.
 *
 * <p>Reproducibility rules the choice of operations (SPEC §8): only IEEE-exact lane operations
 * (add, sub, mul, div, compare, blend, bit reinterpretation) are used, because those give the
 * same bits whether a loop runs interpreted, in C1 or as C2 SIMD code. The API's own EXP and LOG
 * do not: compiled, they use a vendor maths library that differs from {@code Math.exp} in the
 * last bit for a few percent of inputs, so results would depend on JIT timing (and change after a
 * task retry). The exponential is therefore our own (Cody-Waite reduction, degree-13 Taylor
 * polynomial, at most 1 ulp from {@code Math.exp}, see {@link #expRow}); logarithms stay scalar {@code Math.log}, and the
 * Poisson term takes them only where a count is non-zero. Horizontal sums are formed lane by lane
 * in a fixed order. Main loops use whole vectors; tails run the scalar code.
 */
final class SimdKernels implements Kernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double SHIFT = 0x1.8p52;
    private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    private static final double INV_LN2 = 1.4426950408889634;
    private static final double LN2_HI = 0x1.62e42fee00000p-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double SQRT2 = 1.4142135623730951;
    private static final long MANTISSA = 0x000FFFFFFFFFFFFFL;
    private static final long ONE_BITS = 0x3FF0000000000000L;
    private static final DoubleVector LOWEST = DoubleVector.broadcast(S, -708.0);
    private static final DoubleVector HIGHEST = DoubleVector.broadcast(S, 709.0);
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector NEG_LN2_HI = DoubleVector.broadcast(S, -LN2_HI);
    /** Taylor coefficients of e^r, highest degree (13) first: 1/13!, ..., 1/2, 1, 1. */
    private static final double[] EXP_TAYLOR = expTaylor(13);
    /** The atanh series of log m in z^2 = ((m-1)/(m+1))^2, highest first: 1/21, 1/19, ..., 1/3, 1. */
    private static final double[] LOG_ATANH = {1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11, 1.0 / 9,
        1.0 / 7, 1.0 / 5, 1.0 / 3, 1.0};
    // One constant per coefficient (static final fields are constants to the JIT; array elements are not).
    private static final DoubleVector E0 = DoubleVector.broadcast(S, EXP_TAYLOR[13]);
    private static final DoubleVector E1 = DoubleVector.broadcast(S, EXP_TAYLOR[12]);
    private static final DoubleVector E2 = DoubleVector.broadcast(S, EXP_TAYLOR[11]);
    private static final DoubleVector E3 = DoubleVector.broadcast(S, EXP_TAYLOR[10]);
    private static final DoubleVector E4 = DoubleVector.broadcast(S, EXP_TAYLOR[9]);
    private static final DoubleVector E5 = DoubleVector.broadcast(S, EXP_TAYLOR[8]);
    private static final DoubleVector E6 = DoubleVector.broadcast(S, EXP_TAYLOR[7]);
    private static final DoubleVector E7 = DoubleVector.broadcast(S, EXP_TAYLOR[6]);
    private static final DoubleVector E8 = DoubleVector.broadcast(S, EXP_TAYLOR[5]);
    private static final DoubleVector E9 = DoubleVector.broadcast(S, EXP_TAYLOR[4]);
    private static final DoubleVector E10 = DoubleVector.broadcast(S, EXP_TAYLOR[3]);
    private static final DoubleVector E11 = DoubleVector.broadcast(S, EXP_TAYLOR[2]);
    private static final DoubleVector E12 = DoubleVector.broadcast(S, EXP_TAYLOR[1]);
    private static final DoubleVector E13 = DoubleVector.broadcast(S, EXP_TAYLOR[0]);
    private static final DoubleVector A21 = DoubleVector.broadcast(S, LOG_ATANH[0]);
    private static final DoubleVector A19 = DoubleVector.broadcast(S, LOG_ATANH[1]);
    private static final DoubleVector A17 = DoubleVector.broadcast(S, LOG_ATANH[2]);
    private static final DoubleVector A15 = DoubleVector.broadcast(S, LOG_ATANH[3]);
    private static final DoubleVector A13 = DoubleVector.broadcast(S, LOG_ATANH[4]);
    private static final DoubleVector A11 = DoubleVector.broadcast(S, LOG_ATANH[5]);
    private static final DoubleVector A9 = DoubleVector.broadcast(S, LOG_ATANH[6]);
    private static final DoubleVector A7 = DoubleVector.broadcast(S, LOG_ATANH[7]);
    private static final DoubleVector A5 = DoubleVector.broadcast(S, LOG_ATANH[8]);
    private static final DoubleVector A3 = DoubleVector.broadcast(S, LOG_ATANH[9]);
    /** Above this, e^x overflows a double. */
    private static final double OVERFLOW = 709.782712893384;

    private final ScalarKernels tail = new ScalarKernels();

    private static double[] expTaylor(int degree) {
        double[] c = new double[degree + 1];
        double factorial = 1;
        for (int j = 0; j <= degree; j++) {
            c[degree - j] = 1.0 / factorial;
            factorial *= j + 1;
        }
        return c;
    }

    /**
     * out[i] = e^(sign x[i]) for i in [from, to), arguments clamped to [-708, 709] (results below
     * e^-708 ~ 3e-308 are not needed by any rate; the exp link handles overflow itself). NaN stays NaN.
     * Vectors never cross a method boundary here: a call the JIT declines to inline would box them.
     */
    static void expRow(double[] x, double sign, double[] out, int from, int to) {
        expRow(x, sign, out, null, from, to);
    }

    /**
     * With {@code deriv == null} as above; otherwise the sigmoid in the same pass:
     * {@code out[i] = s = 1 / (1 + e^(sign x[i]))} and {@code deriv[i] = s (1 - s)}.
     */
    static void expRow(double[] x, double sign, double[] out, double[] deriv, int from, int to) {
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, i).mul(sign)
                .lanewise(VectorOperators.MAX, LOWEST).lanewise(VectorOperators.MIN, HIGHEST);
            // kf = 1.5 * 2^52 + round(v / ln 2): the low bits of kf hold k.
            DoubleVector kf = v.mul(INV_LN2).add(SHIFT);
            DoubleVector k = kf.sub(SHIFT);
            DoubleVector r = k.fma(NEG_LN2_HI, v).add(k.mul(-LN2_LO));
            // Unrolled Horner in fused multiply-adds (correctly rounded, so the same bits in every JIT tier).
            DoubleVector p = r.fma(E13, E12).fma(r, E11).fma(r, E10).fma(r, E9).fma(r, E8).fma(r, E7).fma(r, E6)
                .fma(r, E5).fma(r, E4).fma(r, E3).fma(r, E2).fma(r, E1).fma(r, E0);
            // 2^k from the exponent bits: (k + 1023) << 52.
            DoubleVector scale = kf.reinterpretAsLongs().add(1023L - SHIFT_BITS).lanewise(VectorOperators.LSHL, 52)
                .reinterpretAsDoubles();
            DoubleVector e = p.mul(scale);
            if (deriv == null) {
                e.intoArray(out, i);
            } else {
                DoubleVector sg = ONE.div(e.add(1.0));
                sg.intoArray(out, i);
                sg.mul(ONE.sub(sg)).intoArray(deriv, i);
            }
        }
        for (; i < to; i++) {
            double e = exp(sign * x[i]);
            if (deriv == null) {
                out[i] = e;
            } else {
                double sg = 1.0 / (1.0 + e);
                out[i] = sg;
                deriv[i] = sg * (1.0 - sg);
            }
        }
    }

    /** The scalar twin of {@link #expRow}, for tails: identical bits lane by lane. */
    static double exp(double x) {
        x = Math.min(Math.max(x, -708.0), 709.0);
        double kf = x * INV_LN2 + SHIFT;
        double k = kf - SHIFT;
        double r = Math.fma(k, -LN2_HI, x) + k * -LN2_LO;
        double p = Math.fma(r, EXP_TAYLOR[0], EXP_TAYLOR[1]);
        for (int j = 2; j < EXP_TAYLOR.length; j++) {
            p = Math.fma(p, r, EXP_TAYLOR[j]);
        }
        return p * Double.longBitsToDouble((Double.doubleToRawLongBits(kf) + 1023L - SHIFT_BITS) << 52);
    }

    @Override
    public void sigmoid(double[] a, double[] f, double[] df, int from, int to) {
        expRow(a, -1.0, f, df, from, to);
    }

    @Override
    public void softplus(double[] a, double[] f, double[] df, int from, int to) {
        for (int i = from; i < to; i++) {
            df[i] = Math.abs(a[i]);
        }
        expRow(df, -1.0, f, from, to);
        for (int i = from; i < to; i++) {
            double e = f[i];
            double inv = 1.0 / (1.0 + e);
            df[i] = a[i] >= 0 ? inv : e * inv;
            f[i] = Math.max(a[i], 0.0) + Math.log1p(e);
        }
    }

    @Override
    public void exp(double[] in, double sign, double[] out, int n) {
        expRow(in, sign, out, 0, n);
    }

    /** The exp link overflows to infinity like {@code Math.exp}, so a diverging fit is reported as non-finite. */
    @Override
    public void exp(double[] a, double[] f, double[] df, int from, int to) {
        expRow(a, 1.0, f, from, to);
        for (int i = from; i < to; i++) {
            double e = a[i] > OVERFLOW ? Double.POSITIVE_INFINITY : f[i];
            f[i] = e;
            df[i] = e;
        }
    }

    @Override
    public void rateTermInto(double[] f, double[] df, double[] dA, int n, double[] acc) {
        DoubleVector sum = DoubleVector.fromArray(S, acc, 0);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            sum = sum.sub(DoubleVector.fromArray(S, f, i));
            DoubleVector.fromArray(S, df, i).neg().intoArray(dA, i);
        }
        sum.intoArray(acc, 0);
        acc[0] += ScalarKernels.rateTerm(f, df, dA, i, n);
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            acc = acc.add(DoubleVector.fromArray(S, a, aOff + i).mul(DoubleVector.fromArray(S, b, bOff + i)));
        }
        double[] lanes = new double[S.length()];
        acc.intoArray(lanes, 0);
        double s = 0;
        for (double l : lanes) {
            s += l;
        }
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public double sum(double[] a, int off, int n) {
        return tail.sum(a, off, n);
    }

    @Override
    public int lanes() {
        return S.length();
    }

    @Override
    public void dotInto(double[] a, double[] b, int n, double[] acc, int off) {
        DoubleVector sum = DoubleVector.fromArray(S, acc, off);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            sum = sum.add(DoubleVector.fromArray(S, a, i).mul(DoubleVector.fromArray(S, b, i)));
        }
        sum.intoArray(acc, off);
        double s = 0;
        for (; i < n; i++) {
            s += a[i] * b[i];
        }
        acc[off] += s;
    }

    /**
     * out[i] = log(in[i] + shift) for positive normal arguments, within 3 ulp of {@code Math.log}:
     * x = 2^e m with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m-1)/(m+1), by its series to
     * s^21. Mask-free (the m > sqrt 2 test is a sign bit), so it compiles to straight SIMD code. NaN
     * and infinity come out non-finite.
     */
    @Override
    public void log(double[] in, double shift, double[] out, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, in, i).add(shift);
            LongVector bits = v.reinterpretAsLongs();
            DoubleVector m = bits.and(MANTISSA).or(ONE_BITS).reinterpretAsDoubles();
            // big = 1 where m > sqrt 2: the sign bit of sqrt 2 - m.
            DoubleVector big = m.neg().add(SQRT2).reinterpretAsLongs().lanewise(VectorOperators.LSHR, 63)
                .add(SHIFT_BITS).reinterpretAsDoubles().sub(SHIFT);
            m = m.mul(big.mul(-0.5).add(1.0));
            DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).add(SHIFT_BITS - 1023L).reinterpretAsDoubles()
                .sub(SHIFT).add(big);
            DoubleVector z = m.sub(1.0).div(m.add(1.0));
            DoubleVector z2 = z.mul(z);
            DoubleVector p = z2.fma(A21, A19).fma(z2, A17).fma(z2, A15).fma(z2, A13).fma(z2, A11).fma(z2, A9)
                .fma(z2, A7).fma(z2, A5).fma(z2, A3).fma(z2, ONE);
            DoubleVector logm = z.add(z).mul(p);
            // + (v - v): 0 for finite v, NaN for NaN or infinity.
            e.mul(LN2_HI).add(logm.add(e.mul(LN2_LO))).add(v.sub(v)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = log(in[i] + shift);
        }
    }

    /** The scalar twin of the vector loop of {@link #log(double[], double, double[], int)}. */
    static double log(double v) {
        long bits = Double.doubleToRawLongBits(v);
        double m = Double.longBitsToDouble((bits & MANTISSA) | ONE_BITS);
        double big = Double.longBitsToDouble((Double.doubleToRawLongBits(SQRT2 - m) >>> 63) + SHIFT_BITS) - SHIFT;
        m = m * (big * -0.5 + 1.0);
        double e = Double.longBitsToDouble((bits >>> 52) + SHIFT_BITS - 1023L) - SHIFT + big;
        double z = (m - 1.0) / (m + 1.0);
        double z2 = z * z;
        double p = Math.fma(z2, LOG_ATANH[0], LOG_ATANH[1]);
        for (int j = 2; j < LOG_ATANH.length; j++) {
            p = Math.fma(p, z2, LOG_ATANH[j]);
        }
        double logm = (z + z) * p;
        return e * LN2_HI + (logm + e * LN2_LO) + (v - v);
    }

    /** One vector pass per lag (no vector carried through a loop, which the JIT would box). */
    @Override
    public void historyPast(double[] in, double[] psi, double[] out, int n) {
        int L = psi.length;
        int head = Math.min(L, n);
        ScalarKernels.historyPast(in, psi, out, 0, head);
        int end = head + S.loopBound(n - head);
        java.util.Arrays.fill(out, head, end, 0.0);
        for (int l = 1; l <= L; l++) {
            double w = psi[l - 1];
            for (int t = head; t < end; t += S.length()) {
                DoubleVector.fromArray(S, in, t - l).mul(w).add(DoubleVector.fromArray(S, out, t)).intoArray(out, t);
            }
        }
        ScalarKernels.historyPast(in, psi, out, end, n);
    }

    @Override
    public void historyFuture(double[] in, double[] psi, double[] out, int n) {
        int L = psi.length;
        int end = S.loopBound(Math.max(0, n - L));
        java.util.Arrays.fill(out, 0, end, 0.0);
        for (int l = 1; l <= L; l++) {
            double w = psi[l - 1];
            for (int t = 0; t < end; t += S.length()) {
                DoubleVector.fromArray(S, in, t + l).mul(w).add(DoubleVector.fromArray(S, out, t)).intoArray(out, t);
            }
        }
        ScalarKernels.historyFuture(in, psi, out, end, n, n);
    }

    @Override
    public String name() {
        return "simd(" + S.vectorBitSize() + "-bit)";
    }
}
