package org.poglm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.CategoricalSpikes;
import org.poglm.distributions.Distributions;
import org.poglm.distributions.EatCubic;
import org.poglm.distributions.EatSigmoid;
import org.poglm.distributions.GumbelSoftmax;
import org.poglm.optim.Adam;
import org.poglm.schemes.VariationalScheme;
import org.poglm.train.TrainingConfig;
import org.poglm.errors.ConfigurationException;

/** Bad configuration fails at construction with a message naming the field and the value. */
class ValidationTest {

    static void fails(Executable e, String field, String value) {
        ConfigurationException ex = assertThrows(ConfigurationException.class, e);
        assertTrue(ex.getMessage().contains(field), () -> "message names " + field + ": " + ex.getMessage());
        assertTrue(ex.getMessage().contains(value), () -> "message names " + value + ": " + ex.getMessage());
        assertTrue(ex.getMessage().contains("expected"), ex.getMessage());
    }

    @Test
    void temperatureMustBePositive() {
        fails(() -> Distributions.create("eat-cubic", 0.0, 5), "tau", "0.0");
        fails(() -> Distributions.create("gs-pathwise", -0.5, 5), "tau", "-0.5");
    }

    @Test
    void categoriesMustBeAtLeastTwo() {
        fails(() -> Distributions.create("categorical", Double.NaN, 1), "categories M", "1");
        fails(() -> Distributions.create("gs-score", 1.0, 0), "categories M", "0");
    }

    @Test
    void familiesCheckTheirOwnConstructionArguments() {
        fails(() -> new EatCubic(0.0), "tau", "0.0");
        fails(() -> new EatSigmoid(-1.0), "tau", "-1.0");
        fails(() -> new EatSigmoid(Double.POSITIVE_INFINITY), "tau", "Infinity");
        fails(() -> new GumbelSoftmax(5, Double.NaN, true), "tau", "NaN");
        fails(() -> new GumbelSoftmax(1, 0.5, false), "categories M", "1");
        fails(() -> new CategoricalSpikes(0), "categories M", "0");
    }

    /**
     * A diverged fit (here the exp link with a huge bias) must finish the estimate: for the unbounded count
     * families with a non-finite ELBO, which stops that configuration with the step and piece named;
     * not an index error from an overflowing count, and not a hang drawing ~e^50 arrivals.
     */
    @Test
    @Timeout(20)
    void divergedRatesGiveANonFiniteElboNotACrashOrAHang() {
        for (String d : Distributions.NAMES) {
            for (String scheme : VariationalScheme.NAMES) {
                ModelSpec spec = TestProblems.spec(3, 2, d, scheme, Nonlinearity.EXP);
                ElboEstimator est = new ElboEstimator(spec, 2, ScoreBaseline.NONE);
                double[] params = new double[est.layout().size()];
                for (int h = 0; h < 2; h++) {
                    params[est.layout().phiOffset() + h] = 50.0;
                    params[est.layout().bias(3 + h)] = 50.0;
                }
                double elbo = est.elbo(params, TestProblems.piece(10, 3, 1), 0, 0, new double[params.length]);
                // Unbounded counts have no meaning at a mean of e^50; bounded and continuous families may stay finite.
                if (d.equals("poisson") || d.startsWith("eat-")) {
                    assertTrue(!Double.isFinite(elbo), d + " x " + scheme + ": " + elbo);
                }
            }
        }
    }

    @Test
    void aPieceBuiltWithAnotherBasisIsRefused() {
        ModelSpec spec = TestProblems.spec(3, 2, "exponential", "fb", Nonlinearity.SIGMOID);
        ElboEstimator est = new ElboEstimator(spec, 2, ScoreBaseline.NONE);
        Basis other = Basis.exponential(0.5, Basis.DEFAULT_WINDOW);
        PieceFeatures piece = PieceFeatures.of(Piece.of(7, TestProblems.counts(10, 3, 0.5, 1)), other, Padding.ZERO);
        fails(() -> est.elbo(new double[est.layout().size()], piece, 0, 0, null), "piece 7 history basis",
            other.toString());
    }

