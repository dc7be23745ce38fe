package org.poglm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.PoissonSpikes;
import org.poglm.model.ElboEstimator;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ReferenceRates;
import org.poglm.model.ScoreBaseline;
import org.poglm.model.TestProblems;
import org.poglm.numerics.SpecialFunctions;

/**
 * Per-unit log-likelihood and inferred activity ({@link MarginalLikelihood#evaluate}, SPEC §7, §9): the
 * marginal log-likelihood keeps its bits; the GLM's units are its exact terms; hidden neurons that do not
 * drive the visible ones leave every unit at its GLM term; on a problem small enough to sum every hidden
 * configuration, the Monte Carlo values converge to the exact ones.
 */
class PieceEvaluationTest {

    /** Parameters with every generative weight from a hidden neuron to a visible unit set to 0. */
    static double[] hiddenCannotDriveVisible(ModelSpec spec, double[] params) {
        double[] p = params.clone();
        for (int v = 0; v < spec.visible(); v++) {
            for (int h = 0; h < spec.hidden(); h++) {
                p[spec.layout().weight(v, spec.visible() + h)] = 0.0;
            }
        }
        return p;
    }

    @ParameterizedTest(name = "scheme {0}")
    @ValueSource(strings = {"f", "fs", "fb"})
    void theMarginalLogLikelihoodKeepsItsBits(String scheme) {
        for (int H : new int[] {0, 2}) {
            // Trained with a pathwise family; evaluation switches to Poisson hidden spikes either way.
            ModelSpec spec = TestProblems.spec(3, H, "exponential", scheme, Nonlinearity.SIGMOID);
            double[] params = TestProblems.params(spec.layout(), 0.6, 12);
            MarginalLikelihood plain = new MarginalLikelihood(spec, 300);
            MarginalLikelihood extended = new MarginalLikelihood(spec, 300);
            for (long id = 0; id < 3; id++) {
                PieceFeatures piece = id == 1 ? TestProblems.contextPiece(80, 3, id) : TestProblems.piece(100 - (int) id, 3, id);
                double expected = plain.marginalLogLikelihood(params, piece, 5);
                PieceEvaluation with = extended.evaluate(params, piece, 5, true);
                PieceEvaluation without = extended.evaluate(params, piece, 5, false);
                String what = "H=" + H + " piece " + id;
                assertEquals(expected, with.logLikelihood(), 0.0, what + ": log p(X) with activity");
                assertEquals(expected, without.logLikelihood(), 0.0, what + ": log p(X) without activity");
                assertEquals(expected, extended.marginalLogLikelihood(params, piece, 5), 0.0, what + ": after evaluate");
                assertNull(without.activity(), what + ": activity only when asked");
                for (int v = 0; v < 3; v++) {
                    assertEquals(with.unitLogLikelihood()[v], without.unitLogLikelihood()[v], 0.0, what + " unit " + v);
                    assertTrue(Double.isFinite(with.unitLogLikelihood()[v]) && with.unitLogLikelihood()[v] < 0,
                        what + ": a finite log-likelihood of counts, unit " + v);
                }
            }
        }
    }

    @Test
    void fullyObservedGlmUnitsAreItsTermsAndSumToThePiece() {
        for (Nonlinearity nl : Nonlinearity.values()) {
            ModelSpec spec = TestProblems.spec(4, 0, "poisson", "fb", nl);
            double[] params = TestProblems.params(spec.layout(), nl == Nonlinearity.EXP ? 0.1 : 0.5, 3);
            PieceFeatures piece = TestProblems.contextPiece(60, 4, 9);
            PieceEvaluation e = new MarginalLikelihood(spec, 2000).evaluate(params, piece, 1, true);
            ReferenceRates ref = ReferenceRates.of(spec, params, piece, new double[60][0]);
            double sum = 0;
            for (int v = 0; v < 4; v++) {
                double term = ref.unitTerms[v];
                assertEquals(term, e.unitLogLikelihood()[v], 1e-10 * Math.abs(term), nl + ": unit " + v + "'s GLM term");
                sum += e.unitLogLikelihood()[v];
            }
            assertEquals(e.logLikelihood(), sum, 1e-13 * Math.abs(sum), nl + ": the units sum to the piece");
            InferredActivity a = e.activity();
            assertEquals(60, a.bins());
            assertEquals(0, a.hiddenRate()[0].length, "no hidden neurons");
            for (int t = 0; t < 60; t++) {
                for (int v = 0; v < 4; v++) {
                    assertEquals(ref.f[t][v], a.visibleRate()[t][v], 1e-12 * ref.f[t][v], nl + ": the GLM's rate");
                }
            }
        }
    }

