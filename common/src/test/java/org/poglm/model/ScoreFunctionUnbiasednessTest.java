package org.poglm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.distributions.GumbelSoftmax;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.schemes.VariationalScheme;

/**
 * The score-function gradients of SPEC §5 estimate the gradient of the ELBO: their average over many noise
 * draws equals it within Monte Carlo error. The finite-difference checks of {@link GradientCheckTest} hold the
 * noise fixed, so they cannot see a sampler that does not draw from q, a score taken at the wrong point, or a
 * weight that is not {@code l_k}; these tests can.
 *
 * <ul>
 * <li>poisson and categorical: against the exact ELBO of a piece small enough to enumerate (one visible and one
 * hidden neuron, three or four bins), differentiated by central differences;</li>
 * <li>gs-score: against gs-pathwise at the same tau (both estimate the gradient of the same Concrete ELBO),
 * whose gradient has a far smaller variance; a gs-pathwise at another tau must be told apart (power).</li>
 * </ul>
 * Every parameter (theta and phi) must agree within {@value #Z} standard errors; noise comes from fixed seeds, so
 * the outcome is reproducible.
 */
class ScoreFunctionUnbiasednessTest {
    static final double Z = 4.5;

    static PieceFeatures tinyPiece(int[] counts) {
        int[][] x = new int[counts.length][1];
        for (int t = 0; t < counts.length; t++) {
            x[t][0] = counts[t];
        }
        return PieceFeatures.of(Piece.of(0, x), Basis.defaultBasis(), Padding.ZERO);
    }

    static double[] randomParams(ParameterLayout layout, double scale, long seed) {
        Random r = new Random(seed);
        double[] p = new double[layout.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = scale * r.nextGaussian();
        }
        return p;
    }

