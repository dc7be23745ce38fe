package org.poglm.distributed;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.eval.InferredActivity;
import org.poglm.eval.MarginalLikelihood;
import org.poglm.eval.PieceEvaluation;
import org.poglm.eval.PoissonBaseline;

/**
 * Distributed evaluation (SPEC §7): the test marginal log-likelihood of every configuration on every
 * test piece, in one pass over the test pieces; the driver receives a configurations x pieces
 * matrix. Noise is keyed by (configuration seed, evaluation, piece id, sample), as in the
 * single-JVM evaluation.
 *
 * <p>The same pass, from the same importance samples ({@link MarginalLikelihood#evaluate}), also gives
 * each visible unit's log-likelihood per configuration and piece, the homogeneous baseline per unit,
 * and on a window of the first test pieces what each model infers (SPEC §7, §9): the numbers behind a
 * per-neuron verdict and a look at the fits.
 */
public final class SweepEvaluator {
    /** The test pieces whose inferred activity is returned, by default: the first three. */
    public static final int DEFAULT_WINDOW = 3;

    /**
     * Per configuration and test piece: log p(X) estimates; per piece: id, bins, spikes and the
     * homogeneous-Poisson baseline's log-likelihood. Pieces are in test order (index i is test piece i).
     *
     * @param unitLogLikelihood {@code [config][piece][unit]}: each visible unit's log-likelihood
     *                          ({@link MarginalLikelihood#evaluate}: the GLM's term for H = 0, the
     *                          leave-one-unit-out {@code log p(x_v | X_-v)} for H > 0)
     * @param unitBaseline      {@code [piece][unit]}: the homogeneous-Poisson log-likelihood of each unit
     * @param activity          {@code [config][w]}: the inferred activity on window piece w, which is test
     *                          piece w (id {@code pieceIds[w]}), for the first {@link #window()} test pieces
     * @param windowCounts      {@code [w][t][v]}: the observed counts of the window pieces
     */
    public record Scores(double[][] logLikelihood, long[] pieceIds, int[] bins, long[] spikes, double[] baseline,
                         double[] computeSeconds, double[][][] unitLogLikelihood, double[][] unitBaseline,
                         InferredActivity[][] activity, int[][][] windowCounts) {
        /** The window pieces: test pieces 0 .. window() - 1. */
        public int window() {
            return windowCounts.length;
        }
    }

    /** Progress callback, on Spark's listener thread while the evaluation runs. */
    public interface Progress {
        /** {@code done} of {@code total} (test pieces x configurations) log-likelihoods computed. */
        void scored(long done, long total);
    }

    private SweepEvaluator() {
    }

    /**
     * One piece's scores for all configurations; {@code activity} and {@code counts} are null outside
     * the window.
     */
    record PieceScores(int index, long id, int bins, long spikes, double baseline, double[] ll, double[] seconds,
                       double[][] units, double[] unitBaseline, InferredActivity[] activity, int[][] counts)
        implements java.io.Serializable {
    }

    /**
     * Scores every configuration on every test piece, with the inferred activity on the first
     * {@link #DEFAULT_WINDOW} test pieces; {@code progress} may be null.
     */
    public static Scores evaluate(JavaSparkContext jsc, JavaRDD<PieceBlock> test, int testPieces,
                                  Broadcast<SweepContext> context, double[][] params, double[] baselineRates,
                                  Progress progress) {
        return evaluate(jsc, test, testPieces, context, params, baselineRates, DEFAULT_WINDOW, progress);
    }

