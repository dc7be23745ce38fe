package org.poglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster form end to end: a Spark standalone master and two one-core workers on 127.0.0.1,
 * started from the Spark jars of the Maven build (no Spark distribution), and
 * {@code submit/poglm-submit --master spark://...} running the demo against them in client mode.
 * Everything the test starts is stopped by PID afterwards, also when it fails or times out.
 */
class StandaloneClusterIT {
    private static final Duration WHOLE_TEST = Duration.ofMinutes(4);
    private static final long READY_SECONDS = 90;
    private static final long SUBMIT_SECONDS = 180;
    private static final int DEMO_CONFIGURATIONS = 19;
    private static final Pattern SPARK_MASTER = Pattern.compile("\"spark\"\\s*:\\s*\\{[^{}]*?\"master\"\\s*:\\s*\"([^\"]*)\"");

    /** Master and workers, in start order; read by {@link #stopCluster} even after a timeout. */
    private static final List<Process> STARTED = new ArrayList<>();
    private static final Map<String, Double> PHASES = new LinkedHashMap<>();

    @TempDir
    static Path tmp;

    @Test
    void demoRunsOnATwoWorkerStandaloneCluster() {
        assertTimeoutPreemptively(WHOLE_TEST, this::runDemoOnCluster,
            () -> "the cluster test took longer than " + WHOLE_TEST + "; phases so far: " + PHASES);
    }

    private void runDemoOnCluster() throws Exception {
        Repo repo = Repo.find();
        long t = System.nanoTime();
        String cp = repo.sparkClasspath();
        Path sparkHome = sparkHome(cp);
        t = phase("spark home", t);

        int masterPort = freePort();
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path masterLog = logs.resolve("master.log");
        start(List.of(Repo.java(), "-cp", cp, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
            "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())), sparkHome, masterLog);
        for (int i = 1; i <= 2; i++) {
            Path workDir = Files.createDirectories(tmp.resolve("worker" + i));
            start(List.of(Repo.java(), "-cp", cp, "org.apache.spark.deploy.worker.Worker",
                "spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                "--webui-port", String.valueOf(freePort()), "--work-dir", workDir.toString()),
                sparkHome, logs.resolve("worker" + i + ".log"));
        }
        awaitWorkers(masterLog, 2);
        t = phase("master and 2 workers ready", t);

        Path out = tmp.resolve("out");
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", null);                // the Maven-classpath launcher, not a distribution
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        long jarTime = Files.getLastModifiedTime(repo.jar).toMillis();
        Repo.Run run = Repo.run(List.of(repo.script("poglm-submit").toString(),
            "--master", "spark://127.0.0.1:" + masterPort, "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.ui.enabled=false", "demo", "--out", out.toString()),
            tmp, env, logs, "submit", SUBMIT_SECONDS);
        t = phase("poglm-submit demo", t);

        assertEquals(0, run.exitCode(), () -> "poglm-submit failed: " + run.describe() + "\n--- master log\n"
            + read(masterLog));
        assertEquals(jarTime, Files.getLastModifiedTime(repo.jar).toMillis(), "the script rebuilt a fresh jar");
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")), "no _SUCCESS in " + out);
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank()).toList();
        assertTrue(summary.get(0).startsWith("config_id,"), "summary.csv header: " + summary.get(0));
        assertEquals(DEMO_CONFIGURATIONS + 1, summary.size(), "summary.csv: a header and one row per configuration");
        Matcher m = SPARK_MASTER.matcher(read(out.resolve("provenance.json")));
        assertTrue(m.find(), "provenance.json has no spark.master");
        assertTrue(m.group(1).startsWith("spark://"), "provenance spark.master: " + m.group(1));
        assertTrue(read(masterLog).contains("Registered app"), "the master never saw the application");
        phase("checks", t);
    }

    @AfterAll
    static void stopCluster() {
        long t = System.nanoTime();
        List<ProcessHandle> handled;
        synchronized (STARTED) {
            handled = Processes.stop(STARTED.stream().map(Process::toHandle).toList());
        }
        phase("stop cluster", t);
        System.out.println("StandaloneClusterIT phases (s): " + PHASES);
        for (ProcessHandle h : handled) {
            assertFalse(h.isAlive(), "process " + h.pid() + " (" + h.info().command().orElse("?") + ") still runs");
        }
        removeJarLinks();
    }

    /** The links only (not the jars they point to), before JUnit's clean-up warns about each one. */
    private static void removeJarLinks() {
        Path jars = tmp.resolve("spark-home/jars");
        if (!Files.isDirectory(jars)) {
            return;
        }
        try (Stream<Path> links = Files.list(jars)) {
            for (Path link : links.toList()) {
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SPARK_HOME whose jars/ links to the build's Spark jars: what workers need to start executors. */
    private static Path sparkHome(String cp) throws IOException {
        Path jars = Files.createDirectories(tmp.resolve("spark-home/jars"));
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path jar = Paths.get(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
                try {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
                } catch (FileAlreadyExistsException e) {
                    // Same file name twice on the class path: the first wins, as on the class path.
                }
            }
        }
        return jars.getParent();
    }

    private static void start(List<String> command, Path sparkHome, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        synchronized (STARTED) {
            STARTED.add(pb.start());
        }
    }

    /** Waits until the master log shows {@code n} "Registering worker" lines; fails early if a process died. */
    private static void awaitWorkers(Path masterLog, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String log = read(masterLog);
            if (count(log, "Registering worker") >= n) {
                return;
            }
            synchronized (STARTED) {
                for (Process p : STARTED) {
                    if (!p.isAlive()) {
                        fail("a cluster process exited with " + p.exitValue() + " before the cluster was ready: "
                            + p.info().commandLine().orElse("?") + "\n--- master log\n" + log);
                    }
                }
            }
            Thread.sleep(250);
        }
        fail(n + " workers did not register within " + READY_SECONDS + " s\n--- master log\n" + read(masterLog));
    }

    private static int count(String s, String what) {
        int c = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            c++;
        }
        return c;
    }

    /** A port free right now on 127.0.0.1 (the OS picks it; released before Spark binds it). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long phase(String name, long since) {
        long now = System.nanoTime();
        double s = Math.round((now - since) / 1e7) / 100.0;
        synchronized (PHASES) {
            PHASES.put(name, s);
        }
        System.out.printf("StandaloneClusterIT: %-28s %6.2f s%n", name, s);
        return now;
    }
}
