package org.poglm.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository as the integration tests see it (the submit scripts, the packaged jar, the Spark
 * classpath the build wrote) and a way to run a script with a time limit. The tests depend on
 * nothing outside the repository and the Maven build.
 */
final class Repo {
    final Path root;
    final Path jar;
    final Path sparkClasspathFile;

    private Repo(Path root) {
        this.root = root;
        this.jar = root.resolve("spark-job/target/poglm-spark-job.jar");
        this.sparkClasspathFile = root.resolve("spark-job/target/spark-classpath.txt");
    }

    /** Walks up from the working directory (failsafe runs in spark-job/) to the folder holding submit/. */
    static Repo find() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("submit/poglm")) && Files.isDirectory(d.resolve("spark-job"))) {
                Repo repo = new Repo(d);
                assertTrue(Files.isRegularFile(repo.jar), "no packaged jar at " + repo.jar + " (run after package)");
                assertTrue(Files.isRegularFile(repo.sparkClasspathFile), "no " + repo.sparkClasspathFile);
                return repo;
            }
        }
        return fail("no repository root (a folder with submit/poglm) above " + dir);
    }

    Path script(String name) {
        return root.resolve("submit").resolve(name);
    }

    /** The Spark jars of the build, as a class path string. */
    String sparkClasspath() throws IOException {
        return Files.readString(sparkClasspathFile, StandardCharsets.UTF_8).trim();
    }

    /** The java launcher of the JVM running the tests. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A finished (or killed) script run: exit code, output files. */
    record Run(int exitCode, Path stdout, Path stderr, double seconds) {
        String out() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** Both streams, for assertion messages. */
        String describe() {
            try {
                return "exit " + exitCode + "\n--- stdout\n" + tail(out()) + "\n--- stderr\n" + tail(err());
            } catch (IOException e) {
                return "exit " + exitCode + " (output unreadable: " + e + ")";
            }
        }

        private static String tail(String s) {
            return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
        }
    }

    /**
     * Runs {@code command} in {@code workDir} with the environment changed by {@code env} (a null
     * value removes the variable), output to files in {@code logDir}. A run past {@code timeoutSeconds}
     * is killed and fails the test.
     */
    static Run run(List<String> command, Path workDir, Map<String, String> env, Path logDir, String name,
                   long timeoutSeconds) throws IOException, InterruptedException {
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();                // no input: a prompt would fail instead of hanging
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                Processes.stop(List.of(p.toHandle()));
                fail(name + " did not finish within " + timeoutSeconds + " s: " + command + "\n"
                    + new Run(-1, out, err, 0).describe());
            }
        } finally {
            if (p.isAlive()) {
                // Interrupted (a preemptive timeout): leave nothing running.
                Processes.stop(List.of(p.toHandle()));
            }
        }
        return new Run(p.exitValue(), out, err, (System.nanoTime() - t0) / 1e9);
    }
}
