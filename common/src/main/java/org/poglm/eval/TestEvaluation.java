package org.poglm.eval;

import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ModelSpec;

/**
 * SPEC §7 evaluation of one configuration on the test pieces: marginal log-likelihood per piece
 * (sum over bins and visible neurons), its mean, the mean per bin, and bits per spike against the
 * homogeneous-Poisson baseline fitted on the training pieces.
 */
public record TestEvaluation(double[] perPiece, double meanPerPiece, double meanPerBin, double bitsPerSpike) {

    public static TestEvaluation evaluate(ModelSpec spec, double[] params, List<PieceFeatures> test,
                                          PoissonBaseline baseline, int evalSamples, long seed) {
        MarginalLikelihood ml = new MarginalLikelihood(spec, evalSamples);
        double[] per = new double[test.size()];
        double total = 0;
        double base = 0;
        long bins = 0;
        long spikes = 0;
        for (int i = 0; i < per.length; i++) {
            PieceFeatures p = test.get(i);
            per[i] = ml.marginalLogLikelihood(params, p, seed);
            total += per[i];
            base += baseline.logLikelihood(p);
            bins += p.bins;
            spikes += p.spikes;
        }
        return new TestEvaluation(per, total / per.length, total / bins,
            PoissonBaseline.bitsPerSpike(total, base, spikes));
    }
}
