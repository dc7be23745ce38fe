package org.poglm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.poglm.sweep.Sweep;

/**
 * One Spark job per training step for the whole sweep (counted by a listener), and a task that
 * fails once and is retried gives exactly the result of a run without the failure.
 */
class StepJobsAndRetryTest {
    static final int PIECES = 20;

    /** Counts jobs and failed tasks. */
    static final class Counter extends SparkListener {
        final AtomicInteger jobs = new AtomicInteger();
        final AtomicInteger failedTasks = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            jobs.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            if (!e.taskInfo().successful()) {
                failedTasks.incrementAndGet();
            }
        }
    }

    /** A block whose first attempt of one task, in one step, throws (the executor "dies"). */
    static final class FailingOnce extends PieceBlock {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static volatile int failAtEpoch = -1;
        static volatile int failAtBatch = -1;

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

        static org.poglm.data.Piece[] pieces(PieceBlock b) {
            org.poglm.data.Piece[] x = new org.poglm.data.Piece[b.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = b.piece(i);
            }
            return x;
        }

        @Override
        public synchronized int[] batch(org.poglm.train.BatchSchedule schedule, int epoch, int batch) {
            if (epoch == failAtEpoch && batch == failAtBatch && TaskContext.get() != null
                && TaskContext.get().attemptNumber() == 0 && ARMED.compareAndSet(true, false)) {
                throw new IllegalStateException("injected executor failure");
            }
            return super.batch(schedule, epoch, batch);
        }
    }

    static SweepTrainer.Result train(JavaSparkContext jsc, JavaRDD<PieceBlock> blocks, Sweep sweep, String run) {
        Broadcast<SweepContext> b = jsc.broadcast(new SweepContext(run, sweep, 3, PIECES));
        try {
            return SweepTrainer.train(jsc, blocks, sweep, b, SweepTrainer.Options.defaults(), null);
        } finally {
            b.destroy();
        }
    }

    @Test
    void oneJobPerStepForTheWholeSweep() throws Exception {
        Sweep sweep = SweepFixtures.mixed(2, 4);
        assertTrue(sweep.size() >= 10, "a sweep of many configurations");
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 3);
        Counter counter = new Counter();
        jsc.sc().addSparkListener(counter);
        try {
            SweepTrainer.Result r = train(jsc, blocks, sweep, "jobs");
            jsc.sc().listenerBus().waitUntilEmpty();
            assertEquals(2 * 5, r.steps());
            assertEquals(r.steps(), counter.jobs.get(), "Spark jobs during training = steps");
        } finally {
            jsc.sc().removeSparkListener(counter);
            blocks.unpersist();
        }
    }

    @Test
    void aRetriedTaskGivesTheSameResult() throws Exception {
        Sweep sweep = SweepFixtures.mixed(2, 4);
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> clean = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 3);
        SweepTrainer.Result expected = train(jsc, clean, sweep, "retry-clean");
        JavaRDD<PieceBlock> failing = clean.map(FailingOnce::new);
        failing.cache().count();
        FailingOnce.failAtEpoch = 1;
        FailingOnce.failAtBatch = 2;
        FailingOnce.ARMED.set(true);
        Counter counter = new Counter();
        jsc.sc().addSparkListener(counter);
        try {
            SweepTrainer.Result actual = train(jsc, failing.map(b -> (PieceBlock) b), sweep, "retry-failing");
            jsc.sc().listenerBus().waitUntilEmpty();
            assertEquals(1, counter.failedTasks.get(), "exactly one task failed and was retried");
            for (int c = 0; c < sweep.size(); c++) {
                assertArrayEquals(expected.states().get(c).params(), actual.states().get(c).params(), 0.0,
                    sweep.configs().get(c).id() + ": bit-identical after the retry");
            }
        } finally {
            jsc.sc().removeSparkListener(counter);
            FailingOnce.ARMED.set(false);
            clean.unpersist();
            failing.unpersist();
        }
    }
}
