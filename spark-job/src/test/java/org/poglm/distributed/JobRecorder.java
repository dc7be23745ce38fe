package org.poglm.distributed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

import scala.jdk.javaapi.CollectionConverters;

/**
 * A listener for the Spark tests: every job started while attached (its description and the task
 * count of each of its stages) and the number of failed tasks. Close it to detach.
 */
final class JobRecorder extends SparkListener implements AutoCloseable {
    /** One job: its description ({@code spark.job.description}, or null) and its stages' task counts, largest first. */
    record Job(int id, String description, List<Integer> stageTasks) {
    }

    private final JavaSparkContext jsc;
    private final List<Job> jobs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failedTasks = new AtomicInteger();

    private JobRecorder(JavaSparkContext jsc) {
        this.jsc = jsc;
    }

    static JobRecorder attach(JavaSparkContext jsc) {
        JobRecorder r = new JobRecorder(jsc);
        jsc.sc().addSparkListener(r);
        return r;
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        List<Integer> tasks = new ArrayList<>();
        for (StageInfo s : CollectionConverters.asJava(e.stageInfos())) {
            tasks.add(s.numTasks());
        }
        tasks.sort(Collections.reverseOrder());
        String description = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        jobs.add(new Job(e.jobId(), description, List.copyOf(tasks)));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) {
            failedTasks.incrementAndGet();
        }
    }

    /** The jobs so far, once every event posted has been delivered. */
    List<Job> jobs() {
        drain();
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
    }

    int failedTasks() {
        drain();
        return failedTasks.get();
    }

    /** Forgets what was recorded. */
    void clear() {
        drain();
        jobs.clear();
        failedTasks.set(0);
    }

    private void drain() {
        try {
            jsc.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark listener events not delivered", e);
        }
    }

    @Override
    public void close() {
        jsc.sc().removeSparkListener(this);
    }
}
