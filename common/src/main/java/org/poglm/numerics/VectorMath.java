package org.poglm.numerics;

/**
 * Entry point to the hot-path kernels. Uses the Vector API kernels when the JVM has the
 * {@code jdk.incubator.vector} module (start it with {@code --add-modules=jdk.incubator.vector},
 * as the project's scripts and {@code conf/spark-defaults.conf} do) and plain Java otherwise; the
 * system property {@code poglm.simd=false} forces plain Java. Results of the two agree to
 * round-off, not bit for bit, so one run should use one kind on every JVM.
 */
public final class VectorMath {
    private static final Kernels K = choose();

    private VectorMath() {
    }

    private static Kernels choose() {
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("poglm.simd", "true"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                Kernels k = (Kernels) Class.forName("org.poglm.numerics.SimdKernels").getDeclaredConstructor().newInstance();
                double[] probe = {0.5};
                k.sigmoid(probe, new double[1], new double[1], 0, 1);
                return k;
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernels();
            }
        }
        return new ScalarKernels();
    }

    /** Which kernels run: {@code simd(512-bit)} or {@code scalar}. */
    public static String kernels() {
        return K.name();
    }

    public static void sigmoid(double[] a, double[] f, double[] df, int from, int to) {
        K.sigmoid(a, f, df, from, to);
    }

    public static void softplus(double[] a, double[] f, double[] df, int from, int to) {
        K.softplus(a, f, df, from, to);
    }

    public static void exp(double[] a, double[] f, double[] df, int from, int to) {
        K.exp(a, f, df, from, to);
    }

    public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        return K.dot(a, aOff, b, bOff, n);
    }

    /**
     * y[yOff + i] += alpha x[xOff + i], i < n. The JIT vectorises this loop when both offsets are equal
     * (the hot paths keep one array per row and call {@link #axpy(double, double[], double[], int)}).
     */
    public static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** y[i] += alpha x[i], i < n. */
    public static void axpy(double alpha, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** Lanes of the accumulators of {@link #dotInto} and {@link #rateTermInto} (8 covers every kind). */
    public static int lanes() {
        return K.lanes();
    }

    /** Adds a.b over n elements into the unreduced accumulator {@code acc[off .. off + lanes())}. */
    public static void dotInto(double[] a, double[] b, int n, double[] acc, int off) {
        K.dotInto(a, b, n, acc, off);
    }

    /** See {@link Kernels#rateTermInto}. */
    public static void rateTermInto(double[] f, double[] df, double[] dA, int n, double[] acc) {
        K.rateTermInto(f, df, dA, n, acc);
    }

    /** a.b over n elements via a lane accumulator ({@code acc} of at least {@link #lanes()} doubles). */
    public static double dot(double[] a, double[] b, int n, double[] acc) {
        java.util.Arrays.fill(acc, 0, K.lanes(), 0.0);
        K.dotInto(a, b, n, acc, 0);
        return reduce(acc, 0);
    }

    /** The sum of an accumulator's lanes, in a fixed order. */
    public static double reduce(double[] acc, int off) {
        double s = 0;
        for (int i = 0; i < K.lanes(); i++) {
            s += acc[off + i];
        }
        return s;
    }

    /**
     * y[i] = x[i] + sum_{j < count} w[j] r[j][i], i < n, up to four rows per pass, the first pass reading
     * {@code x} ({@code x} may be {@code y}). Rows are added in order j = 0, 1, ..., so the result does not
     * depend on how they are grouped into passes.
     */
    public static void addCombination(double[] x, double[][] r, double[] w, int count, double[] y, int n) {
        if (count == 0) {
            if (x != y) {
                System.arraycopy(x, 0, y, 0, n);
            }
            return;
        }
        double[] src = x;
        for (int j = 0; j < count; j += 4) {
            switch (Math.min(4, count - j)) {
                case 4 -> add4(src, r[j], w[j], r[j + 1], w[j + 1], r[j + 2], w[j + 2], r[j + 3], w[j + 3], y, n);
                case 3 -> add3(src, r[j], w[j], r[j + 1], w[j + 1], r[j + 2], w[j + 2], y, n);
                case 2 -> add2(src, r[j], w[j], r[j + 1], w[j + 1], y, n);
                default -> add1(src, r[j], w[j], y, n);
            }
            src = y;
        }
    }

    private static void add4(double[] x, double[] r0, double w0, double[] r1, double w1, double[] r2, double w2,
                             double[] r3, double w3, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + w0 * r0[i] + w1 * r1[i] + w2 * r2[i] + w3 * r3[i];
        }
    }

    private static void add3(double[] x, double[] r0, double w0, double[] r1, double w1, double[] r2, double w2,
                             double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + w0 * r0[i] + w1 * r1[i] + w2 * r2[i];
        }
    }

    private static void add2(double[] x, double[] r0, double w0, double[] r1, double w1, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + w0 * r0[i] + w1 * r1[i];
        }
    }

    private static void add1(double[] x, double[] r0, double w0, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + w0 * r0[i];
        }
    }

    /**
     * out[i] = exp(sign * in[i]), i < n, for arguments down to -708 (below, the result is e^-708) and up
     * to 709.
     */
    public static void exp(double[] in, double sign, double[] out, int n) {
        K.exp(in, sign, out, n);
    }

    /** out[i] = log(in[i] + shift), i < n. */
    public static void log(double[] in, double shift, double[] out, int n) {
        K.log(in, shift, out, n);
    }

    /** out[t] = sum_{l, t-l >= 0} psi[l-1] in[t-l], t < n ({@code out} must not be {@code in}). */
    public static void historyPast(double[] in, double[] psi, double[] out, int n) {
        K.historyPast(in, psi, out, n);
    }

    /** out[t] = sum_{l, t+l < n} psi[l-1] in[t+l], t < n ({@code out} must not be {@code in}). */
    public static void historyFuture(double[] in, double[] psi, double[] out, int n) {
        K.historyFuture(in, psi, out, n);
    }

    /** y[i] += x[i], i < n. */
    public static void add(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += x[i];
        }
    }

    /** sum a[off + i], i < n. */
    public static double sum(double[] a, int off, int n) {
        return K.sum(a, off, n);
    }
}
