package org.poglm.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.poglm.data.Piece;
import org.poglm.sweep.Sweep;
import org.poglm.train.BatchSchedule;
import org.poglm.train.TrainingLoop;

/**
 * Every training step runs exactly one Spark job for the whole sweep (jobs and their descriptions
 * recorded by a listener), with parameters in the closure or in a broadcast; and a task that fails
 * once, before or after it has summed part of its batch, is retried to exactly the result of a run
 * without the failure.
 */
class StepJobsAndRetryTest {
    static final int PIECES = 20;
    static final Sweep SWEEP = SweepFixtures.mixed(2, 4);

    private static JavaRDD<PieceBlock> cleanBlocks;
    private static TrainingLoop.Result cleanResult;

    /**
     * A block whose first attempt of one task, in one step, throws (the executor "dies"): before the
     * task reads any piece, or after it has summed the first piece of its batch (then only a task
     * with at least two pieces in that batch fails).
     */
    static final class FailingOnce extends PieceBlock {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static volatile int failAtEpoch = -1;
        static volatile int failAtBatch = -1;
        static volatile boolean afterFirstPiece;
        /** Pieces of its batch the failed attempt had summed, or -1 before a failure. */
        static final AtomicInteger SUMMED_BEFORE_FAILURE = new AtomicInteger(-1);
        /** In the attempt that is to fail: pieces it may still read. */
        private static final ThreadLocal<int[]> READS_LEFT = new ThreadLocal<>();

        FailingOnce(PieceBlock b) {
            super(indices(b), pieces(b));
        }

        static int[] indices(PieceBlock b) {
            int[] x = new int[b.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = b.index(i);
            }
            return x;
        }

        static Piece[] pieces(PieceBlock b) {
            Piece[] x = new Piece[b.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = b.piece(i);
            }
            return x;
        }

        @Override
        public synchronized int[] batch(BatchSchedule schedule, int epoch, int batch) {
            int[] members = super.batch(schedule, epoch, batch);
            if (epoch == failAtEpoch && batch == failAtBatch && TaskContext.get() != null
                && TaskContext.get().attemptNumber() == 0 && (!afterFirstPiece || members.length >= 2)
                && ARMED.compareAndSet(true, false)) {
                if (!afterFirstPiece) {
                    SUMMED_BEFORE_FAILURE.set(0);
                    throw new IllegalStateException("injected executor failure before the first piece");
                }
                // RddObjective.addBatch reads a piece, adds its sums for every configuration, then reads the next.
                READS_LEFT.set(new int[] {1});
            }
            return members;
        }

        @Override
        public Piece piece(int i) {
            int[] left = READS_LEFT.get();
            if (left != null) {
                if (left[0] == 0) {
                    READS_LEFT.remove();
                    SUMMED_BEFORE_FAILURE.set(1);
                    throw new IllegalStateException("injected executor failure after the first piece");
                }
                left[0]--;
            }
            return super.piece(i);
        }
    }

    static TrainingLoop.Result train(JavaSparkContext jsc, JavaRDD<PieceBlock> blocks, String run,
                                     RddObjective.Options options) {
        Broadcast<SweepContext> b = jsc.broadcast(new SweepContext(run, SWEEP, 3, PIECES));
        try {
            return SweepTrainer.train(jsc, blocks, SWEEP, b, options, null);
        } finally {
            b.destroy();
        }
    }

    static void assertBitIdentical(TrainingLoop.Result expected, TrainingLoop.Result actual, String what) {
        for (int c = 0; c < SWEEP.size(); c++) {
            assertArrayEquals(expected.states().get(c).params(), actual.states().get(c).params(), 0.0,
                SWEEP.configs().get(c).id() + ": " + what);
        }
    }

