package org.poglm.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The SIMD kernels agree with the scalar ones to round-off, including ragged tails and extreme inputs. */
class KernelsTest {
    final Kernels scalar = new ScalarKernels();
    final Kernels simd = new SimdKernels();

    @Test
    void testsRunWithTheSimdKernels() {
        assertTrue(VectorMath.kernels().startsWith("simd"), "surefire starts the JVM with jdk.incubator.vector");
    }

    @Test
    void nonlinearitiesAgree() {
        Random r = new Random(1);
        for (int n : new int[] {1, 7, 8, 9, 100, 1003}) {
            double[] a = new double[n + 4];
            for (int i = 0; i < a.length; i++) {
                a[i] = i % 17 == 0 ? (r.nextBoolean() ? 740 : -740) : 8 * r.nextGaussian();
            }
            for (String which : new String[] {"sigmoid", "softplus", "exp"}) {
                double[] f1 = new double[a.length];
                double[] d1 = new double[a.length];
                double[] f2 = new double[a.length];
                double[] d2 = new double[a.length];
                apply(scalar, which, a, f1, d1, 2, 2 + n);
                apply(simd, which, a, f2, d2, 2, 2 + n);
                for (int i = 0; i < a.length; i++) {
                    close(f1[i], f2[i], which + " value at " + a[i]);
                    close(d1[i], d2[i], which + " derivative at " + a[i]);
                }
                assertEquals(0.0, f2[0], 0.0, "outside [from, to) untouched");
                assertEquals(0.0, f2[a.length - 1], 0.0, "outside [from, to) untouched");
            }
        }
    }

    static void apply(Kernels k, String which, double[] a, double[] f, double[] d, int from, int to) {
        switch (which) {
            case "sigmoid" -> k.sigmoid(a, f, d, from, to);
            case "softplus" -> k.softplus(a, f, d, from, to);
            default -> k.exp(a, f, d, from, to);
        }
    }

    static void close(double expected, double actual, String what) {
        if (Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        assertEquals(expected, actual, 1e-14 * Math.abs(expected) + 1e-300, what);
    }

    @Test
    void historyConvolutionsAgreeWithTheDefinition() {
        Random r = new Random(3);
        double[] psi = {0.4, 0.3, 0.2, 0.1, 0.05};
        for (int n : new int[] {1, 3, 5, 6, 13, 100, 101}) {
            double[] in = new double[n];
            for (int i = 0; i < n; i++) {
                in[i] = r.nextDouble();
            }
            for (Kernels k : new Kernels[] {scalar, simd}) {
                double[] past = new double[n];
                double[] future = new double[n];
                k.historyPast(in, psi, past, n);
                k.historyFuture(in, psi, future, n);
                for (int t = 0; t < n; t++) {
                    double p = 0;
                    double f = 0;
                    for (int l = 1; l <= psi.length; l++) {
                        p += t - l >= 0 ? psi[l - 1] * in[t - l] : 0;
                        f += t + l < n ? psi[l - 1] * in[t + l] : 0;
                    }
                    assertEquals(p, past[t], 1e-15, k.name() + " past t=" + t + " n=" + n);
                    assertEquals(f, future[t], 1e-15, k.name() + " future t=" + t + " n=" + n);
                }
            }
        }
    }

    @Test
    void ownExpIsWithinOneUlpAndItsScalarTwinGivesTheSameBits() {
        Random r = new Random(5);
        int lanes = simd.lanes();
        double[] x = new double[lanes * 20000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3 == 0 ? 1400 * r.nextDouble() - 700 : i % 3 == 1 ? 1e-3 * r.nextGaussian() : 40 * r.nextDouble() - 20;
        }
        double[] f = new double[x.length];
        double[] df = new double[x.length];
        simd.exp(x, f, df, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(x[i]);
            assertEquals(SimdKernels.exp(x[i]), f[i], 0.0, "scalar twin at " + x[i]);
            if (e > 1e-300) {
                assertTrue(Math.abs(f[i] - e) <= Math.ulp(e), "within 1 ulp at " + x[i]);
            }
        }
        double[] nan = new double[lanes];
        java.util.Arrays.fill(nan, Double.NaN);
        simd.exp(nan, f, df, 0, lanes);
        assertTrue(Double.isNaN(f[0]), "NaN propagates");
        simd.sigmoid(nan, f, df, 0, lanes);
        assertTrue(Double.isNaN(f[0]), "NaN propagates through the sigmoid");
    }

    @Test
    void ownLogIsWithinThreeUlpAndItsScalarTwinGivesTheSameBits() {
        Random r = new Random(6);
        double[] in = new double[simd.lanes() * 20000 + 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = i % 2 == 0 ? Math.exp(60 * r.nextDouble() - 30) : 2 * r.nextDouble();
        }
        in[0] = 0.0;
        in[1] = 1.0 - 1e-8;
        double[] a = new double[in.length];
        double[] b = new double[in.length];
        scalar.log(in, 1e-8, a, in.length);
        simd.log(in, 1e-8, b, in.length);
        for (int i = 0; i < in.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 3 * Math.ulp(a[i]), "within 3 ulp at " + in[i]);
            assertEquals(SimdKernels.log(in[i] + 1e-8), b[i], 0.0, "scalar twin at " + in[i]);
        }
        double[] special = new double[simd.lanes()];
        special[0] = Double.NaN;
        special[1] = Double.POSITIVE_INFINITY;
        simd.log(special, 0.0, b, special.length);
        assertTrue(Double.isNaN(b[0]) && !Double.isFinite(b[1]), "non-finite in, non-finite out");
    }

    @Test
    void rateTermAndDotAgree() {
        Random r = new Random(2);
        for (int n : new int[] {1, 5, 8, 13, 300}) {
            double[] f = new double[n + 3];
            double[] df = new double[n + 3];
            for (int i = 0; i < f.length; i++) {
                f[i] = r.nextDouble() * 2;
                df[i] = r.nextDouble();
            }
            double[] d1 = new double[n + 3];
            double[] d2 = new double[n + 3];
            double[] acc1 = new double[8];
            double[] acc2 = new double[8];
            scalar.rateTermInto(f, df, d1, n, acc1);
            simd.rateTermInto(f, df, d2, n, acc2);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected -= f[i];
                assertEquals(-df[i], d1[i], 0.0, "scalar dA " + i);
                assertEquals(-df[i], d2[i], 0.0, "simd dA " + i);
            }
            assertEquals(0.0, d2[n], 0.0, "nothing written past n");
            double s1 = 0;
            double s2 = 0;
            for (int l = 0; l < 8; l++) {
                s1 += acc1[l];
                s2 += acc2[l];
            }
            assertEquals(expected, s1, 1e-12 * Math.abs(expected));
            assertEquals(expected, s2, 1e-12 * Math.abs(expected));
            assertEquals(scalar.dot(f, 1, df, 0, n), simd.dot(f, 1, df, 0, n), 1e-12 * n);
        }
    }
}
