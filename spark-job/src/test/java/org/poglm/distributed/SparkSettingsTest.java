package org.poglm.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkSettings} against its copy in {@code conf/spark-defaults.conf} (which spark-submit
 * reads), and the fill-in rule that lets spark-submit flags and that file win.
 */
class SparkSettingsTest {

    @Test
    void theDefaultsFileAgreesWithTheClassOnEveryKeyBothSet() throws IOException {
        Properties file = defaultsFile();
        List<String> shared = new ArrayList<>();
        for (var e : SparkSettings.JOB_DEFAULTS.entrySet()) {
            String inFile = file.getProperty(e.getKey());
            if (inFile != null) {
                // Spark trims the values of a properties file (Utils.getPropertiesFromFile).
                assertEquals(e.getValue(), inFile.trim(), "conf/spark-defaults.conf sets " + e.getKey()
                    + " differently from SparkSettings; change one to match the other");
                shared.add(e.getKey());
            }
        }
        // Guards the check itself: a renamed or unreadable file would otherwise share no key and pass.
        assertFalse(shared.isEmpty(), "no key in common: is " + defaultsPath() + " the job's defaults file?");
    }

    @Test
    void fillsInOnlyWhatIsMissing() {
        SparkConf conf = new SparkConf(false).set("spark.kryo.registrationRequired", "false");
        SparkSettings.fillIn(conf);
        assertEquals("false", conf.get("spark.kryo.registrationRequired"), "a user's setting wins");
        assertEquals(PoglmKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
        assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
        assertEquals("false", conf.get("spark.ui.showConsoleProgress"));
        assertFalse(conf.contains("spark.master"), "the master belongs to whoever launches the job");
    }

    private static Properties defaultsFile() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(defaultsPath(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** Walks up from the working directory (surefire runs in spark-job/) to conf/spark-defaults.conf. */
    private static Path defaultsPath() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path f = d.resolve("conf/spark-defaults.conf");
            if (Files.isRegularFile(f) && Files.isDirectory(d.resolve("spark-job"))) {
                assertTrue(Files.isReadable(f), f + " is not readable");
                return f;
            }
        }
        return fail("no conf/spark-defaults.conf in a folder holding spark-job/ above " + dir);
    }
}
