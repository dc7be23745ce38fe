package org.poglm.eval;

import java.util.Arrays;

import org.poglm.data.PieceFeatures;
import org.poglm.distributions.PoissonSpikes;
import org.poglm.model.ElboEstimator;
import org.poglm.model.ModelSpec;
import org.poglm.model.ScoreBaseline;
import org.poglm.random.CounterRng;
import org.poglm.errors.ConfigurationException;
import org.poglm.numerics.SpecialFunctions;

/**
 * The test marginal log-likelihood of SPEC §7 by importance sampling in Poisson form: both models
 * switched back to Poisson hidden spikes, {@code K_eval} samples {@code Z_k ~ q} (Poisson with the
 * learned variational rates; sequential for forward-self), and
 * {@code log p(X) ~ logsumexp_k(log p(X, Z_k) - log q(Z_k | X)) - log K_eval}.
 * For {@code H = 0} the likelihood is exact. One instance per thread.
 *
 * <p>{@link #evaluate} computes, from the same samples, the per-unit log-likelihood and the inferred
 * activity as well.
 */
public final class MarginalLikelihood {
    private final ElboEstimator poisson;
    private final double[] weights;
    private final int visible;
    private final int hidden;
    private final boolean selfCoupled;
    private Collector collector;

    public MarginalLikelihood(ModelSpec spec, int evalSamples) {
        ConfigurationException.require(evalSamples >= 1, "evaluation samples", evalSamples, "an integer >= 1");
        this.poisson = new ElboEstimator(spec.withDistribution(new PoissonSpikes()), 1, ScoreBaseline.NONE);
        this.weights = new double[spec.hidden() == 0 ? 1 : evalSamples];
        this.visible = spec.visible();
        this.hidden = spec.hidden();
        this.selfCoupled = spec.scheme().selfCoupled();
    }

    /** The estimate of {@code log p(X)} for one piece, with noise keyed (seed, evaluation, piece id, k). */
    public double marginalLogLikelihood(double[] params, PieceFeatures piece, long seed) {
        poisson.logWeights(params, piece, seed, CounterRng.EVAL_STEP, weights);
        return SpecialFunctions.logSumExp(weights, 0, weights.length) - Math.log(weights.length);
    }

    /**
     * {@link #marginalLogLikelihood} (the same samples and the same bits) with, from those samples, each
     * visible unit's share of it and, if {@code activity}, the inferred activity ({@link InferredActivity}).
     *
     * <p><b>Per-unit log-likelihood</b> (SPEC §7, §9: the numbers behind a per-neuron verdict on hidden
     * neurons). For the fully observed GLM ({@code H = 0}) the likelihood factorises and unit v's value is
     * exactly its term {@code sum_t [x log f - f - lgamma(x + 1)]}; the units sum to the piece's
     * log-likelihood (up to the order of the additions). With hidden neurons it does not factorise, and unit
     * v's value is its leave-one-unit-out predictive log-likelihood
     * {@code log p(x_v | X_-v) = log p(X) - log p~(X_-v)}, where {@code p~(X_-v)} is the likelihood of the
     * other units with unit v's spikes treated as a known input (their history still drives the others):
     * {@code p~(X_-v) = sum_Z p(X, Z) / p(x_v | Z, X)}. It is estimated from the same importance samples,
     * {@code log p~(X_-v) ~ logsumexp_k(l_k - log p(x_v | Z_k, X)) - log K}. This integrates the hidden
     * spikes under a posterior that has not seen unit v's own spikes, so a hidden neuron cannot score by
     * copying the unit it predicts: the value compares fairly with the GLM's term, which it equals when
     * {@code H = 0} and whenever the hidden neurons do not drive the visible ones. Unlike the GLM's terms,
     * the units' values need not sum to the piece's log-likelihood.
     *
     * @param activity whether to return the inferred activity (costs O((V + H) T) per sample more)
     */
    public PieceEvaluation evaluate(double[] params, PieceFeatures piece, long seed, boolean activity) {
        if (collector == null) {
            collector = new Collector();
        }
        Collector c = collector;
        c.begin(piece.bins, activity);
        poisson.logWeights(params, piece, seed, CounterRng.EVAL_STEP, weights, c);
        double logp = SpecialFunctions.logSumExp(weights, 0, weights.length) - Math.log(weights.length);
        double[] unit = new double[visible];
        for (int v = 0; v < visible; v++) {
            unit[v] = hidden == 0 ? c.glmTerm[v] : logp - (c.unitMax[v] + Math.log(c.unitSum[v]) - Math.log(weights.length));
        }
        return new PieceEvaluation(logp, unit, activity ? c.activity() : null);
    }