    /**
     * Scores every configuration on every test piece, with the inferred activity on the first
     * {@code window} test pieces (0 for none; more than there are means all); {@code progress} may be null.
     */
    public static Scores evaluate(JavaSparkContext jsc, JavaRDD<PieceBlock> test, int testPieces,
                                  Broadcast<SweepContext> context, double[][] params, double[] baselineRates,
                                  int window, Progress progress) {
        if (window < 0) {
            throw new IllegalArgumentException("window of test pieces " + window + ": must be >= 0");
        }
        int windowPieces = Math.min(window, testPieces);
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
            }, () -> test.flatMap(block -> score(block, context.value(), shipped.value(), baselineRates,
                windowPieces, scored).iterator()).collect());
            double[][] ll = new double[n][testPieces];
            long[] ids = new long[testPieces];
            int[] bins = new int[testPieces];
            long[] spikes = new long[testPieces];
            double[] base = new double[testPieces];
            double[] seconds = new double[n];
            double[][][] units = new double[n][testPieces][];
            double[][] unitBase = new double[testPieces][];
            InferredActivity[][] activity = new InferredActivity[n][windowPieces];
            int[][][] counts = new int[windowPieces][][];
            for (PieceScores r : rows) {
                unitBase[r.index()] = r.unitBaseline();
                if (r.index() < windowPieces) {
                    counts[r.index()] = r.counts();
                }
                for (int c = 0; c < n; c++) {
                    units[c][r.index()] = r.units()[c];
                    if (r.index() < windowPieces) {
                        activity[c][r.index()] = r.activity()[c];
                    }
                }
                ids[r.index()] = r.id();
                bins[r.index()] = r.bins();
                spikes[r.index()] = r.spikes();
                base[r.index()] = r.baseline();
                for (int c = 0; c < n; c++) {
                    ll[c][r.index()] = r.ll()[c];
                    seconds[c] += r.seconds()[c];
                }
            }
            return new Scores(ll, ids, bins, spikes, base, seconds, units, unitBase, activity, counts);
        } finally {
            shipped.destroy();
        }
    }

    /**
     * The exact log-likelihood, mean per piece over {@code pieces}, of every configuration without hidden
     * neurons (a fully observed GLM, whose likelihood needs no sampling; NaN for the others): on the
     * training pieces, what shows that a GLM fitted them at least as well as constant rates (one Spark job).
     */
    public static double[] exactLogLikelihood(JavaRDD<PieceBlock> pieces, Broadcast<SweepContext> context,
                                              double[][] params) {
        double[] sums = pieces.map(block -> {
            SweepContext ctx = context.value();
            ExecutorCache cache = ExecutorCache.get(ctx.runId);
            double[] s = new double[params.length + 1];
            for (int i = 0; i < block.size(); i++) {
                PieceFeatures piece = PieceFeatures.of(block.piece(i), ctx.basis, ctx.padding);
                for (int c = 0; c < params.length; c++) {
                    if (ctx.specs[c].hidden() == 0) {
                        s[c] += cache.evaluator(ctx, c).marginalLogLikelihood(params[c], piece, ctx.seeds[c]);
                    }
                }
                s[params.length]++;
            }
            return s;
        }).reduce((a, b) -> {
            double[] out = a.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += b[i];
            }
            return out;
        });
        double[] mean = new double[params.length];
        for (int c = 0; c < params.length; c++) {
            mean[c] = context.value().specs[c].hidden() == 0 ? sums[c] / sums[params.length] : Double.NaN;
        }
        return mean;
    }

    /**
     * The homogeneous-Poisson baseline's log-likelihood (SPEC §7), mean per piece over {@code pieces}:
     * what a model of the training pieces must at least reach on them (one small Spark job).
     */
    public static double baselineLogLikelihood(JavaRDD<PieceBlock> pieces, double[] rates) {
        double[] sums = pieces.map(block -> {
            PoissonBaseline baseline = PoissonBaseline.ofRates(rates);
            double[] s = new double[2];
            for (int i = 0; i < block.size(); i++) {
                Piece p = block.piece(i);
                // The baseline needs the counts and their log-factorials, not the histories: any basis serves.
                s[0] += baseline.logLikelihood(PieceFeatures.of(p, org.poglm.data.Basis.defaultBasis(),
                    org.poglm.data.Padding.ZERO));
                s[1]++;
            }
            return s;
        }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        return sums[0] / sums[1];
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

    /** Scores one block's pieces; test pieces with index below {@code window} also get their activity. */
    static List<PieceScores> score(PieceBlock block, SweepContext ctx, double[][] params, double[] rates, int window,
                                   LongAccumulator scored) {
        ExecutorCache cache = ExecutorCache.get(ctx.runId);
        PoissonBaseline baseline = PoissonBaseline.ofRates(rates);
        List<PieceScores> out = new ArrayList<>(block.size());
        for (int i = 0; i < block.size(); i++) {
            PieceFeatures piece = PieceFeatures.of(block.piece(i), ctx.basis, ctx.padding);
            boolean inWindow = block.index(i) < window;
            double[] ll = new double[params.length];
            double[] seconds = new double[params.length];
            double[][] units = new double[params.length][];
            InferredActivity[] activity = inWindow ? new InferredActivity[params.length] : null;
            for (int c = 0; c < params.length; c++) {
                MarginalLikelihood ml = cache.evaluator(ctx, c);
                long t0 = System.nanoTime();
                PieceEvaluation e = ml.evaluate(params[c], piece, ctx.seeds[c], inWindow);
                seconds[c] = (System.nanoTime() - t0) / 1e9;
                ll[c] = e.logLikelihood();
                units[c] = e.unitLogLikelihood();
                if (inWindow) {
                    activity[c] = e.activity();
                }
                scored.add(1);
            }
            out.add(new PieceScores(block.index(i), piece.id, piece.bins, piece.spikes, baseline.logLikelihood(piece),
                ll, seconds, units, baseline.unitLogLikelihood(piece), activity, inWindow ? counts(piece) : null));
        }
        return out;
    }

    /** x[t][v] of a piece, for a raster. */
    static int[][] counts(PieceFeatures piece) {
        int[][] x = new int[piece.bins][piece.visible];
        for (int t = 0; t < piece.bins; t++) {
            for (int v = 0; v < piece.visible; v++) {
                x[t][v] = (int) piece.count(t, v);
            }
        }
        return x;
    }
}
