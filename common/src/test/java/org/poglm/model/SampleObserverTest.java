package org.poglm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.schemes.VariationalScheme;

/**
 * The per-sample view an evaluation gets ({@link ElboEstimator.SampleObserver}, SPEC §7): the log weights
 * are bit for bit those of the plain {@code logWeights}, and the per-unit visible terms and the rates of
 * each sample are SPEC §2-§3's, checked against {@link ReferenceRates} on the latents the estimator drew.
 */
class SampleObserverTest {
    static final int V = 3;
    static final int H = 2;
    static final int T = 20;
    static final int K = 4;
    static final double REL = 1e-10;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (String d : Distributions.NAMES) {
            for (String s : VariationalScheme.NAMES) {
                all.add(Arguments.of(d, s, Nonlinearity.SIGMOID));
            }
        }
        all.add(Arguments.of("poisson", "fs", Nonlinearity.SOFTPLUS));
        all.add(Arguments.of("exponential", "fb", Nonlinearity.SOFTPLUS));
        return all.stream();
    }

    /** Copies of what the observer was shown, per sample. */
    static final class Seen implements ElboEstimator.SampleObserver {
        final List<double[]> terms = new ArrayList<>();
        final List<double[][]> rates = new ArrayList<>();
        final List<double[][]> qRates = new ArrayList<>();
        final List<Double> weights = new ArrayList<>();
        final List<Integer> ks = new ArrayList<>();

        @Override
        public void sample(int k, double logWeight, double[] visibleTerms, double[][] f, double[][] g) {
            ks.add(k);
            weights.add(logWeight);
            terms.add(visibleTerms.clone());
            rates.add(copy(f, T));
            qRates.add(copy(g, T));
        }

        static double[][] copy(double[][] rows, int T) {
            double[][] c = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                c[i] = java.util.Arrays.copyOf(rows[i], T);
            }
            return c;
        }
    }

    @ParameterizedTest(name = "{0} x {1} x {2}")
    @MethodSource("combinations")
    void everySampleShowsTheSpecTermsAndLeavesTheLogWeightsBitIdentical(String dist, String scheme, Nonlinearity nl) {
        ModelSpec spec = TestProblems.spec(V, H, dist, scheme, nl);
        long seed = 7 + dist.hashCode() + 5L * scheme.hashCode();
        PieceFeatures piece = TestProblems.contextPiece(T, V, seed);
        double[] params = TestProblems.params(spec.layout(), 0.6, seed + 1);
        ElboEstimator est = new ElboEstimator(spec, K, ScoreBaseline.NONE);

        double[] plain = new double[K];
        est.logWeights(params, piece, 11, 3, plain);
        double[] observed = new double[K];
        Seen seen = new Seen();
        est.logWeights(params, piece, 11, 3, observed, seen);
        assertArrayEquals(plain, observed, "l_k with and without an observer, bit for bit");
        double[] again = new double[K];
        est.logWeights(params, piece, 11, 3, again);
        assertArrayEquals(plain, again, "the observer leaves no trace in the estimator");
        assertEquals(List.of(0, 1, 2, 3), seen.ks, "every sample once, in order");

        // The same keys give the same draws: elbo() retains the latents behind l_k.
        est.retainLatents(true);
        est.elbo(params, piece, 11, 3, null);
        assertArrayEquals(plain, est.lastLogWeights(), "elbo draws the same samples");
        double[][][] latents = est.retainedLatents();
        HiddenSpikeDistribution d = spec.distribution();
        for (int k = 0; k < K; k++) {
            assertEquals(plain[k], seen.weights.get(k), 0.0, "the observer's l_k of sample " + k);
            double[][] z = new double[T][H];
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < H; h++) {
                    z[t][h] = d.count(latents[k], h * d.latentSize(), t);
                }
            }
            ReferenceRates ref = ReferenceRates.of(spec, params, piece, z);
            double sum = 0;
            for (int v = 0; v < V; v++) {
                double e = ref.unitTerms[v];
                assertEquals(e, seen.terms.get(k)[v], REL * Math.abs(e), "log p(x_v | Z_k, X), k=" + k + " v=" + v);
                sum += seen.terms.get(k)[v];
            }
            assertEquals(ref.visibleTerm, sum, REL * Math.abs(sum), "the units sum to the visible term");
            for (int t = 0; t < T; t++) {
                for (int n = 0; n < V + H; n++) {
                    assertEquals(ref.f[t][n], seen.rates.get(k)[n][t], REL * ref.f[t][n], "f, k=" + k + " n=" + n);
                }
                for (int h = 0; h < H; h++) {
                    assertEquals(ref.g[t][h], seen.qRates.get(k)[h][t], REL * ref.g[t][h], "g, k=" + k + " h=" + h);
                }
            }
        }
    }

    @Test
    void fullyObservedGlmShowsItsExactTermsOnce() {
        for (Nonlinearity nl : Nonlinearity.values()) {
            ModelSpec spec = TestProblems.spec(4, 0, "poisson", "f", nl);
            PieceFeatures piece = TestProblems.contextPiece(50, 4, 3);
            double[] params = TestProblems.params(spec.layout(), nl == Nonlinearity.EXP ? 0.1 : 0.5, 4);
            ElboEstimator est = new ElboEstimator(spec, 1, ScoreBaseline.NONE);
            double[] out = new double[3];
            Seen seen = new Seen();
            est.logWeights(params, piece, 1, 2, out, seen);
            assertEquals(List.of(0), seen.ks, nl + ": nothing to sample, one call");
            double exact = est.elbo(params, piece, 0, 0, null);
            assertArrayEquals(new double[] {exact, exact, exact}, out, nl + ": every l_k is log p(X)");
            ReferenceRates ref = ReferenceRates.of(spec, params, piece, new double[50][0]);
            double sum = 0;
            for (int v = 0; v < 4; v++) {
                assertEquals(ref.unitTerms[v], seen.terms.get(0)[v], REL * Math.abs(ref.unitTerms[v]), nl + " unit " + v);
                sum += seen.terms.get(0)[v];
            }
            // The same terms added in another order: equal to round-off.
            assertEquals(exact, sum, 1e-13 * Math.abs(exact), nl + ": the units sum to log p(X)");
        }
    }
}
