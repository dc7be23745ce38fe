package org.poglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit/poglm}, the README's local command, as a user runs it: on the freshly packaged jar
 * (which it must not rebuild), without a Spark installation, through the Spark jars of the build.
 */
class LocalScriptIT {
    private static final long RUN_SECONDS = 240;

    private static Repo repo;
    private static Map<String, String> env;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        repo = Repo.find();
        env = new HashMap<>();
        env.put("SPARK_HOME", null);    // a developer's installation must not change what is tested
    }

    @Test
    void demoWritesAFinishedResultWithoutRebuilding() throws Exception {
        FileTime jarTime = Files.getLastModifiedTime(repo.jar);
        Path out = tmp.resolve("demo");
        Repo.Run run = Repo.run(List.of(repo.script("poglm").toString(), "demo", "--out", out.toString()),
            tmp, env, tmp, "demo", RUN_SECONDS);
        System.out.printf("LocalScriptIT: submit/poglm demo took %.2f s end to end%n", run.seconds());

        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")), () -> "no _SUCCESS: " + run.describe());
        assertTrue(Files.isRegularFile(out.resolve("summary.csv")), "no summary.csv");
        assertEquals(jarTime, Files.getLastModifiedTime(repo.jar), "the script rebuilt a fresh jar");
        assertFalse(run.err().contains("building the job jar"), run::describe);
        assertTrue(run.out().contains("master local["), () -> "not run on local[*]: " + run.describe());
    }

    @Test
    void aMissingInputExitsWithTwoAndOneLineNamingIt() throws Exception {
        FileTime jarTime = Files.getLastModifiedTime(repo.jar);
        Path missing = tmp.resolve("no-such-recording.csv");
        Path out = tmp.resolve("fit-out");
        Repo.Run run = Repo.run(List.of(repo.script("poglm").toString(), "fit", "--input", missing.toString(),
            "--out", out.toString()), tmp, env, tmp, "fit-missing", RUN_SECONDS);

        assertEquals(2, run.exitCode(), run::describe);
        List<String> messages = run.err().lines().filter(l -> l.startsWith("poglm:")).toList();
        assertEquals(1, messages.size(), () -> "expected one 'poglm:' line: " + run.describe());
        assertTrue(messages.get(0).contains(missing.toString()), () -> "the message does not name the file: "
            + messages.get(0));
        assertFalse(run.err().contains("\tat "), () -> "a stack trace instead of a message: " + run.describe());
        assertFalse(Files.exists(out.resolve("_SUCCESS")), "a failed run left _SUCCESS");
        assertEquals(jarTime, Files.getLastModifiedTime(repo.jar), "the script rebuilt a fresh jar");
    }

    @Test
    void presetsPrintsTheTableAndTheJvmNoticeStaysOffTheConsole() throws Exception {
        Repo.Run run = Repo.run(List.of(repo.script("poglm").toString(), "presets"), tmp, env, tmp, "presets",
            RUN_SECONDS);
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.out().contains("--lr-model") && run.out().contains("pvc5"), run::describe);
        // The driver JVM runs with the vector module, which the JVM announces on every run: dropped by the script.
        assertFalse(run.err().contains("Using incubator modules"), run::describe);
        assertEquals("", run.err().strip(), run::describe);
    }
}