    @ParameterizedTest(name = "scheme {0}")
    @ValueSource(strings = {"f", "fs", "fb"})
    void hiddenNeuronsThatDoNotDriveTheVisibleOnesLeaveEveryUnitAtItsGlmTerm(String scheme) {
        int V = 3;
        int T = 100;
        ModelSpec spec = TestProblems.spec(V, 2, "poisson", scheme, Nonlinearity.SIGMOID);
        double[] params = hiddenCannotDriveVisible(spec, TestProblems.params(spec.layout(), 0.8, 21));
        PieceFeatures piece = TestProblems.piece(T, V, 4);
        PieceEvaluation e = new MarginalLikelihood(spec, 500).evaluate(params, piece, 2, true);
        // The visible rates do not depend on Z: any z gives the GLM's.
        ReferenceRates glm = ReferenceRates.of(spec, params, piece, new double[T][2]);
        for (int v = 0; v < V; v++) {
            double term = glm.unitTerms[v];
            assertEquals(term, e.unitLogLikelihood()[v], 1e-10 * Math.abs(term), "unit " + v);
            for (int t = 0; t < T; t++) {
                assertEquals(glm.f[t][v], e.activity().visibleRate()[t][v], 1e-12 * glm.f[t][v],
                    "predicted rate, unit " + v + " bin " + t);
            }
        }
        // With the hidden neurons driving the units, the values move away from the GLM's terms.
        double[] coupled = TestProblems.params(spec.layout(), 0.8, 21);
        PieceEvaluation c = new MarginalLikelihood(spec, 500).evaluate(coupled, piece, 2, false);
        ReferenceRates other = ReferenceRates.of(spec, hiddenCannotDriveVisible(spec, coupled), piece, new double[T][2]);
        for (int v = 0; v < V; v++) {
            assertTrue(Double.isFinite(c.unitLogLikelihood()[v]), "finite, unit " + v);
            assertTrue(Math.abs(c.unitLogLikelihood()[v] - other.unitTerms[v]) > 1e-6, "hidden input matters, unit " + v);
        }
    }

    /**
     * With T = 3 bins and one hidden neuron, every hidden configuration (counts up to 14; the rest has
     * negligible mass at sigmoid rates) can be summed: exact {@code log p(x_v | X_-v)}, exact posterior mean
     * of the visible rates and exact {@code E_q[g]}. The estimates with 40,000 samples must come close
     * (measured errors: 6e-4 in the per-unit values, 4e-4 relative in the rates, 2e-4 in E_q[g]).
     */
    @ParameterizedTest(name = "scheme {0}")
    @ValueSource(strings = {"f", "fs", "fb"})
    void monteCarloValuesConvergeToExactEnumeration(String scheme) {
        int T = 3;
        int V = 2;
        int maxCount = 14;
        ModelSpec spec = TestProblems.spec(V, 1, "exponential", scheme, Nonlinearity.SIGMOID);
        PieceFeatures piece = TestProblems.piece(T, V, 31);
        double[] params = TestProblems.params(spec.layout(), 0.8, 4);
        ElboEstimator poisson = new ElboEstimator(spec.withDistribution(new PoissonSpikes()), 1, ScoreBaseline.NONE);
        int combos = (int) Math.pow(maxCount + 1, T);
        double[] logJoint = new double[combos];
        double[][] withoutUnit = new double[V][combos];
        double[][] zRows = new double[1][T];
        double[][] zCells = new double[T][1];
        ReferenceRates[] refs = new ReferenceRates[combos];
        double[] logQ = new double[combos];
        for (int c = 0; c < combos; c++) {
            int r = c;
            for (int t = 0; t < T; t++) {
                zRows[0][t] = r % (maxCount + 1);
                zCells[t][0] = zRows[0][t];
                r /= maxCount + 1;
            }
            logJoint[c] = poisson.logJointAndVariational(params, piece, zRows)[0];
            refs[c] = ReferenceRates.of(spec, params, piece, zCells);
            for (int v = 0; v < V; v++) {
                withoutUnit[v][c] = logJoint[c] - refs[c].unitTerms[v];
            }
            for (int t = 0; t < T; t++) {
                double g = refs[c].g[t][0];
                int z = (int) zCells[t][0];
                logQ[c] += z * Math.log(g) - g - SpecialFunctions.logFactorial(z);
            }
        }
        double logp = SpecialFunctions.logSumExp(logJoint, 0, combos);
        double[][] visibleRate = new double[T][V];
        double[] hiddenRate = new double[T];
        for (int c = 0; c < combos; c++) {
            double posterior = Math.exp(logJoint[c] - logp);
            double q = Math.exp(logQ[c]);
            for (int t = 0; t < T; t++) {
                for (int v = 0; v < V; v++) {
                    visibleRate[t][v] += posterior * refs[c].f[t][v];
                }
                hiddenRate[t] += q * refs[c].g[t][0];
            }
        }

        PieceEvaluation e = new MarginalLikelihood(spec, 40_000).evaluate(params, piece, 3, true);
        assertEquals(logp, e.logLikelihood(), 0.01, "log p(X)");
        for (int v = 0; v < V; v++) {
            double exact = logp - SpecialFunctions.logSumExp(withoutUnit[v], 0, combos);
            assertEquals(exact, e.unitLogLikelihood()[v], 0.003, "log p(x_v | X_-v), unit " + v);
        }
        for (int t = 0; t < T; t++) {
            for (int v = 0; v < V; v++) {
                assertEquals(visibleRate[t][v], e.activity().visibleRate()[t][v], 0.002 * visibleRate[t][v],
                    "E[f] under the posterior, bin " + t + " unit " + v);
            }
            assertEquals(hiddenRate[t], e.activity().hiddenRate()[t][0], scheme.equals("fs") ? 0.001 : 1e-12,
                "E_q[g], bin " + t);
        }
    }