    @Test
    void unknownDistributionAndSchemeListTheValidNames() {
        fails(() -> Distributions.create("gamma"), "distribution", "gamma");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Distributions.create("gamma"));
        assertTrue(e.getMessage().contains("eat-cubic") && e.getMessage().contains("poisson"));
        fails(() -> VariationalScheme.parse("bf"), "scheme", "bf");
    }

    @Test
    void samplesAndBaseline() {
        ModelSpec spec = TestProblems.spec(3, 2, "poisson", "f", Nonlinearity.SIGMOID);
        fails(() -> new ElboEstimator(spec, 0, ScoreBaseline.NONE), "Monte Carlo samples K", "0");
        fails(() -> new ElboEstimator(spec, 1, ScoreBaseline.LEAVE_ONE_OUT), "Monte Carlo samples K", "1");
        fails(() -> TrainingConfig.defaults(0).withSamples(0), "Monte Carlo samples K", "0");
        fails(() -> TrainingConfig.defaults(0).withSamples(1).withBaseline(ScoreBaseline.LEAVE_ONE_OUT),
            "Monte Carlo samples K", "1");
    }

    @Test
    void hiddenCountMustNotBeNegative() {
        fails(() -> TestProblems.spec(3, -1, "poisson", "f", Nonlinearity.SIGMOID), "hidden neurons H", "-1");
        fails(() -> TestProblems.spec(0, 1, "poisson", "f", Nonlinearity.SIGMOID), "visible neurons V", "0");
    }

    @Test
    void basisMustBeNonEmptyAndNonNegative() {
        fails(() -> Basis.of(), "basis", "[]");
        fails(() -> Basis.of(0.5, -0.1, 0.2), "basis[1]", "-0.1");
        fails(() -> Basis.of(0.5, Double.NaN), "basis[1]", "NaN");
        fails(() -> Basis.of(0.0, 0.0), "basis", "[0.0, 0.0]");
    }

    @Test
    void mismatchedShapes() {
        ModelSpec spec = TestProblems.spec(3, 2, "exponential", "fb", Nonlinearity.SIGMOID);
        ElboEstimator est = new ElboEstimator(spec, 2, ScoreBaseline.NONE);
        double[] params = new double[est.layout().size()];
        fails(() -> est.elbo(new double[params.length - 1], TestProblems.piece(10, 3, 1), 0, 0, null),
            "parameter vector length", "" + (params.length - 1));
        fails(() -> est.elbo(params, TestProblems.piece(10, 4, 1), 0, 0, null), "visible neurons", "4");
        fails(() -> est.elbo(params, TestProblems.piece(10, 3, 1), 0, 0, new double[3]), "gradient vector length",
            "3");
        fails(() -> new Piece(0, 10, 3, new short[29]), "piece counts length", "29");
        fails(() -> Piece.of(0, new int[][] {{1, 2}, {3}}), "row 1 length", "1");
        fails(() -> Piece.of(0, new int[][] {{1, -2}}), "bin 0, neuron 1", "-2");
    }

    @Test
    void learningRatesMustBeFinite() {
        fails(() -> new Adam(4, 2, Double.NaN, 0.1), "learning rate theta", "NaN");
        fails(() -> TrainingConfig.defaults(0).withLearningRates(0.1, -1), "learning rate phi", "-1.0");
        fails(() -> TrainingConfig.defaults(0).withEpochs(0), "epochs", "0");
        fails(() -> TrainingConfig.defaults(0).withBatchSize(0), "batch size", "0");
    }

    @Test
    void fullyObservedGlmHasNoVariationalParameters() {
        ModelSpec spec = TestProblems.spec(3, 0, "exponential", "fb", Nonlinearity.SIGMOID);
        assertEquals(3 + 9, spec.layout().size());
        assertEquals(spec.layout().thetaSize(), spec.layout().size());
    }
}
