package org.poglm.distributed;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.poglm.data.PieceFeatures;
import org.poglm.random.CounterRng;
import org.poglm.train.SweepAggregate;
import org.poglm.train.SweepObjective;

/**
 * The {@link SweepObjective} computed on Spark (MLlib's {@code RDDLossFunction}): one step is one
 * Spark job, a tree aggregation ({@link OrderedTreeAggregate}, deterministic merge order) that sums,
 * for the step's batch, every configuration's ELBO and gradient on the executors holding the batch's
 * pieces. The parameters are shipped once per step: in the task closure while the sweep is small,
 * in a broadcast (destroyed after the step) above {@link Options#broadcastAbove} doubles; see
 * docs/performance.md for the measurements behind the default.
 */
public final class RddObjective implements SweepObjective {
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

    private final JavaSparkContext jsc;
    private final JavaRDD<PieceBlock> train;
    private final JavaRDD<PieceBlock> validation;
    private final Broadcast<SweepContext> context;
    private final Options options;
    private final boolean broadcast;

    /** The objective over the training pieces {@code train} of the sweep {@code context} describes (no validation). */
    public RddObjective(JavaSparkContext jsc, JavaRDD<PieceBlock> train, Broadcast<SweepContext> context,
                        Options options) {
        this(jsc, train, null, context, options);
    }

    /** As above, with the validation pieces scored after every epoch when the sweep stops early (may be null). */
    public RddObjective(JavaSparkContext jsc, JavaRDD<PieceBlock> train, JavaRDD<PieceBlock> validation,
                        Broadcast<SweepContext> context, Options options) {
        this.jsc = jsc;
        this.train = train;
        this.validation = validation;
        this.context = context;
        this.options = options;
        this.broadcast = context.value().totalParameters() > options.broadcastAbove();
    }

    @Override
    public SweepAggregate sums(int epoch, int batch, long step, double[][] params) {
        String caller = jsc.getLocalProperty(JOB_DESCRIPTION);
        jsc.setLocalProperty(JOB_DESCRIPTION, stepDescription(step, epoch, batch));
        try {
            return aggregate(jsc, train, context, params, broadcast, epoch, batch, step, options.treeDepth());
        } finally {
            jsc.setLocalProperty(JOB_DESCRIPTION, caller);
        }
    }

    @Override
    public SweepAggregate validation(double[][] params) {
        if (validation == null) {
            throw new IllegalStateException("early stopping needs validation pieces; this objective has none");
        }
        String caller = jsc.getLocalProperty(JOB_DESCRIPTION);
        jsc.setLocalProperty(JOB_DESCRIPTION, "poglm validation");
        try {
            return sum(jsc, validation, context, params, broadcast, options.treeDepth(), RddObjective::addValidation);
        } finally {
            jsc.setLocalProperty(JOB_DESCRIPTION, caller);
        }
    }

    /** Executor side: every configuration's validation ELBO on this block's pieces. */
    static SweepAggregate addValidation(SweepAggregate agg, PieceBlock block, SweepContext ctx, double[][] params) {
        if (block.size() == 0) {
            return agg;
        }
        agg.ensure(ctx.sizes);
        ExecutorCache cache = ExecutorCache.get(ctx.runId);
        for (int i = 0; i < block.size(); i++) {
            PieceFeatures piece = PieceFeatures.of(block.piece(i), ctx.basis, ctx.padding);
            agg.countPiece();
            for (int c = 0; c < params.length; c++) {
                if (params[c] != null) {
                    agg.addElbo(c, cache.estimator(ctx, c), params[c], piece, ctx.seeds[c], CounterRng.VALIDATION_STEP);
                }
            }
        }
        return agg;
    }

    /** The description of step {@code step}'s job (the Spark UI's job list shows it). */
    static String stepDescription(long step, int epoch, int batch) {
        return "poglm training step " + step + " (epoch " + (epoch + 1) + ", batch " + (batch + 1) + ")";
    }

    /** One step's sums: one Spark job. */
    static SweepAggregate aggregate(JavaSparkContext jsc, JavaRDD<PieceBlock> train, Broadcast<SweepContext> context,
                                    double[][] params, boolean broadcast, int epoch, int batch, long step, int depth) {
        return sum(jsc, train, context, params, broadcast, depth,
            (agg, block, ctx, p) -> addBatch(agg, block, ctx, p, epoch, batch, step));
    }

    /** What one block adds to a sum, on an executor. */
    interface BlockSum extends java.io.Serializable {
        SweepAggregate add(SweepAggregate agg, PieceBlock block, SweepContext ctx, double[][] params) throws Exception;
    }

    /**
     * One Spark job summing {@code blockSum} over {@code rdd} with the parameters shipped once: in the
     * closure, or in a broadcast destroyed afterwards.
     */
    static SweepAggregate sum(JavaSparkContext jsc, JavaRDD<PieceBlock> rdd, Broadcast<SweepContext> context,
                              double[][] params, boolean broadcast, int depth, BlockSum blockSum) {
        if (!broadcast) {
            return OrderedTreeAggregate.aggregate(rdd, SweepAggregate::new,
                (agg, block) -> blockSum.add(agg, block, context.value(), params), SweepAggregate::merge, depth);
        }
        Broadcast<double[][]> shipped = jsc.broadcast(params);
        try {
            return OrderedTreeAggregate.aggregate(rdd, SweepAggregate::new,
                (agg, block) -> blockSum.add(agg, block, context.value(), shipped.value()), SweepAggregate::merge, depth);
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
                if (params[c] != null) {
                    agg.add(c, cache.estimator(ctx, c), params[c], piece, ctx.seeds[c], step);
                }
            }
        }
        return agg;
    }
}