    /** Mean and standard error of each component of the estimator's gradient over {@code draws} noise draws. */
    static double[][] meanGradient(ElboEstimator est, double[] params, PieceFeatures piece, long seed, int draws) {
        int n = params.length;
        double[] sum = new double[n];
        double[] sq = new double[n];
        double[] g = new double[n];
        for (int s = 0; s < draws; s++) {
            java.util.Arrays.fill(g, 0.0);
            est.elbo(params, piece, seed, s, g);
            for (int i = 0; i < n; i++) {
                sum[i] += g[i];
                sq[i] += g[i] * g[i];
            }
        }
        double[] mean = new double[n];
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = sum[i] / draws;
            se[i] = Math.sqrt(Math.max(0.0, sq[i] / draws - mean[i] * mean[i]) / (draws - 1));
        }
        return new double[][] {mean, se};
    }

    /**
     * The exact ELBO {@code sum_Z q(Z) [log p(X, Z) - log q(Z)]} of a one-hidden-neuron model by enumerating
     * every count path with counts below {@code levels}; also returns the enumerated mass of q.
     */
    static double[] exactElbo(ElboEstimator est, double[] params, PieceFeatures piece, int levels) {
        int T = piece.bins;
        double[][] lat = new double[1][T];
        int[] z = new int[T];
        double elbo = 0;
        double mass = 0;
        while (true) {
            for (int t = 0; t < T; t++) {
                lat[0][t] = z[t];
            }
            double[] pq = est.logJointAndVariational(params, piece, lat);
            double q = Math.exp(pq[1]);
            if (q > 0) {
                elbo += q * (pq[0] - pq[1]);
                mass += q;
            }
            int t = 0;
            while (t < T && ++z[t] == levels) {
                z[t++] = 0;
            }
            if (t == T) {
                break;
            }
        }
        return new double[] {elbo, mass};
    }

    static List<String> disagreements(ParameterLayout layout, double[] expected, double[] expectedSe, double[] mean,
                                      double[] se) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < mean.length; i++) {
            double tol = Z * Math.hypot(se[i], expectedSe[i]) + 1e-7 * (1 + Math.abs(expected[i]));
            if (Math.abs(mean[i] - expected[i]) > tol) {
                bad.add(String.format("%s: expected %.6f (se %.6f), Monte Carlo mean %.6f (se %.6f)",
                    layout.describe(i), expected[i], expectedSe[i], mean[i], se[i]));
            }
        }
        return bad;
    }

    @ParameterizedTest(name = "{0} x {1}, baseline {2}")
    @CsvSource({
        "poisson, f, none", "poisson, fs, none", "poisson, fb, none", "poisson, fb, leave-one-out",
        "categorical, f, none", "categorical, fs, none", "categorical, fb, none", "categorical, fs, leave-one-out"})
    void scoreGradientAveragesToTheEnumeratedElboGradient(String dist, String scheme, String baseline) {
        int[] counts = dist.equals("poisson") ? new int[] {1, 0, 2} : new int[] {1, 0, 2, 0};
        // Poisson: counts up to 11 at rates below 1 leave < 1e-9 of q's mass out; categorical: all 5 categories.
        int levels = dist.equals("poisson") ? 12 : 5;
        PieceFeatures piece = tinyPiece(counts);
        ModelSpec spec = TestProblems.spec(1, 1, dist, scheme, Nonlinearity.SIGMOID);
        ElboEstimator exactEst = new ElboEstimator(spec, 1, ScoreBaseline.NONE);
        double[] params = randomParams(spec.layout(), 0.9, 41 + scheme.hashCode());
        // Rates of order 0.3-0.9 so that counts above 1 matter.
        params[1] += 0.5;
        double[] at = exactElbo(exactEst, params, piece, levels);
        // The Poisson density adds EPS inside log m only (SPEC §2), so its mass is e^{EPS} per cell.
        assertEquals(1.0, at[1], 1e-6, "enumerated mass of q");
        double[] exact = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            final int j = i;
            exact[i] = FiniteDifference.derivative(p -> exactElbo(exactEst, p, piece, levels)[0], params, j, 1e-5);
        }
        ElboEstimator est = new ElboEstimator(spec, 5, ScoreBaseline.parse(baseline));
        double[][] mc = meanGradient(est, params, piece, 7, 40_000);
        List<String> bad = disagreements(spec.layout(), exact, new double[params.length], mc[0], mc[1]);
        assertTrue(bad.isEmpty(), () -> String.join("\n", bad));
    }

    @ParameterizedTest(name = "gs-score x {0}, tau {1}")
    @CsvSource({"f, 1.0", "fs, 1.0", "fb, 1.0", "fb, 0.5"})
    void gumbelSoftmaxScoreGradientAveragesToThePathwiseOne(String scheme, double tau) {
        PieceFeatures piece = tinyPiece(new int[] {1, 0, 2, 0, 1});
        ModelSpec score = new ModelSpec(1, 1, Basis.defaultBasis(), Nonlinearity.SIGMOID,
            new GumbelSoftmax(Distributions.DEFAULT_CATEGORIES, tau, false), VariationalScheme.parse(scheme));
        ModelSpec pathwise = score.withDistribution(new GumbelSoftmax(Distributions.DEFAULT_CATEGORIES, tau, true));
        double[] params = randomParams(score.layout(), 0.9, 43 + scheme.hashCode());
        params[1] += 0.5;
        double[][] s = meanGradient(new ElboEstimator(score, 5, ScoreBaseline.NONE), params, piece, 11, 40_000);
        double[][] p = meanGradient(new ElboEstimator(pathwise, 5, ScoreBaseline.NONE), params, piece, 13, 20_000);
        List<String> bad = disagreements(score.layout(), p[0], p[1], s[0], s[1]);
        assertTrue(bad.isEmpty(), () -> String.join("\n", bad));
    }

    /** Power: the comparison above tells a Concrete ELBO at tau 1 from one at tau 0.5. */
    @Test
    void theGumbelSoftmaxComparisonDetectsAnotherTemperature() {
        PieceFeatures piece = tinyPiece(new int[] {1, 0, 2, 0, 1});
        ModelSpec score = new ModelSpec(1, 1, Basis.defaultBasis(), Nonlinearity.SIGMOID,
            new GumbelSoftmax(Distributions.DEFAULT_CATEGORIES, 1.0, false), VariationalScheme.parse("fb"));
        ModelSpec other = score.withDistribution(new GumbelSoftmax(Distributions.DEFAULT_CATEGORIES, 0.5, true));
        double[] params = randomParams(score.layout(), 0.9, 43 + "fb".hashCode());
        params[1] += 0.5;
        double[][] s = meanGradient(new ElboEstimator(score, 5, ScoreBaseline.NONE), params, piece, 11, 40_000);
        double[][] p = meanGradient(new ElboEstimator(other, 5, ScoreBaseline.NONE), params, piece, 13, 20_000);
        assertTrue(!disagreements(score.layout(), p[0], p[1], s[0], s[1]).isEmpty(),
            "tau 1.0 and tau 0.5 gradients should differ");
    }

    /** Power: the enumeration comparison tells the score gradient from one whose samples have 5 % more mean. */
    @Test
    void theEnumerationComparisonDetectsASamplerOffByFivePercent() {
        PieceFeatures piece = tinyPiece(new int[] {1, 0, 2});
        ModelSpec spec = TestProblems.spec(1, 1, "poisson", "fb", Nonlinearity.SIGMOID);
        ModelSpec biased = spec.withDistribution(new ScaledSampler(spec.distribution(), 1.05));
        double[] params = randomParams(spec.layout(), 0.9, 41 + "fb".hashCode());
        params[1] += 0.5;
        ElboEstimator exactEst = new ElboEstimator(spec, 1, ScoreBaseline.NONE);
        double[] exact = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            exact[i] = FiniteDifference.derivative(p -> exactElbo(exactEst, p, piece, 12)[0], params, i, 1e-5);
        }
        double[][] mc = meanGradient(new ElboEstimator(biased, 5, ScoreBaseline.NONE), params, piece, 7, 40_000);
        assertTrue(!disagreements(spec.layout(), exact, new double[params.length], mc[0], mc[1]).isEmpty(),
            "a sampler drawing at 1.05 m should be caught");
    }

    /** A family that samples at {@code factor * m} but scores at m: a sampler/density mismatch. */
    private record ScaledSampler(HiddenSpikeDistribution inner, double factor) implements HiddenSpikeDistribution {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public boolean pathwise() {
            return inner.pathwise();
        }

        @Override
        public int latentSize() {
            return inner.latentSize();
        }

        @Override
        public int workSize() {
            return inner.workSize();
        }

        @Override
        public double sample(org.poglm.random.CellNoise noise, double m, double[][] latent, int row, int t,
                             double[] work) {
            return inner.sample(noise, factor * m, latent, row, t, work);
        }

        @Override
        public double count(double[][] latent, int row, int t) {
            return inner.count(latent, row, t);
        }

        @Override
        public double logDensity(double[][] latent, int row, int t, double m, double[] work) {
            return inner.logDensity(latent, row, t, m, work);
        }

        @Override
        public double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work) {
            return inner.dLogDensityDMean(latent, row, t, m, work);
        }
    }
}
