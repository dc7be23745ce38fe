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

    /**
     * The summary of per-piece log-likelihoods computed elsewhere (the distributed evaluation), from
     * the same sums in the same order as {@link #evaluate}.
     *
     * @param baseline the homogeneous-Poisson log-likelihood of each piece
     */
    public static TestEvaluation of(double[] perPiece, double[] baseline, int[] bins, long[] spikes) {
        double total = 0;
        double base = 0;
        long allBins = 0;
        long allSpikes = 0;
        for (int i = 0; i < perPiece.length; i++) {
            total += perPiece[i];
            base += baseline[i];
            allBins += bins[i];
            allSpikes += spikes[i];
        }
        return new TestEvaluation(perPiece.clone(), total / perPiece.length, total / allBins,
            PoissonBaseline.bitsPerSpike(total, base, allSpikes));
    }

    /** Sample standard deviation of the log-likelihood over the test pieces (0 for a single piece). */
    public double sdPerPiece() {
        if (perPiece.length < 2) {
            return 0.0;
        }
        double ss = 0;
        for (double v : perPiece) {
            ss += (v - meanPerPiece) * (v - meanPerPiece);
        }
        return Math.sqrt(ss / (perPiece.length - 1));
    }

    public static TestEvaluation evaluate(ModelSpec spec, double[] params, List<PieceFeatures> test,
                                          PoissonBaseline baseline, int evalSamples, long seed) {
        MarginalLikelihood ml = new MarginalLikelihood(spec, evalSamples);
        double[] per = new double[test.size()];
        double[] base = new double[per.length];
        int[] bins = new int[per.length];
        long[] spikes = new long[per.length];
        for (int i = 0; i < per.length; i++) {
            PieceFeatures p = test.get(i);
            per[i] = ml.marginalLogLikelihood(params, p, seed);
            base[i] = baseline.logLikelihood(p);
            bins[i] = p.bins;
            spikes[i] = p.spikes;
        }
        return of(per, base, bins, spikes);
    }
}
