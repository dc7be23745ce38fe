package org.poglm.numerics;

/** Plain-Java kernels: always available. */
final class ScalarKernels implements Kernels {
    @Override
    public void sigmoid(double[] a, double[] f, double[] df, int from, int to) {
        for (int i = from; i < to; i++) {
            double s = 1.0 / (1.0 + Math.exp(-a[i]));
            f[i] = s;
            df[i] = s * (1.0 - s);
        }
    }

    @Override
    public void softplus(double[] a, double[] f, double[] df, int from, int to) {
        for (int i = from; i < to; i++) {
            double ai = a[i];
            double e = Math.exp(-Math.abs(ai));
            f[i] = Math.max(ai, 0.0) + Math.log1p(e);
            df[i] = ai >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        }
    }

    @Override
    public void exp(double[] a, double[] f, double[] df, int from, int to) {
        for (int i = from; i < to; i++) {
            double e = Math.exp(a[i]);
            f[i] = e;
            df[i] = e;
        }
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public double sum(double[] a, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void dotInto(double[] a, double[] b, int n, double[] acc, int off) {
        acc[off] += dot(a, 0, b, 0, n);
    }

    @Override
    public void rateTermInto(double[] f, double[] df, double[] dA, int n, double[] acc) {
        acc[0] += rateTerm(f, df, dA, 0, n);
    }

    /** -sum f over [from, n) with dA = -df. */
    static double rateTerm(double[] f, double[] df, double[] dA, int from, int n) {
        double s = 0;
        for (int i = from; i < n; i++) {
            s -= f[i];
            dA[i] = -df[i];
        }
        return s;
    }

    @Override
    public void exp(double[] in, double sign, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.exp(sign * in[i]);
        }
    }

    @Override
    public void log(double[] in, double shift, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Math.log(in[i] + shift);
        }
    }

    @Override
    public void historyPast(double[] in, double[] psi, double[] out, int n) {
        historyPast(in, psi, out, 0, n);
    }

    static void historyPast(double[] in, double[] psi, double[] out, int from, int n) {
        int L = psi.length;
        for (int t = from; t < n; t++) {
            double s = 0;
            for (int l = 1; l <= L && l <= t; l++) {
                s += psi[l - 1] * in[t - l];
            }
            out[t] = s;
        }
    }

    @Override
    public void historyFuture(double[] in, double[] psi, double[] out, int n) {
        historyFuture(in, psi, out, 0, n, n);
    }

    static void historyFuture(double[] in, double[] psi, double[] out, int from, int to, int n) {
        int L = psi.length;
        for (int t = from; t < to; t++) {
            double s = 0;
            for (int l = 1; l <= L && t + l < n; l++) {
                s += psi[l - 1] * in[t + l];
            }
            out[t] = s;
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
