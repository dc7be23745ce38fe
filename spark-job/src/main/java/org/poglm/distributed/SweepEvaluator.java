package org.poglm.distributed;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.poglm.data.Piece;
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

    /** Progress callback, on Spark's listener thread while the evaluation runs. */
    public interface Progress {
        /** {@code done} of {@code total} (test pieces x configurations) log-likelihoods computed. */
        void scored(long done, long total);
    }

    private SweepEvaluator() {
    }

    /** One piece's scores for all configurations. */
    record PieceScores(int index, long id, int bins, long spikes, double baseline, double[] ll, double[] seconds)
        implements java.io.Serializable {
    }

    /** Scores every configuration on every test piece; {@code progress} may be null. */
    public static Scores evaluate(JavaSparkContext jsc, JavaRDD<PieceBlock> test, int testPieces,
                                  Broadcast<SweepContext> context, double[][] params, double[] baselineRates,
                                  Progress progress) {
        Broadcast<double[][]> shipped = jsc.broadcast(params);
        try {
            int n = params.length;
            long total = (long) testPieces * n;
            // Counted per piece and configuration on the executors: a few long tasks still show progress.
            LongAccumulator scored = jsc.sc().longAccumulator("poglm evaluation: log-likelihoods computed");
            List<PieceScores> rows = TaskProgress.watch(jsc.sc(), scored, (tasks, tasksTotal, counted) -> {
                if (progress != null) {
                    progress.scored(counted, total);
                }
            }, () -> test.flatMap(block -> score(block, context.value(), shipped.value(), baselineRates, scored)
                .iterator()).collect());
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

    /**
     * Mean spikes per bin of each visible neuron over the training pieces (one small Spark job): the
     * rates of the homogeneous-Poisson baseline (SPEC §7).
     */
    public static double[] baselineRates(JavaRDD<PieceBlock> train, int visible) {
        double[] sums = train.map(block -> {
            double[] s = new double[visible + 1];
            for (int i = 0; i < block.size(); i++) {
                Piece p = block.piece(i);
                for (int t = 0; t < p.bins(); t++) {
                    for (int v = 0; v < visible; v++) {
                        s[v] += p.count(t, v);
                    }
                }
                s[visible] += p.bins();
            }
            return s;
        }).reduce((a, b) -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        });
        double[] rates = new double[visible];
        for (int v = 0; v < visible; v++) {
            rates[v] = sums[v] / sums[visible];
        }
        return rates;
    }

    static List<PieceScores> score(PieceBlock block, SweepContext ctx, double[][] params, double[] rates,
                                   LongAccumulator scored) {
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
                scored.add(1);
            }
            out.add(new PieceScores(block.index(i), piece.id, piece.bins, piece.spikes, baseline.logLikelihood(piece),
                ll, seconds));
        }
        return out;
    }
}
