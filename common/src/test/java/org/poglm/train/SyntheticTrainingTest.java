package org.poglm.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.eval.ParameterRecovery;
import org.poglm.eval.PoissonBaseline;
import org.poglm.eval.TestEvaluation;
import org.poglm.model.ModelSpec;
import org.poglm.model.ParameterInit;
import org.poglm.model.ParameterLayout;
import org.poglm.schemes.VariationalScheme;
import org.poglm.synthetic.SyntheticData;
import org.poglm.synthetic.SyntheticGenerator;

/**
 * Training on the paper's synthetic setup (SPEC §6): 20 epochs of exponential x FB must clearly
 * raise the test marginal log-likelihood and clearly lower the weight error from its start
 * (mean |W_true|, about 1.0).
 */
class SyntheticTrainingTest {

    static List<PieceFeatures> features(List<Piece> pieces, SyntheticData data) {
        return pieces.stream().map(p -> PieceFeatures.of(p, data.basis(), Padding.ZERO)).toList();
    }

    static double[][] weights(double[] params, ParameterLayout layout) {
        int n = layout.neurons();
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = params[layout.weight(i, j)];
            }
        }
        return w;
    }

    static double[] biases(double[] params, ParameterLayout layout) {
        return java.util.Arrays.copyOf(params, layout.neurons());
    }

    @Test
    void exponentialForwardBackwardLearnsTheSyntheticCircuit() {
        for (long dataSeed : new long[] {1, 2}) {
            SyntheticData data = SyntheticGenerator.paper(dataSeed);
            List<PieceFeatures> train = features(data.train(), data);
            List<PieceFeatures> test = features(data.test(), data);
            ModelSpec spec = new ModelSpec(data.visible(), data.hidden(), data.basis(), data.nonlinearity(),
                Distributions.create("exponential"), VariationalScheme.parse("fb"));
            TrainingConfig cfg = TrainingConfig.defaults(0);
            PoissonBaseline baseline = PoissonBaseline.fit(train);
            ParameterLayout layout = spec.layout();
            double[] start = ParameterInit.initialise(layout, cfg.seed());
            TestEvaluation before = TestEvaluation.evaluate(spec, start, test, baseline, 500, 0);
            TrainingState state = LocalTrainer.train(new TrainingState("exp-fb", spec, cfg), train, null);
            TestEvaluation after = TestEvaluation.evaluate(spec, state.params(), test, baseline, 500, 0);
            ParameterRecovery.Result r0 = ParameterRecovery.match(data.weights(), data.biases(),
                weights(start, layout), biases(start, layout), data.visible());
            ParameterRecovery.Result r1 = ParameterRecovery.match(data.weights(), data.biases(),
                weights(state.params(), layout), biases(state.params(), layout), data.visible());
            System.out.printf("data %d: test LL %.3f -> %.3f, weight error %.3f -> %.3f, bias error %.3f, curve %s%n",
                dataSeed, before.meanPerPiece(), after.meanPerPiece(), r0.weightError(), r1.weightError(),
                r1.biasError(), java.util.Arrays.toString(state.curve()));
            assertTrue(after.meanPerPiece() > before.meanPerPiece() + 10,
                "test LL " + before.meanPerPiece() + " -> " + after.meanPerPiece());
            assertTrue(r1.weightError() < 0.85 * r0.weightError(),
                "weight error " + r0.weightError() + " -> " + r1.weightError());
        }
    }
}
