package org.poglm.distributed;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.poglm.data.PieceFeatures;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.BatchSchedule;
import org.poglm.train.ElboAggregate;
import org.poglm.train.TrainingState;

/**
 * Distributed training of a whole sweep (the MLlib {@code RDDLossFunction} pattern): every step
 * ships all configurations' parameters to the executors once, one tree aggregation
 * ({@link OrderedTreeAggregate}, deterministic merge order) sums, for the step's batch, every
 * configuration's ELBO gradient, and the driver applies each configuration's own Adam step. One
 * Spark job per step serves the whole sweep.
 *
 * <p>Parameters ride in the task closure while the sweep is small and in a broadcast (destroyed
 * after the step) above {@link Options#broadcastAbove} doubles; see docs/performance.md for the
 * measurements behind the default.
 */
public final class SweepTrainer {
    /**
     * Default switch from closure to broadcast, in parameter doubles (about 400 KB): measured in local[2],
     * the two cost the same up to a few thousand doubles and the broadcast wins from 100,000 on (18 % at
     * 100k, 25 % at 500k, 34 % at 2M per step).
     */
    public static final long DEFAULT_BROADCAST_ABOVE = 50_000;
    public static final int DEFAULT_TREE_DEPTH = 2;
    /** Spark's local property holding the description of the jobs a thread starts. */
    static final String JOB_DESCRIPTION = "spark.job.description";

    /** @param treeDepth depth of the aggregation tree; @param broadcastAbove closure up to this many doubles */
    public record Options(int treeDepth, long broadcastAbove) {
        public static Options defaults() {
            return new Options(DEFAULT_TREE_DEPTH, DEFAULT_BROADCAST_ABOVE);
        }
    }

    /** Progress callback on the driver, after every step. */
    public interface Progress {
        /**
         * @param epoch    0-based, of {@code epochs}
         * @param batch    0-based step within the epoch, of {@code batches}
         * @param meanElbo mean over the configurations of their mean ELBO per piece in this epoch so
         *                 far (after the epoch's last step: the mean of the learning curves' values)
         */
        void stepFinished(int epoch, int epochs, int batch, int batches, double meanElbo);
    }

    /** The trained states and per-configuration compute time. */
    public record Result(List<TrainingState> states, double[] computeSeconds, long steps, double wallSeconds) {
    }

    private SweepTrainer() {
    }

    public static Result train(JavaSparkContext jsc, JavaRDD<PieceBlock> train, Sweep sweep,
                               Broadcast<SweepContext> context, Options options, Progress progress) {
        SweepContext ctx = context.value();
        List<TrainingState> states = new ArrayList<>();
        for (SweepConfig cfg : sweep.configs()) {
            states.add(new TrainingState(cfg.id(), ctx.spec(cfg.index()), cfg.training(sweep)));
        }
        int n = states.size();
        double[] compute = new double[n];
        BatchSchedule schedule = ctx.schedule();
        boolean broadcast = ctx.totalParameters() > options.broadcastAbove();
        long start = System.nanoTime();
        long steps = 0;
        String description = jsc.getLocalProperty(JOB_DESCRIPTION);
        try {
            for (int epoch = 0; epoch < sweep.epochs(); epoch++) {
                double[] epochElbo = new double[n];
                long[] epochPieces = new long[n];
                for (int batch = 0; batch < schedule.batchesPerEpoch(); batch++) {
                    long step = schedule.step(epoch, batch);
                    double[][] params = new double[n][];
                    for (int c = 0; c < n; c++) {
                        params[c] = states.get(c).params().clone();
                    }
                    jsc.setLocalProperty(JOB_DESCRIPTION, stepDescription(step, epoch, batch));
                    SweepAggregate sum = aggregate(jsc, train, context, params, broadcast, epoch, batch, step,
                        options.treeDepth());
                    for (int c = 0; c < n; c++) {
                        ElboAggregate part = sum.part(c);
                        states.get(c).apply(part, step);
                        compute[c] += sum.seconds(c);
                        epochElbo[c] += part.elboSum();
                        epochPieces[c] += part.count();
                    }
                    steps++;
                    if (progress != null) {
                        double mean = 0;
                        for (int c = 0; c < n; c++) {
                            mean += epochElbo[c] / epochPieces[c];
                        }
                        progress.stepFinished(epoch, sweep.epochs(), batch, schedule.batchesPerEpoch(), mean / n);
                    }
                }
                for (TrainingState s : states) {
                    s.endEpoch(epoch);
                }
            }
        } finally {
            jsc.setLocalProperty(JOB_DESCRIPTION, description);
        }
        return new Result(states, compute, steps, (System.nanoTime() - start) / 1e9);
    }

    /** The description of step {@code step}'s job (the Spark UI's job list shows it). */
    static String stepDescription(long step, int epoch, int batch) {
        return "poglm training step " + step + " (epoch " + (epoch + 1) + ", batch " + (batch + 1) + ")";
    }

    /** One step's sums: one Spark job. */
    static SweepAggregate aggregate(JavaSparkContext jsc, JavaRDD<PieceBlock> train, Broadcast<SweepContext> context,
                                    double[][] params, boolean broadcast, int epoch, int batch, long step, int depth) {
        if (!broadcast) {
            return OrderedTreeAggregate.aggregate(train, SweepAggregate::new,
                (agg, block) -> addBatch(agg, block, context.value(), params, epoch, batch, step),
                SweepAggregate::merge, depth);
        }
        Broadcast<double[][]> shipped = jsc.broadcast(params);
        try {
            return OrderedTreeAggregate.aggregate(train, SweepAggregate::new,
                (agg, block) -> addBatch(agg, block, context.value(), shipped.value(), epoch, batch, step),
                SweepAggregate::merge, depth);
        } finally {
            shipped.destroy();
        }
    }

    /** Executor side: adds every configuration's ELBO gradient for this block's pieces of the batch. */
    static SweepAggregate addBatch(SweepAggregate agg, PieceBlock block, SweepContext ctx, double[][] params,
                                   int epoch, int batch, long step) {
        int[] members = block.batch(ctx.schedule(), epoch, batch);
        if (members.length == 0) {
            return agg;
        }
        agg.ensure(ctx.sizes);
        ExecutorCache cache = ExecutorCache.get(ctx.runId);
        for (int i : members) {
            PieceFeatures piece = PieceFeatures.of(block.piece(i), ctx.basis, ctx.padding);
            agg.countPiece();
            for (int c = 0; c < params.length; c++) {
                agg.add(c, cache.estimator(ctx, c), params[c], piece, ctx.seeds[c], step);
            }
        }
        return agg;
    }
}
