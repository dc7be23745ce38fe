package org.poglm.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code poglm_run_jvm} of {@code submit/lib.sh}, the way the launch scripts run the driver JVM, with a
 * stand-in for the JVM: its standard error without the JVM's incubator notice and nothing else lost,
 * its exit code, and a TERM to the script reaching it. No JVM, no jar: runs with the unit tests.
 */
class LaunchScriptTest {
    static final String NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path tmp;

    /** submit/lib.sh, found upwards from the working directory (surefire runs in spark-job/). */
    static Path lib() {
        for (Path d = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("submit/lib.sh"))) {
                return d.resolve("submit/lib.sh");
            }
        }
        return fail("no submit/lib.sh above " + System.getProperty("user.dir"));
    }

    /** Bash sourcing lib.sh and running {@code poglm_run_jvm bash -c <jvm>} as the scripts do, with its exit code. */
    ProcessBuilder script(String jvm) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
            "set -euo pipefail; PROG=test; source \"$1\"; code=0; poglm_run_jvm bash -c \"$2\" || code=$?; "
                + "exit \"$code\"", "test", lib().toString(), jvm));
        return new ProcessBuilder(command).redirectOutput(tmp.resolve("out").toFile())
            .redirectError(tmp.resolve("err").toFile());
    }

    String read(String name) throws IOException {
        return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void theJvmNoticeIsDroppedEveryOtherLineAndTheExitCodeKept() throws Exception {
        Process p = script("echo progress; echo '" + NOTICE + "' >&2; echo 'WARN SparkContext: a real warning' >&2; "
            + "echo '" + NOTICE + ", jdk.incubator.other' >&2; echo out-done; printf 'poglm: the one-line error' >&2; "
            + "exit 2").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script ended");
        assertEquals(2, p.exitValue(), "the JVM's exit code");
        assertEquals("progress\nout-done\n", read("out"));
        // Every other line, in order, the last one complete when the script returns.
        assertEquals("WARN SparkContext: a real warning\n" + NOTICE + ", jdk.incubator.other\n"
            + "poglm: the one-line error\n", read("err"));

        Process ok = script("echo '" + NOTICE + "' >&2; echo fine").start();
        assertTrue(ok.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, ok.exitValue());
        assertEquals("", read("err"));
        assertEquals("fine\n", read("out"));
    }

    @Test
    void aTermToTheScriptReachesTheJvmAndTheScriptEndsByIt() throws Exception {
        // The stand-in waits in short foreground sleeps, so that it leaves no child behind when it ends.
        Process p = script("trap 'echo jvm: TERM >&2; exit 143' TERM; echo ready; while :; do sleep 0.1; done").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!read("out").contains("ready")) {
            assertTrue(System.nanoTime() < deadline, "the stand-in JVM started");
            Thread.sleep(50);
        }
        List<ProcessHandle> started = new ArrayList<>(p.descendants().toList());
        p.destroy();                                        // SIGTERM to the script only
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script ended");
        assertEquals(128 + 15, p.exitValue(), "ended by TERM, as the JVM in its place would");
        assertTrue(read("err").contains("jvm: TERM"), "the JVM got the TERM: " + read("err"));
        for (ProcessHandle h : started) {
            h.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(h.isAlive(), "left running: " + h.info().commandLine().orElse("?"));
        }
    }
}
