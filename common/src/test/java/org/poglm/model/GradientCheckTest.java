package org.poglm.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.schemes.VariationalScheme;

/**
 * SPEC §5 correctness bar: with all noise fixed, every component of the analytic gradient equals a
 * central finite difference of the same (surrogate) objective, for every family x scheme x
 * nonlinearity, on small random problems (V=3, H=2, T=20, L=5, K=3), with and without context padding.
 */
class GradientCheckTest {
    static final int V = 3;
    static final int H = 2;
    static final int T = 20;
    static final int K = 3;
    static final double REL = 1e-5;
    static final double ABS = 1e-8;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (String d : Distributions.NAMES) {
            for (String s : VariationalScheme.NAMES) {
                for (Nonlinearity nl : List.of(Nonlinearity.SIGMOID, Nonlinearity.SOFTPLUS)) {
                    all.add(Arguments.of(d, s, nl, false, ScoreBaseline.NONE));
                }
            }
        }
        // Context padding, the exp link and the leave-one-out baseline on a spread of combinations.
        for (String d : Distributions.NAMES) {
            String s = VariationalScheme.NAMES.get(Math.floorMod(d.hashCode(), 3));
            all.add(Arguments.of(d, s, Nonlinearity.SIGMOID, true, ScoreBaseline.NONE));
            all.add(Arguments.of(d, s, Nonlinearity.EXP, false, ScoreBaseline.LEAVE_ONE_OUT));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} x {1} x {2} context={3} baseline={4}")
    @MethodSource("combinations")
    void analyticGradientMatchesFiniteDifferences(String dist, String scheme, Nonlinearity nl, boolean context,
                                                 ScoreBaseline baseline) {
        ModelSpec spec = TestProblems.spec(V, H, dist, scheme, nl);
        ElboEstimator est = new ElboEstimator(spec, K, baseline);
        est.retainLatents(true);
        long seed = 11 + dist.hashCode() + 7L * scheme.hashCode();
        PieceFeatures piece = context ? TestProblems.contextPiece(T, V, seed) : TestProblems.piece(T, V, seed);
        double scale = nl == Nonlinearity.EXP ? 0.25 : 0.6;
        double[] params = TestProblems.params(est.layout(), scale, seed + 1);
        double[] grad = new double[params.length];
        long noiseSeed = 5;
        long step = 3;
        double elbo = est.elbo(params, piece, noiseSeed, step, grad);
        assertTrue(Double.isFinite(elbo), "ELBO finite");

        ToDoubleFunction<double[]> objective;
        ToDoubleFunction<double[]> phiObjective;
        if (spec.distribution().pathwise()) {
            ElboEstimator other = new ElboEstimator(spec, K, baseline);
            objective = p -> other.elbo(p, piece, noiseSeed, step, null);
            phiObjective = objective;
        } else {
            double[][][] latents = est.retainedLatents();
            double[] lk = est.lastLogWeights();
            double[] weight = new double[K];
            double sum = 0;
            for (double l : lk) {
                sum += l;
            }
            for (int k = 0; k < K; k++) {
                weight[k] = lk[k] - (baseline == ScoreBaseline.LEAVE_ONE_OUT ? (sum - lk[k]) / (K - 1) : 0.0);
            }
            ElboEstimator other = new ElboEstimator(spec, K, baseline);
            // Surrogate: (1/K) sum_k [log p(Z_k; theta) + w_k log q(Z_k; phi)], Z_k and w_k held fixed.
            // theta enters only the first term and phi only the second: differencing them apart keeps
            // the large constant w_k log q out of theta's round-off.
            objective = p -> {
                double s = 0;
                for (int k = 0; k < K; k++) {
                    s += other.logJointAndVariational(p, piece, latents[k])[0];
                }
                return s / K;
            };
            phiObjective = p -> {
                double s = 0;
                for (int k = 0; k < K; k++) {
                    s += weight[k] * other.logJointAndVariational(p, piece, latents[k])[1];
                }
                return s / K;
            };
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            ToDoubleFunction<double[]> fn = i < est.layout().thetaSize() ? objective : phiObjective;
            double fd = FiniteDifference.derivative(fn, params, i, 1e-5 * Math.max(1.0, Math.abs(params[i])));
            double err = Math.abs(fd - grad[i]);
            if (err > ABS && err > REL * Math.abs(fd)) {
                failures.add(String.format("%s: analytic %.12g fd %.12g rel %.3g", est.layout().describe(i), grad[i], fd,
                    err / Math.max(Math.abs(fd), 1e-300)));
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " of " + params.length + " components differ:\n"
            + String.join("\n", failures));
    }
}
