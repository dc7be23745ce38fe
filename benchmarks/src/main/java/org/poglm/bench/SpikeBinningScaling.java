package org.poglm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.poglm.data.Piece;
import org.poglm.distributed.SparkSettings;
import org.poglm.ingest.BinnedRecording;
import org.poglm.ingest.Binner;
import org.poglm.ingest.BinningOptions;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.ingest.SpikeTableReader;
import org.poglm.ingest.spark.DistributedRecording;
import org.poglm.ingest.spark.SparkSpikeBinner;

/**
 * A measurement by hand, not a test: bins a generated Parquet spike table with
 * {@link SparkSpikeBinner} (and, with {@code local}, with the local reader and Binner), printing
 * wall time and the JVM's sampled peak heap use. In {@code local[N]} the executors run in the
 * driver's JVM, so the heap figure covers both. The table (200 units, uniform times over 1000 s)
 * is written at the path first if nothing is there. {@code -Dmaster=...} picks another master
 * (default {@code local[2]}), {@code -Djobs=true} prints each Spark job and its duration.
 *
 * <pre>
 * mvn -B -ntp package -DskipTests
 * java -Xmx1g --add-modules=jdk.incubator.vector [add-opens of conf/spark-defaults.conf] \
 *     -cp benchmarks/target/benchmarks.jar:$(cat spark-job/target/spark-classpath.txt) \
 *     org.poglm.bench.SpikeBinningScaling /tmp/spikes.parquet 10000000 spark|local
 * </pre>
 */
public final class SpikeBinningScaling {
    private SpikeBinningScaling() {
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        long spikes = Long.parseLong(args[1]);
        String mode = args.length > 2 ? args[2] : "spark";
        SparkConf conf = new SparkConf().setMaster(System.getProperty("master", "local[2]")).setAppName("scaling")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1");
        SparkSession spark = SparkSession.builder().config(SparkSettings.fillIn(conf)).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        if (Boolean.getBoolean("jobs")) {
            spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                private final java.util.Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
                    started.put(e.jobId(), e.time());
                    System.out.printf("job %d starts: %s%n", e.jobId(),
                        e.properties().getProperty("callSite.short", ""));
                }

                @Override
                public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
                    System.out.printf("job %d took %d ms%n", e.jobId(), e.time() - started.getOrDefault(e.jobId(), 0L));
                }
            });
        }
        if (!Files.exists(Path.of(path))) {
            // 200 units at 50 Hz over 1000 s (spikes / 200 per unit), uniform times, 12 part files.
            long t0 = System.nanoTime();
            spark.range(spikes).selectExpr("cast(id % 200 as int) as unit", "rand(7) * 1000.0 as time")
                .repartition(12).write().parquet(path);
            System.out.printf("generated %d spikes in %.1f s%n", spikes, (System.nanoTime() - t0) / 1e9);
        }
        BinningOptions binning = BinningOptions.defaults(); // 10 ms bins, pieces of 100 bins
        PeakHeap peak = PeakHeap.begin();
        long t0 = System.nanoTime();
        if (mode.equals("local")) {
            BinnedRecording r = Binner.bin(new SpikeTableReader(spark.sparkContext().hadoopConfiguration())
                .read(path, SpikeTableOptions.defaults()), binning);
            long pieces = r.recording().cut(binning.pieceBins(), 5).size();
            System.out.printf("local: %d pieces, %d units, %d spikes in the window%n", pieces, r.units().size(),
                r.totalSpikes());
        } else {
            DistributedRecording d = SparkSpikeBinner.bin(spark, path, SpikeTableOptions.defaults(), binning, 5);
            double metadata = (System.nanoTime() - t0) / 1e9;
            JavaRDD<Piece> pieces = d.pieces().persist(StorageLevel.MEMORY_ONLY());
            long total = pieces.map(Piece::spikeCount).reduce(Long::sum);
            System.out.printf("spark: %d pieces, %d units, %d spikes in the window (metadata after %.1f s)%n",
                d.pieceCount(), d.visible(), total, metadata);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %.1f s, peak heap used %.0f MiB (max %.0f MiB)%n", mode, seconds,
            peak.finish() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        spark.stop();
    }

    /** Samples the heap in use every 5 ms. */
    static final class PeakHeap extends Thread {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;

        static PeakHeap begin() {
            PeakHeap p = new PeakHeap();
            p.setDaemon(true);
            p.start();
            return p;
        }

        @Override
        public void run() {
            MemoryMXBean m = ManagementFactory.getMemoryMXBean();
            while (running) {
                peak.accumulateAndGet(m.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() {
            running = false;
            return peak.get();
        }
    }
}
