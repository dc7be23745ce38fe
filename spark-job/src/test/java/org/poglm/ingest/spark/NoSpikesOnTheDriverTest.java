package org.poglm.ingest.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.ingest.BinningOptions;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.distributed.SparkTestSession;

/**
 * Binning 10^5 spikes sends the driver only small task results: every task result while binning
 * and while building the pieces (summed on the executors) stays under 32 KiB, whereas collecting
 * the same spikes (the control) produces task results of hundreds of KiB. Task results are the
 * only way data reaches the driver from executors, so this bounds what the binner collects.
 */
class NoSpikesOnTheDriverTest {
    static final int SPIKES = 100_000;
    static final long BOUND = 32 * 1024;

    @TempDir
    Path dir;

    /** Largest task result (bytes sent to the driver) seen while it is registered. */
    static final class LargestResult extends SparkListener {
        final AtomicLong largest = new AtomicLong();
        final AtomicLong tasks = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                largest.accumulateAndGet(end.taskMetrics().resultSize(), Math::max);
                tasks.incrementAndGet();
            }
        }
    }

    static LargestResult measure(SparkSession spark, Runnable work) throws TimeoutException {
        LargestResult l = new LargestResult();
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        spark.sparkContext().addSparkListener(l);
        try {
            work.run();
            spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
        } finally {
            spark.sparkContext().removeSparkListener(l);
        }
        return l;
    }

    @Test
    void noTaskResultIsLargerThanASmallBound() throws TimeoutException {
        SparkSession spark = SparkTestSession.get();
        Path p = dir.resolve("spikes.parquet");
        // 50 units; times are a permutation of 0.0000 .. 9.9999 s, so no duplicates and 1000 bins of 10 ms.
        spark.range(SPIKES).selectExpr("cast(id % 50 as int) as unit", "(id * 7919 % 100000) * 1e-4 as time")
            .write().parquet(p.toString());

        LargestResult control = measure(spark, () -> spark.read().parquet(p.toString()).collectAsList());
        assertTrue(control.largest.get() > 10 * BOUND, "collecting the spikes shows in the task results: "
            + control.largest.get() + " bytes");

        long[] counts = new long[1];
        long[] total = new long[1];
        LargestResult binning = measure(spark, () -> {
            DistributedRecording d = SparkSpikeBinner.bin(spark, p.toString(), SpikeTableOptions.defaults(),
                BinningOptions.defaults(), 5);
            counts[0] = d.pieceCount();
            total[0] = d.pieces().map(x -> x.spikeCount()).reduce(Long::sum);
            assertArrayEquals(java.util.stream.LongStream.generate(() -> SPIKES / 50).limit(50).toArray(),
                d.spikeCounts());
        });
        assertEquals(10, counts[0]);
        assertEquals(SPIKES, total[0]);
        System.out.printf("largest task result: %d bytes over %d tasks while binning %d spikes; %d bytes when"
            + " collecting them%n", binning.largest.get(), binning.tasks.get(), SPIKES, control.largest.get());
        assertTrue(binning.tasks.get() > 0);
        assertTrue(binning.largest.get() < BOUND, "largest task result while binning: " + binning.largest.get()
            + " bytes");
    }
}
