package org.poglm.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.poglm.data.PieceFeatures;
import org.poglm.eval.MarginalLikelihood;
import org.poglm.eval.PoissonBaseline;

/**
 * Distributed evaluation (SPEC §7): the test marginal log-likelihood of every configuration on every
 * test piece, in one pass over the test pieces; the driver receives a configurations x pieces
 * matrix. Noise is keyed by (configuration seed, evaluation, piece id, sample), as in the
 * single-JVM evaluation.
 */
public final class SweepEvaluator {
    /**
     * Per configuration and test piece: log p(X) estimates; per piece: id, bins, spikes and the
     * homogeneous-Poisson baseline's log-likelihood.
     */
    public record Scores(double[][] logLikelihood, long[] pieceIds, int[] bins, long[] spikes, double[] baseline,
                         double[] computeSeconds) {
    }

    private SweepEvaluator() {
    }

    /** One piece's scores for all configurations. */
    record PieceScores(int index, long id, int bins, long spikes, double baseline, double[] ll, double[] seconds)
        implements java.io.Serializable {
    }

    public static Scores evaluate(JavaSparkContext jsc, JavaRDD<PieceBlock> test, int testPieces,
                                  Broadcast<SweepContext> context, double[][] params, double[] baselineRates) {
        Broadcast<double[][]> shipped = jsc.broadcast(params);
        try {
            List<PieceScores> rows = test.flatMap(block -> score(block, context.value(), shipped.value(),
                baselineRates).iterator()).collect();
            int n = params.length;
            double[][] ll = new double[n][testPieces];
            long[] ids = new long[testPieces];
            int[] bins = new int[testPieces];
            long[] spikes = new long[testPieces];
            double[] base = new double[testPieces];
            double[] seconds = new double[n];
            for (PieceScores r : rows) {
                ids[r.index()] = r.id();
                bins[r.index()] = r.bins();
                spikes[r.index()] = r.spikes();
                base[r.index()] = r.baseline();
                for (int c = 0; c < n; c++) {
                    ll[c][r.index()] = r.ll()[c];
                    seconds[c] += r.seconds()[c];
                }
            }
            return new Scores(ll, ids, bins, spikes, base, seconds);
        } finally {
            shipped.destroy();
        }
    }

    static List<PieceScores> score(PieceBlock block, SweepContext ctx, double[][] params, double[] rates) {
        ExecutorCache cache = ExecutorCache.get(ctx.runId);
        PoissonBaseline baseline = PoissonBaseline.ofRates(rates);
        List<PieceScores> out = new ArrayList<>(block.size());
        for (int i = 0; i < block.size(); i++) {
            PieceFeatures piece = PieceFeatures.of(block.piece(i), ctx.basis, ctx.padding);
            double[] ll = new double[params.length];
            double[] seconds = new double[params.length];
            for (int c = 0; c < params.length; c++) {
                MarginalLikelihood ml = cache.evaluator(ctx, c);
                long t0 = System.nanoTime();
                ll[c] = ml.marginalLogLikelihood(params[c], piece, ctx.seeds[c]);
                seconds[c] = (System.nanoTime() - t0) / 1e9;
            }
            out.add(new PieceScores(block.index(i), piece.id, piece.bins, piece.spikes, baseline.logLikelihood(piece),
                ll, seconds));
        }
        return out;
    }
}
