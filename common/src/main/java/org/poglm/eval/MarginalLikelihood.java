package org.poglm.eval;

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
 */
public final class MarginalLikelihood {
    private final ElboEstimator poisson;
    private final double[] weights;

    public MarginalLikelihood(ModelSpec spec, int evalSamples) {
        ConfigurationException.require(evalSamples >= 1, "evaluation samples", evalSamples, "an integer >= 1");
        this.poisson = new ElboEstimator(spec.withDistribution(new PoissonSpikes()), 1, ScoreBaseline.NONE);
        this.weights = new double[spec.hidden() == 0 ? 1 : evalSamples];
    }

    /** The estimate of {@code log p(X)} for one piece, with noise keyed (seed, evaluation, piece id, k). */
    public double marginalLogLikelihood(double[] params, PieceFeatures piece, long seed) {
        poisson.logWeights(params, piece, seed, CounterRng.EVAL_STEP, weights);
        return SpecialFunctions.logSumExp(weights, 0, weights.length) - Math.log(weights.length);
    }
}
