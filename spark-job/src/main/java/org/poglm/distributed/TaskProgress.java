package org.poglm.distributed;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Watches the Spark jobs that one piece of driver code starts and reports their progress: tasks
 * finished of tasks submitted so far and, optionally, the value of a named {@link LongAccumulator}
 * the tasks add to (e.g. pieces scored), including the partial counts of running tasks that
 * executors send with their heartbeats ({@code spark.executor.heartbeatInterval}), so that a
 * phase of few long tasks still moves.
 *
 * <p>The jobs are recognised by a local property set on the calling thread while the work runs;
 * the listener is registered before and removed after. Callbacks come on Spark's listener thread,
 * after the fact: the caller prints its own closing line.
 */
public final class TaskProgress extends SparkListener {
    /** Local property marking the jobs being watched. */
    static final String PROPERTY = "poglm.progress";

    /** Receives the progress, on Spark's listener thread. */
    public interface Callback {
        /**
         * @param tasksDone  tasks finished successfully
         * @param tasksTotal tasks of the stages submitted so far (grows as the work submits more)
         * @param counted    the accumulator's count over finished and running tasks (0 without one)
         */
        void progress(long tasksDone, long tasksTotal, long counted);
    }

    private final String tag = UUID.randomUUID().toString();
    private final long accumulatorId;
    private final Callback callback;
    private final Set<Integer> stages = new HashSet<>();
    /** Latest count per task: final for finished tasks, from heartbeats for running ones. */
    private final Map<Long, Long> counts = new HashMap<>();
    /** Tasks that ended: a heartbeat sent before the end but delivered after it must not count. */
    private final Set<Long> ended = new HashSet<>();
    private long tasksTotal;
    private long tasksDone;

    TaskProgress(LongAccumulator counter, Callback callback) {
        this.accumulatorId = counter == null ? -1 : counter.id();
        this.callback = callback;
    }

    /**
     * Runs {@code work} on this thread, reporting the progress of the Spark jobs it starts to
     * {@code callback}; {@code counter} (named, or null) is the accumulator the tasks count into.
     */
    public static <T> T watch(SparkContext sc, LongAccumulator counter, Callback callback, Supplier<T> work) {
        TaskProgress listener = new TaskProgress(counter, callback);
        String previous = sc.getLocalProperty(PROPERTY);
        sc.setLocalProperty(PROPERTY, listener.tag);
        sc.addSparkListener(listener);
        try {
            return work.get();
        } finally {
            sc.removeSparkListener(listener);
            sc.setLocalProperty(PROPERTY, previous);
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        Properties p = event.properties();
        stageSubmitted(p == null ? null : p.getProperty(PROPERTY), event.stageInfo().stageId(),
            event.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        taskEnded(event.stageId(), event.taskInfo().taskId(), event.taskInfo().successful(),
            count(CollectionConverters.asJava(event.taskInfo().accumulables())));
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
        if (accumulatorId < 0) {
            return;
        }
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> u
            : CollectionConverters.asJava(event.accumUpdates())) {
            Long c = count(CollectionConverters.asJava(u._4()));
            if (c != null) {
                heartbeat((Integer) u._2(), (Long) u._1(), c);
            }
        }
    }

    // The listener's logic on plain values (the tests drive it directly).

    synchronized void stageSubmitted(String tagOfJob, int stage, int tasks) {
        if (!tag.equals(tagOfJob)) {
            return;
        }
        stages.add(stage);
        tasksTotal += tasks;
        report();
    }

    synchronized void taskEnded(int stage, long task, boolean successful, Long count) {
        if (!stages.contains(stage)) {
            return;
        }
        ended.add(task);
        if (successful) {
            tasksDone++;
            counts.put(task, count == null ? 0L : count);
        } else {
            counts.remove(task);      // its retry counts again from zero
        }
        report();
    }

    synchronized void heartbeat(int stage, long task, long count) {
        if (stages.contains(stage) && !ended.contains(task)) {
            counts.put(task, count);
            report();
        }
    }

    String tag() {
        return tag;
    }

    /** The task's value of the watched accumulator among {@code infos}, or null. */
    private Long count(Iterable<AccumulableInfo> infos) {
        for (AccumulableInfo info : infos) {
            if (info.id() == accumulatorId && info.update().isDefined()
                && info.update().get() instanceof Number n) {
                return n.longValue();
            }
        }
        return null;
    }

    private void report() {
        long counted = 0;
        for (long c : counts.values()) {
            counted += c;
        }
        callback.progress(tasksDone, tasksTotal, counted);
    }
}
