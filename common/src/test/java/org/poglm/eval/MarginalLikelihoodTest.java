package org.poglm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.PoissonSpikes;
import org.poglm.model.ElboEstimator;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.model.TestProblems;
import org.poglm.numerics.SpecialFunctions;

/** The importance-sampling estimate of SPEC §7 against exact enumeration on problems small enough to sum. */
class MarginalLikelihoodTest {

    @ParameterizedTest(name = "scheme {0}")
    @ValueSource(strings = {"f", "fs", "fb"})
    void importanceSamplingMatchesExactEnumeration(String scheme) {
        int T = 3;
        int maxCount = 14;
        // Trained models may use any family; evaluation switches both models to Poisson hidden spikes.
        ModelSpec spec = TestProblems.spec(2, 1, "exponential", scheme, Nonlinearity.SIGMOID);
        PieceFeatures piece = TestProblems.piece(T, 2, 31);
        double[] params = TestProblems.params(spec.layout(), 0.8, 4);
        ElboEstimator poisson = new ElboEstimator(spec.withDistribution(new PoissonSpikes()), 1, ScoreBaseline.NONE);
        int combos = (int) Math.pow(maxCount + 1, T);
        double[] terms = new double[combos];
        double[][] z = new double[1][T];
        for (int c = 0; c < combos; c++) {
            int r = c;
            for (int t = 0; t < T; t++) {
                z[0][t] = r % (maxCount + 1);
                r /= maxCount + 1;
            }
            terms[c] = poisson.logJointAndVariational(params, piece, z)[0];
        }
        double exact = SpecialFunctions.logSumExp(terms, 0, combos);
        double estimate = new MarginalLikelihood(spec, 40_000).marginalLogLikelihood(params, piece, 3);
        assertEquals(exact, estimate, 0.01, "log p(X)");
    }

    @Test
    void fullyObservedModelIsExact() {
        ModelSpec spec = TestProblems.spec(3, 0, "exponential", "fb", Nonlinearity.SOFTPLUS);
        PieceFeatures piece = TestProblems.piece(50, 3, 8);
        double[] params = TestProblems.params(spec.layout(), 0.5, 2);
        double exact = new ElboEstimator(spec, 1, ScoreBaseline.NONE).elbo(params, piece, 0, 0, null);
        assertEquals(exact, new MarginalLikelihood(spec, 2000).marginalLogLikelihood(params, piece, 1), 1e-12);
    }

    @Test
    void homogeneousBaselineAndBitsPerSpike() {
        PieceFeatures a = TestProblems.piece(100, 2, 1);
        PieceFeatures b = TestProblems.piece(100, 2, 2);
        PoissonBaseline base = PoissonBaseline.fit(List.of(a));
        double[] rates = base.rates();
        double s0 = 0;
        for (int t = 0; t < 100; t++) {
            s0 += a.count(t, 0);
        }
        assertEquals(s0 / 100, rates[0], 1e-15);
        // A model equal to the baseline scores zero bits per spike.
        double ll = base.logLikelihood(b);
        assertEquals(0.0, PoissonBaseline.bitsPerSpike(ll, ll, b.spikes), 0.0);
        assertEquals(1.0, PoissonBaseline.bitsPerSpike(ll + b.spikes * Math.log(2), ll, b.spikes), 1e-12);
    }
}
