package org.poglm.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;

/**
 * The score-function families draw from the density they score (SPEC §4-§5): the Gumbel-Softmax's
 * {@code P(argmax y = k) = pi_k} for any tau, category by category, through the row sampler training uses; and
 * for poisson, categorical and gs-score the score identity {@code E[d/dm log D(Z; m)] = 0} at the cell level.
 * With the estimator's weights {@code l_k} of hundreds of nats, a sampler a little off that identity would bias
 * every phi gradient. Tolerances are 5 standard errors; the noise is fixed, so the tests are deterministic.
 */
class ScoreFamilySamplingTest {
    static final int DRAWS = 200_000;

    @ParameterizedTest(name = "tau {0}, m {1}")
    @CsvSource({"0.3, 0.2", "0.5, 0.9", "1.0, 0.2", "1.0, 0.9", "1.0, 2.5", "2.5, 0.9", "2.5, 2.5"})
    void gumbelSoftmaxArgmaxFollowsPi(double tau, double m) {
        GumbelSoftmax d = new GumbelSoftmax(5, tau, false);
        int T = 100;
        double[][] latent = new double[5][T];
        double[] means = new double[T];
        java.util.Arrays.fill(means, m);
        double[] z = new double[T];
        double[] work = new double[d.workSize()];
        double[] scratch = new double[T];
        CellNoise noise = new CellNoise();
        long[] hist = new long[5];
        for (int s = 0; s < DRAWS / T; s++) {
            d.sampleRow(noise, CounterRng.sampleKey(3, s, 1, 2), 0, means, T, latent, 0, z, work, scratch);
            for (int t = 0; t < T; t++) {
                int best = 0;
                for (int k = 1; k < 5; k++) {
                    if (latent[k][t] > latent[best][t]) {
                        best = k;
                    }
                }
                hist[best]++;
                double soft = 0;
                for (int k = 0; k < 5; k++) {
                    soft += k * Math.exp(latent[k][t]);
                }
                assertEquals(soft, z[t], 1e-12, "soft count");
            }
        }
        double[] lp = new double[5];
        TruncatedPoisson.logPi(m, 5, lp, 0);
        for (int k = 0; k < 5; k++) {
            double p = Math.exp(lp[k]);
            double n = (double) (DRAWS / T) * T;
            assertEquals(p, hist[k] / n, 5 * Math.sqrt(p * (1 - p) / n) + 1e-12, "P(argmax = " + k + ")");
        }
    }

    @ParameterizedTest(name = "{0} at m {1}")
    @CsvSource({"poisson, 0.05", "poisson, 0.4", "poisson, 0.95", "poisson, 12.0", "categorical, 0.05",
        "categorical, 0.4", "categorical, 2.0", "gs-score, 0.05", "gs-score, 0.4", "gs-score, 2.0"})
    void scoreHasMeanZeroUnderTheSampler(String name, double m) {
        HiddenSpikeDistribution d = Distributions.create(name);
        double[][] latent = new double[d.latentSize()][1];
        double[] work = new double[Math.max(1, d.workSize())];
        CellNoise noise = new CellNoise();
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < DRAWS; i++) {
            d.sample(noise.at(CounterRng.sampleKey(5, i, 0, 0), 7), m, latent, 0, 0, work);
            double score = d.dLogDensityDMean(latent, 0, 0, m, work);
            s += score;
            s2 += score * score;
        }
        double mean = s / DRAWS;
        double se = Math.sqrt((s2 / DRAWS - mean * mean) / DRAWS);
        assertEquals(0.0, mean, 5 * se, name + " E[score] at m " + m);
    }

    /**
     * The row forms training uses (vectorised over a row of T = 100 cells, with means spread over (0, 1)): the
     * score of every cell has mean zero under the row sampler, and so has their sum over the row (the quantity
     * the estimator multiplies by {@code l_k}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"poisson", "categorical", "gs-score"})
    void rowScoresHaveMeanZeroUnderTheRowSampler(String name) {
        HiddenSpikeDistribution d = Distributions.create(name);
        int T = 100;
        int rows = 4_000;
        double[] m = new double[T];
        double[] ones = new double[T];
        for (int t = 0; t < T; t++) {
            m[t] = 0.005 + 0.99 * ((t * 37) % T) / T;
            ones[t] = 1.0;
        }
        double[][] latent = new double[d.latentSize()][T];
        double[] z = new double[T];
        double[] score = new double[T];
        double[] work = new double[Math.max(1, d.workSize())];
        double[] scratch = new double[T];
        CellNoise noise = new CellNoise();
        double[] sum = new double[T];
        double[] sq = new double[T];
        double rowSum = 0;
        double rowSq = 0;
        for (int r = 0; r < rows; r++) {
            d.sampleRow(noise, CounterRng.sampleKey(8, r, 3, 1), 0, m, T, latent, 0, z, work, scratch);
            d.dLogDensityRow(latent, 0, m, T, ones, score, work);
            double s = 0;
            for (int t = 0; t < T; t++) {
                sum[t] += score[t];
                sq[t] += score[t] * score[t];
                s += score[t];
            }
            rowSum += s;
            rowSq += s * s;
        }
        for (int t = 0; t < T; t++) {
            double mean = sum[t] / rows;
            double se = Math.sqrt((sq[t] / rows - mean * mean) / rows);
            // 100 cells: 5.5 standard errors keeps a false alarm below 1e-5 for the row.
            assertEquals(0.0, mean, 5.5 * se, name + " E[score] at cell " + t + ", m " + m[t]);
        }
        double mean = rowSum / rows;
        assertEquals(0.0, mean, 5 * Math.sqrt((rowSq / rows - mean * mean) / rows), name + " E[row score]");
    }
}
