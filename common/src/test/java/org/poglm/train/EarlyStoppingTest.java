package org.poglm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ParameterLayout;
import org.poglm.schemes.VariationalScheme;
import org.poglm.synthetic.SyntheticData;
import org.poglm.synthetic.SyntheticGenerator;

/** The data start and early stopping of SPEC §9, in the one training loop. */
class EarlyStoppingTest {
    static final SyntheticData DATA = SyntheticGenerator.paper(3);

    static List<PieceFeatures> pieces(int from, int to) {
        List<PieceFeatures> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(PieceFeatures.of(DATA.train().get(i), DATA.basis(), org.poglm.data.Padding.ZERO));
        }
        return out;
    }

    static final List<PieceFeatures> TRAIN = pieces(0, 36);
    static final List<PieceFeatures> VALIDATION = pieces(36, 40);

    static ModelSpec spec(int hidden, Nonlinearity link) {
        return new ModelSpec(DATA.visible(), hidden, DATA.basis(), link, Distributions.create("exponential"),
            VariationalScheme.parse("fb"));
    }

    static TrainingConfig early(int maxEpochs, int patience, double tolerance) {
        return TrainingConfig.defaults(5).withEpochs(maxEpochs).withStart(Start.DATA)
            .withStopping(new Stopping(patience, tolerance));
    }

    @Test
    void theDataStartPutsEachBiasAtTheLinksInverseOfItsRateAndHiddenOnesAtTheMedian() {
        double[] rates = {0.02, 0.3, 0.0, 0.07};
        for (Nonlinearity link : Nonlinearity.values()) {
            ModelSpec spec = new ModelSpec(4, 2, DATA.basis(), link, Distributions.create("exponential"),
                VariationalScheme.parse("fb"));
            TrainingState s = new TrainingState("d", spec, TrainingConfig.defaults(1).withStart(Start.DATA));
            double[] before = s.params().clone();
            s.start(rates);
            ParameterLayout layout = spec.layout();
            for (int v = 0; v < 4; v++) {
                double r = Math.max(rates[v], Nonlinearity.MIN_START_RATE);
                assertEquals(r, link.value(s.params()[layout.bias(v)]), 1e-12 * Math.max(1, r), link + " unit " + v);
            }
            double median = (0.02 + 0.07) / 2;
            for (int h = 4; h < 6; h++) {
                assertEquals(median, link.value(s.params()[layout.bias(h)]), 1e-12, link + " hidden " + h);
            }
            for (int n = 0; n < 6; n++) {
                for (int m = 0; m < 6; m++) {
                    assertEquals(0.0, s.params()[layout.weight(n, m)], 0.0, "weights stay zero");
                }
            }
            for (int i = layout.thetaSize(); i < before.length; i++) {
                assertEquals(before[i], s.params()[i], 0.0, "the variational side starts as SPEC §3 says");
            }
            TrainingState paper = new TrainingState("p", spec, TrainingConfig.defaults(1));
            paper.start(rates);
            assertArrayEquals(before, paper.params(), 0.0, "the paper start ignores the rates");
        }
        // A bounded link's ceiling: a rate of 1.5 per bin cannot be a sigmoid's; it starts just below 1.
        assertTrue(Double.isFinite(Nonlinearity.SIGMOID.inverse(1.5)));
        assertTrue(Nonlinearity.SIGMOID.value(Nonlinearity.SIGMOID.inverse(1.5)) < 1);
    }

    @Test
    void aConfigurationThatStopsImprovingStopsAndKeepsItsBestParameters() {
        // A tolerance no epoch can beat: the first epoch is the best, the patience of 2 ends epoch 3.
        TrainingState s = new TrainingState("c", spec(2, Nonlinearity.SIGMOID), early(50, 2, 1e9));
        LocalTrainer.train(List.of(s), TRAIN, VALIDATION, null);
        assertFalse(s.training());
        assertEquals(TrainingState.Stop.CONVERGED, s.outcome().stop());
        assertTrue(s.outcome().converged());
        assertEquals(3, s.outcome().epochs());
        assertEquals(0, s.outcome().bestEpoch());
        assertEquals(3, s.curve().length);
        assertEquals(3, s.validationCurve().length);
        assertEquals(s.validationCurve()[0], s.outcome().bestValidation(), 0.0);
        // The kept parameters are those after the first epoch: one fixed epoch gives the same bits.
        TrainingConfig oneEpoch = TrainingConfig.defaults(5).withEpochs(1).withStart(Start.DATA);
        TrainingState once = new TrainingState("c", spec(2, Nonlinearity.SIGMOID), oneEpoch);
        LocalTrainer.train(List.of(once), TRAIN, List.of(), null);
        assertArrayEquals(once.params(), s.params(), 0.0, "the best epoch's parameters are restored");
        assertTrue(s.outcome().reason(s.config().stopping()).contains("kept epoch 1"), s.outcome().reason(
            s.config().stopping()));
    }

    @Test
    void stillImprovingAtTheMaximumIsNotConvergence() {
        TrainingState s = new TrainingState("c", spec(1, Nonlinearity.SIGMOID), early(3, 10, 0.0));
        LocalTrainer.train(List.of(s), TRAIN, VALIDATION, null);
        assertEquals(TrainingState.Stop.MAX_EPOCHS, s.outcome().stop());
        assertFalse(s.outcome().converged());
        assertEquals(3, s.outcome().epochs());
        double[] v = s.validationCurve();
        assertTrue(v[2] > v[0], "the data start's first epochs still improve: " + java.util.Arrays.toString(v));
    }

    @Test
    void oneConfigurationStopsWhileTheOthersGoOnUnchanged() {
        // Learning rates 0: the validation ELBO never moves, so that configuration stops after the patience.
        TrainingConfig frozen = early(8, 2, 0.0).withLearningRates(0, 0);
        TrainingConfig learning = early(8, 50, 0.0);
        List<TrainingState> sweep = List.of(new TrainingState("frozen", spec(2, Nonlinearity.SIGMOID), frozen),
            new TrainingState("learning", spec(2, Nonlinearity.SIGMOID), learning.withStopping(frozen.stopping())));
        // Same stopping for the sweep; the learning one improves every epoch, so it goes on.
        LocalTrainer.train(sweep, TRAIN, VALIDATION, null);
        TrainingState a = sweep.get(0);
        TrainingState b = sweep.get(1);
        assertEquals(TrainingState.Stop.CONVERGED, a.outcome().stop());
        assertEquals(3, a.outcome().epochs(), "stopped after 1 + patience epochs");
        assertTrue(b.outcome().epochs() > a.outcome().epochs(), "the other configuration went on");
        TrainingState alone = new TrainingState("learning", spec(2, Nonlinearity.SIGMOID),
            learning.withStopping(frozen.stopping()));
        LocalTrainer.train(List.of(alone), TRAIN, VALIDATION, null);
        assertArrayEquals(alone.params(), b.params(), 0.0, "a stopped neighbour changes nothing of the others");
        assertArrayEquals(alone.validationCurve(), b.validationCurve(), 0.0);
        assertEquals(alone.outcome(), b.outcome());
    }

    @Test
    void earlyStoppingIsReproducible() {
        TrainingState a = new TrainingState("c", spec(2, Nonlinearity.SOFTPLUS), early(30, 3, 0.05));
        TrainingState b = new TrainingState("c", spec(2, Nonlinearity.SOFTPLUS), early(30, 3, 0.05));
        LocalTrainer.train(List.of(a), TRAIN, VALIDATION, null);
        LocalTrainer.train(List.of(b), TRAIN, VALIDATION, null);
        assertArrayEquals(a.params(), b.params(), 0.0);
        assertArrayEquals(a.validationCurve(), b.validationCurve(), 0.0);
        assertEquals(a.outcome(), b.outcome());
        TrainingState other = new TrainingState("c", spec(2, Nonlinearity.SOFTPLUS),
            early(30, 3, 0.05).withSeed(6));
        LocalTrainer.train(List.of(other), TRAIN, VALIDATION, null);
        assertNotEquals(a.validationCurve()[0], other.validationCurve()[0], "another seed, other noise");
    }
}
