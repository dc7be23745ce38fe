package org.poglm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.data.Recording;
import org.poglm.distributions.CategoricalSpikes;
import org.poglm.distributions.Distributions;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.schemes.ParameterBlock;
import org.poglm.schemes.VariationalScheme;

/**
 * The value of the estimator, checked against a second implementation written straight from SPEC §1-§4
 * with plain loops and {@code java.lang.Math}: histories from the raw counts, pre-activations, rates and
 * every family's log density. Given the latents the estimator drew, each sample's
 * {@code l_k = log p(X, Z_k) - log q(Z_k | X)} and the ELBO must agree to 1e-10 relative. The
 * finite-difference tests show the gradient is the derivative of the code's objective; this test shows
 * the objective is the SPEC's.
 */
class ReferenceElboTest {
    static final int V = 3;
    static final int H = 2;
    static final int T = 20;
    static final int K = 4;
    static final double EPS = 1e-8;
    static final double REL = 1e-10;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (String d : Distributions.NAMES) {
            for (String s : VariationalScheme.NAMES) {
                for (Nonlinearity nl : Nonlinearity.values()) {
                    for (boolean context : new boolean[] {false, true}) {
                        all.add(Arguments.of(d, s, nl, context));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} x {1} x {2} context={3}")
    @MethodSource("combinations")
    void everySampleMatchesTheSpecFormulas(String dist, String scheme, Nonlinearity nl, boolean context) {
        ModelSpec spec = new ModelSpec(V, H, Basis.of(new double[] {0.5, 0.3, 0.15, 0.05}), nl,
            Distributions.create(dist), VariationalScheme.parse(scheme));
        long seed = 31 + dist.hashCode() + 3L * scheme.hashCode() + nl.ordinal();
        int[][] counts = TestProblems.counts(3 * T, V, 0.5, seed);
        PieceFeatures piece = piece(counts, spec.basis(), context);
        ElboEstimator est = new ElboEstimator(spec, K, ScoreBaseline.NONE);
        est.retainLatents(true);
        double[] params = TestProblems.params(est.layout(), nl == Nonlinearity.EXP ? 0.1 : 0.6, seed + 1);
        if (nl == Nonlinearity.EXP) {
            // Self-excitation under the exp link diverges within a few bins (ValidationTest covers that case).
            for (ParameterBlock b : est.layout().blocks()) {
                if (b.name().equals("As")) {
                    for (int i = b.offset(); i < b.end(); i++) {
                        params[i] = -Math.abs(params[i]);
                    }
                }
            }
        }

        double elbo = est.elbo(params, piece, 9, 4, new double[params.length]);
        double[] l = est.lastLogWeights();
        double[][][] latents = est.retainedLatents();
        double mean = 0;
        for (int k = 0; k < K; k++) {
            double expected = reference(spec, params, counts, context, latents[k]);
            assertEquals(expected, l[k], REL * Math.abs(expected), "l_k of sample " + k);
            mean += expected / K;
        }
        assertEquals(mean, elbo, REL * Math.abs(mean), "ELBO");
    }

    @Test
    void fullyObservedGlmIsThePoissonLogLikelihood() {
        for (Nonlinearity nl : Nonlinearity.values()) {
            ModelSpec spec = new ModelSpec(V, 0, Basis.defaultBasis(), nl, Distributions.create("poisson"),
                VariationalScheme.parse("f"));
            int[][] counts = TestProblems.counts(3 * T, V, 0.7, 5);
            for (boolean context : new boolean[] {false, true}) {
                PieceFeatures piece = piece(counts, spec.basis(), context);
                ElboEstimator est = new ElboEstimator(spec, 1, ScoreBaseline.NONE);
                double[] params = TestProblems.params(est.layout(), 0.5, 6);
                double expected = reference(spec, params, counts, context, new double[0][]);
                double got = est.elbo(params, piece, 1, 1, null);
                assertEquals(expected, got, REL * Math.abs(expected), nl + " context=" + context);
                assertTrue(expected < 0, "a log-likelihood of counts");
            }
        }
    }

    /** The middle T bins of the counts, their neighbours as context or zero padding. */
    static PieceFeatures piece(int[][] counts, Basis basis, boolean context) {
        if (context) {
            Recording rec = Recording.of(counts, 0.01);
            return PieceFeatures.of(rec.piece(1, T, basis.length()), basis, Padding.CONTEXT);
        }
        int[][] mid = new int[T][];
        System.arraycopy(counts, T, mid, 0, T);
        return PieceFeatures.of(Piece.of(1, mid), basis, Padding.ZERO);
    }

    /** log p(X, Z) - log q(Z | X) for the given latents (rows h * latentSize + j), from SPEC formulas only. */
    static double reference(ModelSpec spec, double[] p, int[][] counts, boolean context, double[][] lat) {
        int Hn = spec.hidden();
        int N = V + Hn;
        double[] psi = spec.basis().weights();
        int L = psi.length;
        HiddenSpikeDistribution d = spec.distribution();
        int ls = d.latentSize();
        // Visible counts of the piece's bins s in [-L, T + L): outside the piece only with context.
        double[][] hx = new double[T][V];
        double[][] rx = new double[T][V];
        for (int t = 0; t < T; t++) {
            for (int v = 0; v < V; v++) {
                for (int j = 1; j <= L; j++) {
                    hx[t][v] += psi[j - 1] * visible(counts, t - j, v, context);
                    rx[t][v] += psi[j - 1] * visible(counts, t + j, v, context);
                }
            }
        }
        double[][] z = new double[T][Hn];
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < Hn; h++) {
                z[t][h] = softCount(d, lat, h * ls, t);
            }
        }
        double[][] hz = new double[T][Hn];
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < Hn; h++) {
                for (int j = 1; j <= L && j <= t; j++) {
                    hz[t][h] += psi[j - 1] * z[t - j][h];
                }
            }
        }
        double logp = 0;
        double logq = 0;
        int phi = N + N * N;
        String scheme = spec.scheme().label();
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                double a = p[n];
                for (int v = 0; v < V; v++) {
                    a += p[N + n * N + v] * hx[t][v];
                }
                for (int h = 0; h < Hn; h++) {
                    a += p[N + n * N + V + h] * hz[t][h];
                }
                double f = rate(spec.nonlinearity(), a);
                if (n < V) {
                    int x = counts[T + t][n];
                    logp += x * Math.log(f + EPS) - f - logFactorial(x);
                } else {
                    logp += logDensity(d, lat, (n - V) * ls, t, f);
                }
            }
            for (int h = 0; h < Hn; h++) {
                double u = p[phi + h];
                for (int v = 0; v < V; v++) {
                    u += p[phi + Hn + h * V + v] * hx[t][v];
                }
                int second = phi + Hn + Hn * V;
                if (scheme.equals("FS")) {
                    for (int h2 = 0; h2 < Hn; h2++) {
                        u += p[second + h * Hn + h2] * hz[t][h2];
                    }
                } else if (scheme.equals("FB")) {
                    for (int v = 0; v < V; v++) {
                        u += p[second + h * V + v] * rx[t][v];
                    }
                }
                double g = rate(spec.nonlinearity(), u);
                logq += logDensity(d, lat, h * ls, t, g);
                if (d.name().equals("exponential") || d.name().equals("rayleigh") || d.name().equals("half-normal")) {
                    // Reparameterisation: z = g * c with c = dz/dg stored beside z.
                    assertEquals(g * lat[h * ls + 1][t], z[t][h], 1e-12 * Math.abs(z[t][h]), "z = g c");
                }
            }
        }
        return logp - logq;
    }

    static double visible(int[][] counts, int s, int v, boolean context) {
        if (s >= 0 && s < T) {
            return counts[T + s][v];
        }
        return context ? counts[T + s][v] : 0.0;
    }

    static double rate(Nonlinearity nl, double a) {
        return switch (nl) {
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-a));
            case SOFTPLUS -> Math.log1p(Math.exp(a));
            case EXP -> Math.exp(a);
        };
    }

    static double softCount(HiddenSpikeDistribution d, double[][] lat, int row, int t) {
        if (d.name().startsWith("gs-")) {
            double z = 0;
            for (int k = 0; k < d.latentSize(); k++) {
                z += k * Math.exp(lat[row + k][t]);
            }
            return z;
        }
        return lat[row][t];
    }

    /**
     * log D(latent; m) of SPEC §4, without the {@code lgamma(z + 1)} of the Poisson-form families (it is the
     * same in log p and log q of a cell, so it cancels in l_k).
     */
    static double logDensity(HiddenSpikeDistribution d, double[][] lat, int row, int t, double m) {
        double z = lat[row][t];
        switch (d.name()) {
            case "poisson", "eat-sigmoid", "eat-cubic":
                return z * Math.log(m + EPS) - m;
            case "exponential":
                return -Math.log(m + EPS) - z / m;
            case "rayleigh": {
                double k = Math.sqrt(2 / Math.PI);
                double s = k * m;
                return Math.log(z) - 2 * Math.log(k * (m + EPS)) - z * z / (2 * s * s);
            }
            case "half-normal": {
                double k = Math.sqrt(Math.PI / 2);
                double s = k * m;
                return 0.5 * Math.log(2) - Math.log(k * (m + EPS)) - 0.5 * Math.log(Math.PI) - z * z / (2 * s * s);
            }
            case "categorical":
                return Math.log(truncatedPoisson(m, ((CategoricalSpikes) d).categories())[(int) z]);
            default: {
                // Gumbel-Softmax: the Concrete density of y (latent rows hold log y).
                int M = d.latentSize();
                double tau = d.tau();
                double[] pi = truncatedPoisson(m, M);
                double[] e = new double[M];
                double sum = 0;
                for (int k = 0; k < M; k++) {
                    e[k] = Math.log(pi[k]) - tau * lat[row + k][t];
                    sum += Math.log(pi[k]) - (tau + 1) * lat[row + k][t];
                }
                double max = Double.NEGATIVE_INFINITY;
                for (double x : e) {
                    max = Math.max(max, x);
                }
                double lse = 0;
                for (double x : e) {
                    lse += Math.exp(x - max);
                }
                lse = max + Math.log(lse);
                double lgammaM = logFactorial(M - 1);
                return lgammaM + (M - 1) * Math.log(tau) - M * lse + sum;
            }
        }
    }

    /** pi_k = m^k e^-m / k! for k < M - 1, the tail mass in the top category (SPEC §4), at m + eps. */
    static double[] truncatedPoisson(double m, int M) {
        double mt = m + EPS;
        double[] pi = new double[M];
        for (int k = 0; k < M + 200; k++) {
            pi[Math.min(k, M - 1)] += Math.exp(k * Math.log(mt) - mt - logFactorial(k));
        }
        return pi;
    }

    static double logFactorial(int x) {
        double s = 0;
        for (int i = 2; i <= x; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
