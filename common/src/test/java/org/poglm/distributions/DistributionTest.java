package org.poglm.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;

/**
 * Distribution checks with fixed seeds. Monte Carlo tolerances are stated per test: means within
 * 5 standard errors of the estimate (the noise is fixed, so the test is deterministic).
 */
class DistributionTest {
    static final int DRAWS = 200_000;

    /** Mean and standard error of z over DRAWS samples with mean m. */
    static double[] moments(HiddenSpikeDistribution d, double m, long seed) {
        CellNoise noise = new CellNoise();
        double[][] latent = new double[d.latentSize()][1];
        double[] work = new double[Math.max(1, d.workSize())];
        long key = CounterRng.sampleKey(seed, 0, 0, 0);
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < DRAWS; i++) {
            double z = d.sample(noise.at(key, i), m, latent, 0, 0, work);
            s += z;
            s2 += z * z;
        }
        double mean = s / DRAWS;
        double var = s2 / DRAWS - mean * mean;
        return new double[] {mean, Math.sqrt(var / DRAWS), var};
    }

    @ParameterizedTest(name = "{0} at mean {1}")
    @CsvSource({"exponential,0.3", "exponential,2.5", "rayleigh,0.3", "rayleigh,2.5", "half-normal,0.3",
        "half-normal,2.5", "poisson,0.4", "poisson,35"})
    void sampleMeanEqualsRate(String name, double m) {
        double[] mo = moments(Distributions.create(name), m, 1);
        assertEquals(m, mo[0], 5 * mo[1], name + " mean");
    }

    @Test
    void poissonSamplerHasPoissonVarianceAcrossBothAlgorithms() {
        for (double m : new double[] {0.05, 3.0, 9.9, 10.0, 57.0}) {
            double[] mo = moments(new PoissonSpikes(), m, 2);
            assertEquals(m, mo[0], 5 * mo[1], "mean at " + m);
            assertEquals(1.0, mo[2] / m, 0.02, "variance / mean at " + m);
        }
    }

    @ParameterizedTest(name = "eat-cubic tau {0}")
    @ValueSource(doubles = {0.02, 0.1, 0.5, 1.0})
    void eatCubicMeanEqualsRateForTauUpToOne(double tau) {
        for (double m : new double[] {0.2, 1.0, 6.0}) {
            double[] mo = moments(new EatCubic(tau), m, 3);
            assertEquals(m, mo[0], 5 * mo[1], "mean at m=" + m);
        }
    }

    @Test
    void eatCubicStopsAtTheFirstArrivalBeyondOnePlusTau() {
        double tau = 0.3;
        EatCubic d = new EatCubic(tau);
        CellNoise noise = new CellNoise();
        double[][] latent = new double[2][1];
        double[] work = new double[d.workSize()];
        long key = CounterRng.sampleKey(4, 0, 0, 0);
        for (int i = 0; i < 2000; i++) {
            double m = 0.1 + (i % 50) * 0.1;
            d.sample(noise.at(key, i), m, latent, 0, 0, work);
            int drawn = (int) work[2];
            double arrival = 0;
            for (int j = 0; j < drawn; j++) {
                arrival += noise.exponential(j);
                double t = arrival / m;
                if (j < drawn - 1) {
                    assertTrue(t < 1 + tau, "arrival " + (j + 1) + " at " + t + " drawn after the stop");
                } else {
                    assertTrue(t >= 1 + tau, "last arrival at " + t + " is before 1 + tau");
                }
            }
        }
    }

    /** Total variation distance between round(z) and Poisson(m). */
    static double tvToPoisson(HiddenSpikeDistribution d, double m, long seed) {
        int n = 40_000;
        int[] hist = new int[40];
        CellNoise noise = new CellNoise();
        double[][] latent = new double[d.latentSize()][1];
        double[] work = new double[Math.max(1, d.workSize())];
        long key = CounterRng.sampleKey(seed, 0, 0, 0);
        for (int i = 0; i < n; i++) {
            int k = (int) Math.round(d.sample(noise.at(key, i), m, latent, 0, 0, work));
            hist[Math.min(k, hist.length - 1)]++;
        }
        double tv = 0;
        double p = Math.exp(-m);
        for (int k = 0; k < hist.length; k++) {
            tv += Math.abs(hist[k] / (double) n - p);
            p *= m / (k + 1);
        }
        return tv / 2;
    }

    @Test
    void relaxedCountsApproachPoissonAsTauShrinks() {
        double m = 0.7;
        for (String name : new String[] {"eat-sigmoid", "gs-pathwise", "eat-cubic"}) {
            double tvLarge = tvToPoisson(Distributions.create(name, 0.5, 5), m, 5);
            double tvMid = tvToPoisson(Distributions.create(name, 0.1, 5), m, 5);
            double tvSmall = tvToPoisson(Distributions.create(name, 0.01, 5), m, 5);
            // eat-cubic already sits at the histogram's sampling error (about 0.005) at tau 0.1.
            boolean monotone = name.equals("eat-cubic") ? tvSmall < tvLarge : tvSmall < tvMid && tvMid < tvLarge;
            assertTrue(monotone,
                name + " TV distance to Poisson should shrink with tau: " + tvLarge + ", " + tvMid + ", " + tvSmall);
            // Truncation at M=5 adds < 1e-3 for gs.
            assertTrue(tvSmall < 0.015, name + " at tau 0.01: TV " + tvSmall);
        }
    }

    @Test
    void eatSigmoidCapIsAFarPoissonQuantile() {
        EatSigmoid d = new EatSigmoid(0.1);
        int cap = d.arrivalCap(2.0);
        // Poisson(8) exceeds 25 with probability below 1e-6.
        assertTrue(cap >= 20 && cap <= 30, "cap " + cap);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exponential", "rayleigh", "half-normal"})
    void continuousDensitiesIntegrateToOne(String name) {
        ScaleFamily d = (ScaleFamily) Distributions.create(name);
        for (double m : new double[] {0.05, 0.8, 7.0}) {
            // z = m e^s: dz = z ds, integrate over s in [-40, 8] with the trapezoid rule.
            double integral = 0;
            double h = 1e-3;
            for (double s = -40; s <= 8; s += h) {
                double z = m * Math.exp(s);
                integral += Math.exp(d.logDensity(z, m)) * z * h;
            }
            assertEquals(1.0, integral, 1e-4, name + " at m=" + m);
        }
    }

    @Test
    void concreteDensityIntegratesToOneOnTheSimplex() {
        for (double tau : new double[] {0.5, 1.0}) {
            for (double m : new double[] {0.3, 1.5}) {
                // M = 2: y = (1 - y1, y1), y1 = sigmoid(s), dy1 = y0 y1 ds.
                GumbelSoftmax g2 = new GumbelSoftmax(2, tau, true);
                double[] work = new double[g2.workSize()];
                double integral = 0;
                double h = 2e-3;
                for (double s = -80; s <= 80; s += h) {
                    double[][] ly = {{-softplus(s)}, {-softplus(-s)}};
                    integral += Math.exp(g2.logDensity(ly, 0, 0, m, work) + ly[0][0] + ly[1][0]) * h;
                }
                assertEquals(1.0, integral, 1e-4, "M=2 tau=" + tau + " m=" + m);
                // M = 3: logits (0, s1, s2); |d(y1,y2)/d(s1,s2)| = y0 y1 y2.
                GumbelSoftmax g3 = new GumbelSoftmax(3, tau, true);
                double[] work3 = new double[g3.workSize()];
                double sum = 0;
                // The integrand is smooth and decays like exp(-tau (M-1) |s|): the trapezoid rule on
                // a 0.1 grid over [-45, 45]^2 is accurate far beyond the tolerance.
                double h3 = 0.1;
                for (double s1 = -45; s1 <= 45; s1 += h3) {
                    for (double s2 = -45; s2 <= 45; s2 += h3) {
                        double mx = Math.max(0, Math.max(s1, s2));
                        double lse = mx + Math.log(Math.exp(-mx) + Math.exp(s1 - mx) + Math.exp(s2 - mx));
                        double[][] ly = {{-lse}, {s1 - lse}, {s2 - lse}};
                        sum += Math.exp(g3.logDensity(ly, 0, 0, m, work3) + ly[0][0] + ly[1][0] + ly[2][0]) * h3 * h3;
                    }
                }
                assertEquals(1.0, sum, 2e-3, "M=3 tau=" + tau + " m=" + m);
            }
        }
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    @Test
    void truncatedPoissonIsAProperDistributionWithTailInTheTopCategory() {
        for (int M : new int[] {2, 3, 5, 8}) {
            for (double m : new double[] {1e-6, 0.01, 0.5, 1.0, 4.0, 30.0}) {
                double[] lp = new double[M];
                TruncatedPoisson.logPi(m, M, lp, 0);
                double s = 0;
                for (double l : lp) {
                    assertTrue(Double.isFinite(l), "log pi finite");
                    s += Math.exp(l);
                }
                assertEquals(1.0, s, 1e-12, "sum at M=" + M + " m=" + m);
                double pmf0 = Math.exp(-(m + HiddenSpikeDistribution.EPS));
                if (M > 2) {
                    assertEquals(pmf0, Math.exp(lp[0]), 1e-15, "category 0 is P(X=0)");
                }
            }
        }
        // Small rates: the tail is summed directly, so it stays accurate where 1 - sum would cancel.
        double[] lp = new double[5];
        TruncatedPoisson.logPi(1e-3, 5, lp, 0);
        double mt = 1e-3 + HiddenSpikeDistribution.EPS;
        double expected = Math.pow(mt, 4) / 24 * Math.exp(-mt) * (1 + mt / 5 + mt * mt / 30);
        assertEquals(1.0, Math.exp(lp[4]) / expected, 1e-6);
    }

    @Test
    void theLogPiMemoGivesTheBitsOfAComputation() {
        java.util.Random rnd = new java.util.Random(5);
        for (int M : new int[] {2, 5, 9}) {
            double[] memo = new double[TruncatedPoisson.memoSize(M)];
            double[] seen = new double[300];
            for (int i = 0; i < seen.length; i++) {
                seen[i] = i % 7 == 0 ? 0.0 : Math.exp(rnd.nextGaussian() * 2);
            }
            double[] viaMemo = new double[M];
            double[] direct = new double[M];
            // Far more keys than memo slots, each asked for repeatedly: hits, misses and evictions.
            for (int round = 0; round < 50; round++) {
                double m = round % 2 == 0 ? seen[rnd.nextInt(seen.length)] : rnd.nextDouble() * 20;
                for (int again = 0; again < 3; again++) {
                    TruncatedPoisson.logPi(m, M, viaMemo, 0, memo, 0);
                    TruncatedPoisson.logPi(m, M, direct, 0);
                    for (int k = 0; k < M; k++) {
                        assertEquals(Double.doubleToRawLongBits(direct[k]), Double.doubleToRawLongBits(viaMemo[k]),
                            "M=" + M + " m=" + m + " k=" + k);
                    }
                }
            }
            for (int i = 0; i < 20_000; i++) {
                double m = seen[rnd.nextInt(seen.length)] * (i % 3 == 0 ? 1.0 : 1.0 + rnd.nextInt(1000) * 1e-3);
                TruncatedPoisson.logPi(m, M, viaMemo, 0, memo, 0);
                TruncatedPoisson.logPi(m, M, direct, 0);
                assertArrayEquals(direct, viaMemo, 0.0, "M=" + M + " m=" + m);
            }
        }
    }

    @Test
    void inversionStopsAtItsCapExactlyAsSpecified() {
        // The loop as first written, with the cap m + 40 sqrt(m) + 40 checked before every step.
        java.util.function.DoubleBinaryOperator reference = (u, m) -> {
            double p = Math.exp(-m);
            double cdf = p;
            int k = 0;
            int limit = (int) (m + 40.0 * Math.sqrt(m) + 40.0);
            while (u > cdf && k < limit) {
                k++;
                p *= m / k;
                cdf += p;
                if (p == 0.0 && k > m) {
                    break;
                }
            }
            return k;
        };
        double top = (0x1p53 - 0.5) * 0x1p-53;
        for (double m : new double[] {1e-300, 1e-12, 0.01, 0.3, 1.0, 2.5, 7.0, 9.999}) {
            for (double u : new double[] {1e-9, 0.2, 0.5, 0.9, 0.999999, 1 - 1e-15, top, Math.nextDown(top)}) {
                assertEquals(reference.applyAsDouble(u, m), PoissonSampler.inversion(u, m), 0.0, "m=" + m + " u=" + u);
            }
        }
    }

    @Test
    void categoricalSamplesFollowPi() {
        CategoricalSpikes d = new CategoricalSpikes(5);
        int[] hist = new int[5];
        CellNoise noise = new CellNoise();
        double[][] latent = new double[1][1];
        double[] work = new double[d.workSize()];
        long key = CounterRng.sampleKey(6, 0, 0, 0);
        double m = 1.3;
        for (int i = 0; i < DRAWS; i++) {
            hist[(int) d.sample(noise.at(key, i), m, latent, 0, 0, work)]++;
        }
        double[] lp = new double[5];
        TruncatedPoisson.logPi(m, 5, lp, 0);
        for (int k = 0; k < 5; k++) {
            double p = Math.exp(lp[k]);
            assertEquals(p, hist[k] / (double) DRAWS, 5 * Math.sqrt(p * (1 - p) / DRAWS), "category " + k);
        }
    }

    @Test
    void namesAndDefaults() {
        assertEquals(9, Distributions.NAMES.size());
        for (String n : Distributions.NAMES) {
            assertEquals(n, Distributions.create(n).name());
        }
        assertEquals(0.5, Distributions.create("gs-pathwise").tau());
        assertEquals(1.0, Distributions.create("gs-score").tau());
        assertEquals(0.1, Distributions.create("eat-cubic").tau());
    }

    /** SPEC §4: EAT-sigmoid reports its arrival cap; the cap bounds every draw at its mean. */
    @Test
    void eatSigmoidReportsItsArrivalCap() {
        EatSigmoid d = new EatSigmoid(0.1);
        String note = d.samplerNote();
        assertTrue(note.contains(d.arrivalCap(1.0) + " at m = 1"), note);
        assertTrue(note.contains("1.0E-6"), note);
        double[][] latent = new double[2][1];
        double[] work = new double[d.workSize()];
        CellNoise noise = new CellNoise();
        for (int cell = 0; cell < 2000; cell++) {
            d.sample(noise.at(11, cell), 1.0, latent, 0, 0, work);
            assertTrue(work[2] <= d.arrivalCap(1.0) + 1, "arrivals drawn: " + work[2]);
        }
        assertTrue(new EatCubic(0.1).samplerNote().contains("no cap"));
    }
}
