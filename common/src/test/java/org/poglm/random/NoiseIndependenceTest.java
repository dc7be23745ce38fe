package org.poglm.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo noise of SPEC §8 must behave as independent uniforms along every coordinate a sampler walks:
 * the index within a cell (a Gumbel-Softmax category), the cell (bin and hidden neuron), the sample k, the step
 * and the piece. A correlation along any of them would bias the score-function estimator, whose weights
 * {@code l_k} are hundreds of nats. Each check bins pairs of neighbours into an 8 x 8 grid of equally likely
 * cells and applies a chi-square test (63 degrees of freedom; the bound is about 5 standard deviations above
 * the mean), and checks the marginal moments of the Gumbels built from them.
 */
class NoiseIndependenceTest {
    static final int N = 400_000;
    static final int BINS = 8;
    /** 63 + 5 sqrt(2 * 63). */
    static final double CHI2_BOUND = 63 + 5 * Math.sqrt(126);

    static double chiSquare(IntToDoubleFunction first, IntToDoubleFunction second) {
        long[] counts = new long[BINS * BINS];
        for (int i = 0; i < N; i++) {
            int a = (int) (first.applyAsDouble(i) * BINS);
            int b = (int) (second.applyAsDouble(i) * BINS);
            counts[a * BINS + b]++;
        }
        double expected = (double) N / (BINS * BINS);
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        return chi2;
    }

    static void assertIndependent(String what, IntToDoubleFunction first, IntToDoubleFunction second) {
        double chi2 = chiSquare(first, second);
        assertTrue(chi2 < CHI2_BOUND, what + ": chi-square " + chi2 + " >= " + CHI2_BOUND);
    }

    static double u(long seed, long step, long piece, long sample, long cell, int j) {
        return new CellNoise().at(CounterRng.sampleKey(seed, step, piece, sample), cell).uniform(j);
    }

    @Test
    void neighboursAlongEveryCoordinateAreIndependent() {
        // Within a cell: consecutive indices (Gumbel-Softmax categories 0..4 use uniforms 0..4).
        assertIndependent("index j, j+1", i -> u(1, i, 0, 0, 0, i % 5), i -> u(1, i, 0, 0, 0, i % 5 + 1));
        // Neighbouring cells: the next bin of a neuron, and the same bin of the next hidden neuron (T = 100).
        assertIndependent("cell c, c+1", i -> u(1, i / 100, 0, 0, i % 100, 0), i -> u(1, i / 100, 0, 0, i % 100 + 1, 0));
        assertIndependent("cell c, c+T", i -> u(1, i / 100, 0, 0, i % 100, 0), i -> u(1, i / 100, 0, 0, i % 100 + 100, 0));
        // The K samples of a piece, consecutive steps, consecutive pieces, consecutive seeds.
        assertIndependent("sample k, k+1", i -> u(1, i / 5, 0, i % 5, 3, 0), i -> u(1, i / 5, 0, i % 5 + 1, 3, 0));
        assertIndependent("step s, s+1", i -> u(1, i, 0, 0, 3, 1), i -> u(1, i + 1, 0, 0, 3, 1));
        assertIndependent("piece p, p+1", i -> u(1, 0, i, 0, 3, 1), i -> u(1, 0, i + 1, 0, 3, 1));
        assertIndependent("seed s, s+1", i -> u(i, 0, 0, 0, 3, 1), i -> u(i + 1, 0, 0, 0, 3, 1));
        // The same cell and index of the same sample in two pieces of one step (a batch).
        assertIndependent("pieces of a batch", i -> u(2, i / 10, i % 10, 1, 7, 2), i -> u(2, i / 10, i % 10 + 10, 1, 7, 2));
    }

    @Test
    void theChiSquareCheckSeesADependence() {
        // Power: the second uniform is the first, slightly perturbed.
        double chi2 = chiSquare(i -> u(1, i, 0, 0, 0, 0), i -> (u(1, i, 0, 0, 0, 0) * 0.9 + 0.1 * u(1, i, 0, 0, 0, 1)));
        assertTrue(chi2 > CHI2_BOUND, "chi-square " + chi2);
    }

    @Test
    void gumbelsHaveTheirMomentsAndAreUncorrelatedAcrossCategories() {
        CellNoise noise = new CellNoise();
        long key = CounterRng.sampleKey(9, 4, 2, 1);
        double[] sum = new double[5];
        double[] sq = new double[5];
        double[][] cross = new double[5][5];
        for (int i = 0; i < N; i++) {
            noise.at(key, i);
            double[] g = new double[5];
            for (int k = 0; k < 5; k++) {
                g[k] = noise.gumbel(k);
                sum[k] += g[k];
                sq[k] += g[k] * g[k];
            }
            for (int a = 0; a < 5; a++) {
                for (int b = a + 1; b < 5; b++) {
                    cross[a][b] += g[a] * g[b];
                }
            }
        }
        double euler = 0.5772156649015329;
        double var = Math.PI * Math.PI / 6;
        for (int k = 0; k < 5; k++) {
            double mean = sum[k] / N;
            assertEquals(euler, mean, 5 * Math.sqrt(var / N), "Gumbel mean, category " + k);
            // The variance of the sample variance of a Gumbel is (kurtosis - 1) var^2 / N, kurtosis 5.4.
            assertEquals(var, sq[k] / N - mean * mean, 5 * var * Math.sqrt(4.4 / N), "Gumbel variance, category " + k);
        }
        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                double cov = cross[a][b] / N - (sum[a] / N) * (sum[b] / N);
                assertEquals(0.0, cov / var, 5 / Math.sqrt(N), "correlation of categories " + a + ", " + b);
            }
        }
    }
}
