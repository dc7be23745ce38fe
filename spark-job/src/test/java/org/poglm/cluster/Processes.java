package org.poglm.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping exactly the processes a test started, and the children they started for it. */
final class Processes {
    static final long GRACE_SECONDS = 10;

    private Processes() {
    }

    /**
     * Stops {@code roots} and their descendants (a worker's executors, a script's JVM): SIGTERM,
     * up to {@link #GRACE_SECONDS} s to exit, then SIGKILL. Returns every process it handled, so the
     * caller can check that all are gone.
     */
    static List<ProcessHandle> stop(List<ProcessHandle> roots) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle root : roots) {
            // Descendants first collected while the parent still knows them.
            all.addAll(root.descendants().toList());
            all.add(root);
        }
        for (ProcessHandle h : roots) {
            h.destroy();
        }
        awaitExit(all, GRACE_SECONDS);
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        awaitExit(all, 5);
        return all;
    }

    private static void awaitExit(List<ProcessHandle> handles, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            CompletableFuture<ProcessHandle> exit = h.onExit();
            try {
                exit.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
