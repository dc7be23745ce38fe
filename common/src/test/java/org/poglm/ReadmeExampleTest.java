package org.poglm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.data.Padding;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.eval.PoissonBaseline;
import org.poglm.eval.TestEvaluation;
import org.poglm.model.ModelSpec;
import org.poglm.schemes.VariationalScheme;
import org.poglm.synthetic.SyntheticData;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.LocalTrainer;
import org.poglm.train.TrainingConfig;
import org.poglm.train.TrainingState;

/** The README's in-process example, kept compiling and passing. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        // --- README example start
        SyntheticData data = SyntheticGenerator.paper(1);           // 5 neurons, 3 visible, 40 + 20 pieces
        List<PieceFeatures> train = data.train().stream()
            .map(p -> PieceFeatures.of(p, data.basis(), Padding.ZERO)).toList();
        List<PieceFeatures> test = data.test().stream()
            .map(p -> PieceFeatures.of(p, data.basis(), Padding.ZERO)).toList();

        ModelSpec spec = new ModelSpec(data.visible(), 2, data.basis(), data.nonlinearity(),
            Distributions.create("exponential"), VariationalScheme.parse("fb"));
        TrainingConfig config = TrainingConfig.defaults(0);         // 20 epochs, batch 10, K = 5, Adam 0.05 / 0.1
        TrainingState fit = LocalTrainer.train(new TrainingState("exp-fb", spec, config), train,
            (epoch, epochs, elbo) -> System.out.printf("epoch %d/%d  ELBO %.2f%n", epoch + 1, epochs, elbo));

        TestEvaluation eval = TestEvaluation.evaluate(spec, fit.params(), test, PoissonBaseline.fit(train), 2000, 0);
        System.out.printf("test log-likelihood %.2f nats/piece, %.3f bits/spike%n",
            eval.meanPerPiece(), eval.bitsPerSpike());
        // --- README example end
        assertTrue(eval.bitsPerSpike() > 0, "beats the homogeneous Poisson baseline");
    }
}
