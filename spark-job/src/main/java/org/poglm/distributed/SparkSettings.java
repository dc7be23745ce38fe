package org.poglm.distributed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;

/**
 * The Spark settings this job runs with, in one place: the job's entry point, the tests' session
 * and the benchmarks all take them from here.
 *
 * <ul>
 * <li>Kryo, with every class that crosses the wire registered by {@link PoglmKryoRegistrator};
 * {@code registrationRequired} turns a forgotten registration into an error instead of a slow
 * fallback that writes the full class name into every record.</li>
 * <li>No console progress bar: the job prints its own progress (epoch, ELBO), which the bar would
 * interleave with.</li>
 * </ul>
 *
 * <p>They are defaults, applied by {@link #fillIn} only where the configuration has no value yet:
 * settings in code override {@code spark-submit} flags and {@code conf/spark-defaults.conf}, so a
 * job that {@code set} them would silently ignore what the user asked for. Master, memory and cores
 * are not here at all: they belong to whoever launches the job.
 *
 * <p>{@code conf/spark-defaults.conf} repeats these keys, because {@code spark-submit} reads a
 * file, not this class, and users read the file to see what the job runs with. The file is not
 * generated from this class: it is also where users put their own settings and comments, which a
 * build step writing it would overwrite. Instead {@code SparkSettingsTest} fails when the file and
 * this class disagree on any key both set, so the two copies cannot drift apart. The file's JVM
 * options ({@code spark.driver.extraJavaOptions}: the vector module, Kryo's {@code --add-opens})
 * are not here: the driver's must be on its command line before the JVM starts, where no code of
 * the job can add them.
 */
public final class SparkSettings {
    /** The job's settings, key to value, in the order of {@code conf/spark-defaults.conf}. */
    public static final Map<String, String> JOB_DEFAULTS = jobDefaults();

    private SparkSettings() {
    }

    private static Map<String, String> jobDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        m.put("spark.kryo.registrator", PoglmKryoRegistrator.class.getName());
        m.put("spark.kryo.registrationRequired", "true");
        m.put("spark.ui.showConsoleProgress", "false");
        return Collections.unmodifiableMap(m);
    }

    /**
     * Sets each of {@link #JOB_DEFAULTS} that {@code conf} does not hold yet (from
     * {@code spark-submit}, a properties file, {@code spark.*} system properties or the caller)
     * and returns {@code conf}.
     */
    public static SparkConf fillIn(SparkConf conf) {
        JOB_DEFAULTS.forEach(conf::setIfMissing);
        return conf;
    }
}
