package org.poglm.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.ElboAggregate;
import org.poglm.train.TrainingState;
import org.poglm.train.TrainingLoop;
import org.poglm.train.SweepAggregate;

/**
 * The tree aggregation with shuffle levels (from 7 partitions at depth 2): the levels really run
 * (stages and their task counts, seen by a listener), partial results meet along the binary tree of
 * partition indices at every depth, and one step's per-configuration sums equal the single-JVM fold
 * (1e-12 relative) and are bit-identical across depths, runs and the closure and broadcast paths.
 */
class OrderedTreeAggregateTest {
    static final int PIECES = 40;

    /** Stage task counts of the one job per (partitions, depth), as the grouping rule gives them. */
    static final Map<String, List<Integer>> STAGES = Map.of(
        "8/1", List.of(8), "8/2", List.of(8, 2), "8/3", List.of(8, 4),
        "13/1", List.of(13), "13/2", List.of(13, 4), "13/3", List.of(13, 4),
        "32/1", List.of(32), "32/2", List.of(32, 4), "32/3", List.of(32, 8, 2));

    /** The binary tree over indices [0, n): leaves are indices, inner nodes "(left right)". */
    static String binaryTree(int lo, int size, int n) {
        if (lo >= n) {
            return null;
        }
        if (size == 1) {
            return Integer.toString(lo);
        }
        String left = binaryTree(lo, size / 2, n);
        String right = binaryTree(lo + size / 2, size / 2, n);
        return right == null ? left : "(" + left + " " + right + ")";
    }

    @Test
    void partialResultsMeetAlongTheBinaryTreeOfPartitionIndicesAtEveryDepth() {
        JavaSparkContext jsc = SparkTestSession.jsc();
        for (int n : new int[] {13, 32}) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(i);
            }
            JavaRDD<Integer> rdd = jsc.parallelize(ids, n);
            int size = Integer.highestOneBit(n - 1) << 1;
            String expected = binaryTree(0, size, n);
            for (int depth = 1; depth <= 3; depth++) {
                try (JobRecorder jobs = JobRecorder.attach(jsc)) {
                    String tree = OrderedTreeAggregate.aggregate(rdd, () -> "",
                        (acc, x) -> acc.isEmpty() ? x.toString() : acc + "," + x, (a, b) -> "(" + a + " " + b + ")",
                        depth);
                    assertEquals(expected, tree, n + " partitions, depth " + depth);
                    assertEquals(1, jobs.jobs().size(), "one Spark job");
                    assertEquals(STAGES.get(n + "/" + depth), jobs.jobs().get(0).stageTasks(),
                        n + " partitions, depth " + depth + ": stages and their tasks");
                }
            }
        }
    }

    @Test
    void stepSumsOverManyPartitionsEqualTheSingleJvmFoldBitIdenticallyAtEveryDepth() {
        Sweep sweep = SweepFixtures.small(1, 24);
        JavaSparkContext jsc = SparkTestSession.jsc();
        SweepContext ctx = new SweepContext("test-tree", sweep, 3, PIECES);
        Broadcast<SweepContext> b = jsc.broadcast(ctx);
        int epoch = 3;
        int batch = 1;
        long step = ctx.schedule().step(epoch, batch);
        double[][] params = new double[sweep.size()][];
        List<ElboAggregate> folds = new ArrayList<>();
        List<Integer> members = ctx.schedule().batch(epoch, batch);
        for (SweepConfig c : sweep.configs()) {
            params[c.index()] = new TrainingState(c.id(), ctx.spec(c.index()), c.training(sweep)).params();
            ElboEstimator est = new ElboEstimator(ctx.spec(c.index()), c.samples(), c.baseline());
            ElboAggregate fold = new ElboAggregate(params[c.index()].length);
            for (int i : members) {
                fold.add(est, params[c.index()], PieceFeatures.of(SyntheticGenerator.piece(SweepFixtures.TRUTH, i),
                    sweep.basis(), sweep.padding()), c.seed(), step);
            }
            folds.add(fold);
        }
        for (int n : new int[] {8, 13, 32}) {
            JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), n);
            for (int run = 0; run < 4; run++) {
                int depth = run == 3 ? 3 : run + 1;
                boolean broadcast = run == 3;
                String what = n + " partitions, depth " + depth + (broadcast ? ", broadcast" : "");
                SweepAggregate sum;
                try (JobRecorder jobs = JobRecorder.attach(jsc)) {
                    sum = RddObjective.aggregate(jsc, blocks, b, params, broadcast, epoch, batch, step, depth);
                    assertEquals(1, jobs.jobs().size(), what + ": one Spark job");
                    assertEquals(STAGES.get(n + "/" + depth), jobs.jobs().get(0).stageTasks(), what + ": stages");
                }
                assertEquals(members.size(), sum.pieces(), what + ": pieces");
                for (SweepConfig c : sweep.configs()) {
                    ElboAggregate fold = folds.get(c.index());
                    ElboAggregate dist = sum.part(c.index());
                    assertEquals(fold.elboSum(), dist.elboSum(), 0.0, what + " " + c.id() + ": ELBO bit-identical");
                    assertArrayEquals(fold.gradientSum(), dist.gradientSum(), 0.0,
                        what + " " + c.id() + ": gradient bit-identical");
                }
            }
            blocks.unpersist();
        }
        b.destroy();
    }

    @Test
    void trainingIsBitIdenticalAtTreeDepths1And3() {
        Sweep sweep = SweepFixtures.small(1, 20);
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 32);
        Broadcast<SweepContext> b = jsc.broadcast(new SweepContext("test-tree-train", sweep, 3, PIECES));
        try {
            TrainingLoop.Result flat = SweepTrainer.train(jsc, blocks, sweep, b,
                new RddObjective.Options(1, RddObjective.DEFAULT_BROADCAST_ABOVE), null);
            TrainingLoop.Result deep;
            try (JobRecorder jobs = JobRecorder.attach(jsc)) {
                deep = SweepTrainer.train(jsc, blocks, sweep, b,
                    new RddObjective.Options(3, RddObjective.DEFAULT_BROADCAST_ABOVE), null);
                assertEquals(deep.steps(), jobs.jobs().size(), "one job per step");
                for (JobRecorder.Job job : jobs.jobs()) {
                    assertEquals(STAGES.get("32/3"), job.stageTasks(), "two shuffle levels in every step");
                }
            }
            for (SweepConfig c : sweep.configs()) {
                assertArrayEquals(flat.states().get(c.index()).params(), deep.states().get(c.index()).params(), 0.0,
                    c.id() + ": parameters bit-identical at depths 1 and 3");
            }
        } finally {
            b.destroy();
            blocks.unpersist();
        }
    }
}