    /** Gathers from each sample what {@link #evaluate} needs, without keeping the samples. */
    private final class Collector implements ElboEstimator.SampleObserver {
        /** H = 0: the GLM's exact per-unit terms. */
        final double[] glmTerm = new double[visible];
        /**
         * Running logsumexp_k(l_k - log p(x_v | Z_k, X)) per unit as max and sum of exp(. - max), so that
         * nothing of size K is kept.
         */
        final double[] unitMax = new double[visible];
        final double[] unitSum = new double[visible];
        boolean activity;
        int bins;
        /** Sum over samples of g[h][t] (forward-self) or g itself (F, FB). */
        double[][] hiddenSum = new double[hidden][0];
        /** sum_k exp(l_k - maxLogWeight) f_k[v][t] and the sum of those weights. */
        double[][] visibleSum = new double[visible][0];
        double weightSum;
        double maxLogWeight;
        int samples;

        void begin(int T, boolean withActivity) {
            Arrays.fill(unitMax, Double.NEGATIVE_INFINITY);
            Arrays.fill(unitSum, 0.0);
            activity = withActivity;
            bins = T;
            samples = 0;
            if (!withActivity) {
                return;
            }
            if (visibleSum[0].length < T) {
                hiddenSum = new double[hidden][T];
                visibleSum = new double[visible][T];
            }
            for (double[] row : hiddenSum) {
                Arrays.fill(row, 0.0);
            }
            for (double[] row : visibleSum) {
                Arrays.fill(row, 0.0);
            }
            weightSum = 0;
            maxLogWeight = Double.NEGATIVE_INFINITY;
        }

        @Override
        public void sample(int k, double logWeight, double[] visibleTerms, double[][] f, double[][] g) {
            samples++;
            if (hidden == 0) {
                System.arraycopy(visibleTerms, 0, glmTerm, 0, visible);
            } else {
                for (int v = 0; v < visible; v++) {
                    double x = logWeight - visibleTerms[v];
                    if (x > unitMax[v]) {
                        unitSum[v] = unitSum[v] * Math.exp(unitMax[v] - x) + 1.0;
                        unitMax[v] = x;
                    } else {
                        unitSum[v] += Math.exp(x - unitMax[v]);
                    }
                }
            }
            if (!activity) {
                return;
            }
            int T = bins;
            // q's rates: for F and FB the same in every sample, so sample 0's are the exact posterior mean rate.
            if (selfCoupled || k == 0) {
                for (int h = 0; h < hidden; h++) {
                    for (int t = 0; t < T; t++) {
                        hiddenSum[h][t] = selfCoupled ? hiddenSum[h][t] + g[h][t] : g[h][t];
                    }
                }
            }
            // Self-normalised importance weights, rescaled as the largest l_k grows so that exp never overflows.
            if (logWeight > maxLogWeight) {
                double s = maxLogWeight == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(maxLogWeight - logWeight);
                for (double[] row : visibleSum) {
                    for (int t = 0; t < T; t++) {
                        row[t] *= s;
                    }
                }
                weightSum *= s;
                maxLogWeight = logWeight;
            }
            double w = Math.exp(logWeight - maxLogWeight);
            weightSum += w;
            for (int v = 0; v < visible; v++) {
                double[] row = visibleSum[v];
                double[] fv = f[v];
                for (int t = 0; t < T; t++) {
                    row[t] += w * fv[t];
                }
            }
        }

        InferredActivity activity() {
            int T = bins;
            double[][] hiddenRate = new double[T][hidden];
            double[][] visibleRate = new double[T][visible];
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < hidden; h++) {
                    hiddenRate[t][h] = selfCoupled ? hiddenSum[h][t] / samples : hiddenSum[h][t];
                }
                for (int v = 0; v < visible; v++) {
                    visibleRate[t][v] = visibleSum[v][t] / weightSum;
                }
            }
            return new InferredActivity(hiddenRate, visibleRate);
        }
    }
}