    @ParameterizedTest(name = "scheme {0}")
    @ValueSource(strings = {"f", "fs", "fb"})
    void inferredActivityHasTheShapesAndQsRates(String scheme) {
        int V = 3;
        int H = 2;
        int T = 70;
        ModelSpec spec = TestProblems.spec(V, H, "gs-pathwise", scheme, Nonlinearity.SOFTPLUS);
        double[] params = TestProblems.params(spec.layout(), 0.6, 8);
        PieceFeatures piece = TestProblems.contextPiece(T, V, 17);
        InferredActivity a = new MarginalLikelihood(spec, 200).evaluate(params, piece, 9, true).activity();
        assertEquals(T, a.hiddenRate().length);
        assertEquals(T, a.visibleRate().length);
        ReferenceRates any = ReferenceRates.of(spec, params, piece, new double[T][H]);
        for (int t = 0; t < T; t++) {
            assertEquals(H, a.hiddenRate()[t].length);
            assertEquals(V, a.visibleRate()[t].length);
            for (int h = 0; h < H; h++) {
                double r = a.hiddenRate()[t][h];
                assertTrue(r > 0 && Double.isFinite(r), "hidden rate " + r);
                if (!scheme.equals("fs")) {
                    // F and FB: g = sigma(c + Af hx (+ Ab rx)) does not depend on the sample.
                    assertEquals(any.g[t][h], r, 1e-12 * any.g[t][h], "g, bin " + t + " hidden " + h);
                }
            }
            for (int v = 0; v < V; v++) {
                double r = a.visibleRate()[t][v];
                assertTrue(r > 0 && Double.isFinite(r), "visible rate " + r);
            }
        }
    }

    @Test
    void homogeneousBaselinePerUnit() {
        PieceFeatures train = TestProblems.piece(100, 3, 1);
        PieceFeatures test = TestProblems.piece(40, 3, 2);
        PoissonBaseline base = PoissonBaseline.fit(List.of(train));
        double[] units = base.unitLogLikelihood(test);
        double[] r = base.rates();
        double sum = 0;
        for (int v = 0; v < 3; v++) {
            double expected = 0;
            for (int t = 0; t < 40; t++) {
                int x = (int) test.count(t, v);
                expected += x * Math.log(r[v]) - r[v] - SpecialFunctions.logFactorial(x);
            }
            assertEquals(expected, units[v], 1e-12 * Math.abs(expected), "unit " + v);
            sum += units[v];
        }
        assertEquals(base.logLikelihood(test), sum, 1e-12 * Math.abs(sum), "the units sum to the piece");
        // A unit silent in the test piece scores -T r_v.
        PieceFeatures silent = PieceFeatures.of(org.poglm.data.Piece.of(7, new int[40][3]), train.basis,
            org.poglm.data.Padding.ZERO);
        assertEquals(-40 * r[0], base.unitLogLikelihood(silent)[0], 1e-12);
    }
}
