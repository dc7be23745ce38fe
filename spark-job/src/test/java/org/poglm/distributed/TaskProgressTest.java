package org.poglm.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/** Progress of the Spark jobs of one piece of driver code, from a listener. */
class TaskProgressTest {
    /** Everything the callback received: {tasks done, tasks total, counted}. */
    static final class Seen implements TaskProgress.Callback {
        final List<long[]> calls = new ArrayList<>();

        @Override
        public synchronized void progress(long tasksDone, long tasksTotal, long counted) {
            calls.add(new long[] {tasksDone, tasksTotal, counted});
        }

        synchronized long[] last() {
            return calls.isEmpty() ? null : calls.get(calls.size() - 1);
        }

        /** Waits (listener events are delivered asynchronously) until {@code done} tasks are reported. */
        long[] await(long done) {
            long until = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < until) {
                long[] l = last();
                if (l != null && l[0] >= done) {
                    return l;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            throw new AssertionError("no report of " + done + " finished tasks; last " + java.util.Arrays.toString(last()));
        }
    }

    @Test
    void countsTheTasksAndTheAccumulatorOfTheWatchedJobsOnly() {
        JavaSparkContext jsc = SparkTestSession.jsc();
        SparkContext sc = jsc.sc();
        JavaRDD<Integer> rdd = jsc.parallelize(IntStream.range(0, 40).boxed().toList(), 4);
        LongAccumulator counter = sc.longAccumulator("test: items seen");
        Seen seen = new Seen();
        long[] atEnd = TaskProgress.watch(sc, counter, seen, () -> {
            rdd.foreach(x -> counter.add(1));
            rdd.map(x -> x * 2).reduce(Integer::sum);      // a second job of 4 tasks, counting nothing
            return seen.await(8);
        });
        assertEquals(8, atEnd[0], "tasks done");
        assertEquals(8, atEnd[1], "tasks of the stages submitted");
        assertEquals(40, atEnd[2], "counted by the tasks");
        assertNull(sc.getLocalProperty(TaskProgress.PROPERTY), "the marker is removed");

        // A job after the watch is not seen.
        int calls = seen.calls.size();
        rdd.count();
        assertEquals(calls, seen.calls.size());
    }

    @Test
    void heartbeatsCountRunningTasksAndRetriesStartAgain() {
        Seen seen = new Seen();
        TaskProgress p = new TaskProgress(null, seen);
        p.stageSubmitted("another run's jobs", 1, 10);
        assertNull(seen.last(), "stages of other jobs are ignored");
        p.stageSubmitted(p.tag(), 2, 3);
        p.heartbeat(2, 100, 5);
        p.heartbeat(2, 101, 7);
        assertEquals(List.of(0L, 3L, 12L), List.of(seen.last()[0], seen.last()[1], seen.last()[2]), "running tasks");
        p.taskEnded(2, 100, true, 9L);
        assertEquals(List.of(1L, 3L, 16L), List.of(seen.last()[0], seen.last()[1], seen.last()[2]));
        p.heartbeat(2, 100, 4);    // sent before the end, delivered after it
        p.taskEnded(2, 101, false, null);
        assertEquals(List.of(1L, 3L, 9L), List.of(seen.last()[0], seen.last()[1], seen.last()[2]),
            "a stale heartbeat does not undo a finished count; a failed task's partial count is dropped");
        p.heartbeat(2, 102, 2);    // the retry
        p.taskEnded(2, 102, true, 11L);
        p.taskEnded(2, 103, true, 10L);
        p.taskEnded(7, 104, true, 99L);    // a stage of another job
        assertEquals(List.of(3L, 3L, 30L), List.of(seen.last()[0], seen.last()[1], seen.last()[2]));
    }
}