    /** The run without failure, on 3 partitions with the default options. */
    static synchronized TrainingLoop.Result clean(JavaSparkContext jsc) {
        if (cleanResult == null) {
            cleanBlocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 3);
            cleanResult = train(jsc, cleanBlocks, "retry-clean", RddObjective.Options.defaults());
        }
        return cleanResult;
    }

    @AfterAll
    static void release() {
        if (cleanBlocks != null) {
            cleanBlocks.unpersist();
        }
        cleanBlocks = null;
        cleanResult = null;
    }

    @Test
    void everyTrainingStepRunsExactlyOneSparkJob() {
        assertTrue(SWEEP.size() >= 10, "a sweep of many configurations");
        JavaSparkContext jsc = SparkTestSession.jsc();
        // 8 partitions: each step's job also has a shuffle level of the tree aggregation.
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 8);
        BatchSchedule schedule = new SweepContext("schedule", SWEEP, 3, PIECES).schedule();
        List<String> steps = new ArrayList<>();
        for (int epoch = 0; epoch < SWEEP.epochs(); epoch++) {
            for (int batch = 0; batch < schedule.batchesPerEpoch(); batch++) {
                steps.add(RddObjective.stepDescription(schedule.step(epoch, batch), epoch, batch));
            }
        }
        assertEquals(2 * 5, steps.size());
        List<TrainingLoop.Result> results = new ArrayList<>();
        try {
            for (boolean broadcast : new boolean[] {false, true}) {
                String path = broadcast ? "broadcast" : "closure";
                RddObjective.Options options = new RddObjective.Options(RddObjective.DEFAULT_TREE_DEPTH,
                    broadcast ? 0 : Long.MAX_VALUE);
                try (JobRecorder recorder = JobRecorder.attach(jsc)) {
                    TrainingLoop.Result r = train(jsc, blocks, "jobs-" + path, options);
                    List<JobRecorder.Job> jobs = new ArrayList<>(recorder.jobs());
                    jobs.sort(Comparator.comparingInt(JobRecorder.Job::id));
                    assertEquals(steps.size(), r.steps(), path);
                    assertEquals(steps, jobs.stream().map(JobRecorder.Job::description).toList(),
                        path + ": the Spark jobs during training, by step: exactly one each, nothing else");
                    for (JobRecorder.Job job : jobs) {
                        assertEquals(List.of(8, 2), job.stageTasks(), path + ": " + job.description());
                    }
                    results.add(r);
                }
                assertNull(jsc.getLocalProperty(RddObjective.JOB_DESCRIPTION), "the caller's job description is restored");
            }
            assertBitIdentical(results.get(0), results.get(1), "closure and broadcast give the same parameters");
        } finally {
            blocks.unpersist();
        }
    }

    @Test
    void aTaskFailingBeforeItsFirstPieceIsRetriedToTheSameResult() {
        retriedToTheSameResult(false);
    }

    @Test
    void aTaskFailingAfterSummingPartOfItsBatchIsRetriedToTheSameResult() {
        retriedToTheSameResult(true);
    }

    private void retriedToTheSameResult(boolean afterFirstPiece) {
        JavaSparkContext jsc = SparkTestSession.jsc();
        TrainingLoop.Result expected = clean(jsc);
        JavaRDD<PieceBlock> failing = cleanBlocks.map(FailingOnce::new);
        failing.cache().count();
        FailingOnce.failAtEpoch = 1;
        FailingOnce.failAtBatch = 2;
        FailingOnce.afterFirstPiece = afterFirstPiece;
        FailingOnce.SUMMED_BEFORE_FAILURE.set(-1);
        FailingOnce.ARMED.set(true);
        try (JobRecorder recorder = JobRecorder.attach(jsc)) {
            TrainingLoop.Result actual = train(jsc, failing.map(b -> (PieceBlock) b), "retry-failing",
                RddObjective.Options.defaults());
            assertEquals(1, recorder.failedTasks(), "exactly one task failed and was retried");
            assertEquals(afterFirstPiece ? 1 : 0, FailingOnce.SUMMED_BEFORE_FAILURE.get(),
                "pieces the failed attempt had summed");
            assertBitIdentical(expected, actual, "bit-identical after the retry");
        } finally {
            FailingOnce.ARMED.set(false);
            failing.unpersist();
        }
    }
}
