package org.poglm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ParameterInit;
import org.poglm.model.TestProblems;
import org.poglm.optim.Adam;

class AdamAndTrainingTest {

    @Test
    void adamFirstStepsMatchTheClosedForm() {
        Adam adam = new Adam(3, 1, 0.1, 0.01);
        double[] p = {1, 1, 1};
        adam.step(p, new double[] {2, -3, 0});
        // Bias-corrected first step is lr * sign(g) (up to eps).
        assertEquals(0.9, p[0], 1e-9);
        assertEquals(1.01, p[1], 1e-9);
        assertEquals(1.0, p[2], 0.0);
        double p1 = 1 - 0.1 * (0.2 / 0.1) / (Math.sqrt(0.004 / 0.001) + 1e-8);
        assertEquals(p1, p[0], 1e-15);
        adam.step(p, new double[] {1, -3, 0});
        double m = 0.9 * 0.2 + 0.1 * 1;
        double v = 0.999 * 0.004 + 0.001 * 1;
        double expected = p1 - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, p[0], 1e-12);
    }

    /** A configuration that diverges stops, naming step and piece, frozen at finite parameters (issue 11). */
    @Test
    void aNonFiniteGradientStopsTheConfigurationNamingStepAndPiece() {
        ModelSpec spec = TestProblems.spec(3, 2, "exponential", "fb", Nonlinearity.EXP);
        TrainingConfig cfg = TrainingConfig.defaults(0).withLearningRates(500, 500).withBatchSize(2).withEpochs(5);
        List<PieceFeatures> train = List.of(TestProblems.piece(50, 3, 1), TestProblems.piece(50, 3, 2),
            TestProblems.piece(50, 3, 3), TestProblems.piece(50, 3, 4));
        TrainingState state = LocalTrainer.train(new TrainingState("exp-huge-lr", spec, cfg), train, null);
        assertEquals(TrainingState.Stop.DIVERGED, state.outcome().stop());
        String failure = state.outcome().failure();
        assertTrue(failure.matches("step \\d+, piece \\d+: .*"), failure);
        assertTrue(state.outcome().reason(cfg.stopping()).contains("diverged"), state.outcome().reason(cfg.stopping()));
        for (double p : state.params()) {
            assertTrue(Double.isFinite(p), "parameters were not updated with non-finite values");
        }
    }

    @Test
    void aNonFiniteBatchLeavesParametersAndOptimiserUntouched() {
        ModelSpec spec = TestProblems.spec(3, 2, "exponential", "fb", Nonlinearity.SIGMOID);
        TrainingConfig cfg = TrainingConfig.defaults(3);
        int size = spec.layout().size();
        double[] good = new double[size];
        double[] bad = new double[size];
        for (int i = 0; i < size; i++) {
            good[i] = Math.sin(i + 1.0);
            bad[i] = good[i];
        }
        bad[size / 2] = Double.NaN;
        TrainingState failed = new TrainingState("a", spec, cfg);
        TrainingState clean = new TrainingState("a", spec, cfg);
        double[] before = failed.params();
        failed.apply(new ElboAggregate(size).add(17, -10, bad).add(18, -10, good), 4);
        assertFalse(failed.training(), "the configuration stops");
        assertTrue(failed.outcome().failure().startsWith("step 4, piece 17: non-finite gradient"),
            failed.outcome().failure());
        assertArrayEquals(before, failed.params(), 0.0, "parameters unchanged by the refused step");
        // The optimiser too: the next step lands exactly where a run without the bad batch lands.
        failed.apply(new ElboAggregate(size).add(1, -10, good), 5);
        clean.apply(new ElboAggregate(size).add(1, -10, good), 5);
        assertArrayEquals(clean.params(), failed.params(), 0.0);
    }

    @Test
    void everyPieceIsCheckedBeforeTheFirstStep() {
        ModelSpec spec = TestProblems.spec(3, 2, "exponential", "fb", Nonlinearity.SIGMOID);
        TrainingConfig cfg = TrainingConfig.defaults(0).withBatchSize(1).withEpochs(1);
        List<PieceFeatures> train = List.of(TestProblems.piece(20, 3, 1), TestProblems.piece(20, 3, 2),
            TestProblems.piece(20, 4, 3));
        TrainingState state = new TrainingState("shape", spec, cfg);
        double[] before = state.params();
        assertThrows(org.poglm.errors.ConfigurationException.class, () -> LocalTrainer.train(state, train, null));
        assertArrayEquals(before, state.params(), 0.0, "no step was taken before the bad piece was found");
    }

    @Test
    void initialisationFollowsTheSpec() {
        ModelSpec spec = TestProblems.spec(4, 3, "exponential", "fs", Nonlinearity.SIGMOID);
        double[] p = ParameterInit.initialise(spec.layout(), 5);
        int theta = spec.layout().thetaSize();
        for (int i = 0; i < theta; i++) {
            assertEquals(0.0, p[i], 0.0, "W and b start at zero");
        }
        double bound = 1 / Math.sqrt(7);
        double largest = 0;
        for (int i = theta; i < p.length; i++) {
            assertTrue(Math.abs(p[i]) <= bound && p[i] != 0.0, "FS fan-in is N");
            largest = Math.max(largest, Math.abs(p[i]));
        }
        assertTrue(largest > 0.8 * bound, "spans U(-1/sqrt(N), 1/sqrt(N))");
        assertArrayEquals(p, ParameterInit.initialise(spec.layout(), 5), 0.0);
        for (String scheme : List.of("f", "fb")) {
            ModelSpec s = TestProblems.spec(4, 3, "exponential", scheme, Nonlinearity.SIGMOID);
            double[] q = ParameterInit.initialise(s.layout(), 5);
            double widest = 0;
            for (int i = s.layout().thetaSize(); i < q.length; i++) {
                assertTrue(Math.abs(q[i]) <= 1 / Math.sqrt(4), scheme + ": fan-in is V");
                widest = Math.max(widest, Math.abs(q[i]));
            }
            assertTrue(widest > 1 / Math.sqrt(7), scheme + ": wider than a fan-in of N would allow");
        }
    }

    @Test
    void learningCurveHasOneValuePerEpoch() {
        ModelSpec spec = TestProblems.spec(3, 1, "rayleigh", "f", Nonlinearity.SIGMOID);
        TrainingConfig cfg = TrainingConfig.defaults(1).withEpochs(3).withBatchSize(2);
        List<PieceFeatures> train = List.of(TestProblems.piece(40, 3, 1), TestProblems.piece(40, 3, 2),
            TestProblems.piece(40, 3, 3));
        double[] curve = LocalTrainer.train(new TrainingState("c", spec, cfg), train, null).curve();
        assertEquals(3, curve.length);
        for (double c : curve) {
            assertTrue(Double.isFinite(c) && c < 0);
        }
    }
}
