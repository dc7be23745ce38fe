package org.poglm.distributed;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM: {@code local[2,4]} (two threads; a failed task is retried up
 * to four times, so retry tests need no other context), with the job's {@link SparkSettings} (Kryo
 * with registration required), as in production. Classes that need another master swap it and hand it back with {@link #reset}.
 */
public final class SparkTestSession {
    public static final String MASTER = "local[2,4]";
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        return get(MASTER);
    }

    public static synchronized SparkSession get(String master) {
        if (session != null && !session.sparkContext().isStopped() && session.sparkContext().master().equals(master)) {
            return session;
        }
        if (session != null) {
            session.stop();
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("poglm-tests")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.sql.shuffle.partitions", "2");
        session = SparkSession.builder().config(SparkSettings.fillIn(conf)).getOrCreate();
        return session;
    }

    public static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(get().sparkContext());
    }

    /** Back to the shared master after a test that needed another. */
    public static synchronized void reset() {
        get(MASTER);
    }
}
