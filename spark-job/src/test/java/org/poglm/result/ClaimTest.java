package org.poglm.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimTest {
    @TempDir
    java.nio.file.Path tmp;

    private FileSystem fs() throws Exception {
        return OutputDirectory.fileSystem(new Path(tmp.toUri()), new Configuration());
    }

    @Test
    void oneOwnerAtATimeUntilReleased() throws Exception {
        FileSystem fs = fs();
        Path file = new Path(tmp.toUri().toString(), "out/_claim");
        Claim a = Claim.take(fs, file, Claim.Owner.me("run-a", "fit"));
        assertNull(a.previous());
        Claim.Held held = assertThrows(Claim.Held.class, () -> Claim.take(fs, file, Claim.Owner.me("run-b", "fit")));
        assertEquals("run-a", held.owner().runId());
        assertTrue(held.getMessage().contains("run run-a (fit, host "), held.getMessage());
        a.close();
        assertFalse(fs.exists(file));
        try (Claim b = Claim.take(fs, file, Claim.Owner.me("run-b", "fit"))) {
            assertEquals("run-b", Claim.read(fs, file).runId());
            a.close(); // a second release of another owner's claim leaves it alone
            assertTrue(fs.exists(file));
        }
    }

    @Test
    void aDeadProcessOnThisHostLeavesAStaleClaim() throws Exception {
        FileSystem fs = fs();
        Path file = new Path(tmp.toUri().toString(), "_claim");
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        write(fs, file, new Claim.Owner("run-dead", Claim.hostName(), p.pid(), "2026-01-01T00:00:00Z", "fit"));
        try (Claim c = Claim.take(fs, file, Claim.Owner.me("run-new", "fit"))) {
            assertNotNull(c.previous());
            assertEquals("run-dead", c.previous().runId());
        }
    }

    @Test
    void anotherHostsClaimIsHeldUntilItsHeartbeatIsOld() throws Exception {
        FileSystem fs = fs();
        Path file = new Path(tmp.toUri().toString(), "_claim");
        write(fs, file, new Claim.Owner("run-far", "elsewhere.example", 1, "2026-01-01T00:00:00Z", "fit"));
        assertThrows(Claim.Held.class, () -> Claim.take(fs, file, Claim.Owner.me("run-new", "fit")));
        fs.setTimes(file, System.currentTimeMillis() - Claim.STALE.toMillis() - 1000, -1);
        try (Claim c = Claim.take(fs, file, Claim.Owner.me("run-new", "fit"))) {
            assertEquals("run-far", c.previous().runId());
        }
    }

    @Test
    void theHeartbeatKeepsALiveClaimFresh() throws Exception {
        FileSystem fs = fs();
        Path file = new Path(tmp.toUri().toString(), "_claim");
        try (Claim c = Claim.take(fs, file, Claim.Owner.me("run-a", "fit"))) {
            fs.setTimes(file, System.currentTimeMillis() - 60_000, -1);
            assertTrue(Claim.heartbeatAge(fs, file) >= 59);
            c.startHeartbeat(java.time.Duration.ofMillis(300));
            long deadline = System.currentTimeMillis() + 10_000;
            while (Claim.heartbeatAge(fs, file) > 30 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Claim.heartbeatAge(fs, file) <= 30, "heartbeat touched the claim");
        }
    }

    @Test
    void ofManyTakingAtOnceExactlyOneWins() throws Exception {
        FileSystem fs = fs();
        Path file = new Path(tmp.toUri().toString(), "_claim");
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Claim>> tries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "run-" + i;
            tries.add(pool.submit(() -> {
                go.await();
                try {
                    return Claim.take(fs, file, Claim.Owner.me(id, "fit"));
                } catch (Claim.Held held) {
                    return null;
                }
            }));
        }
        go.countDown();
        List<Claim> won = new ArrayList<>();
        for (Future<Claim> f : tries) {
            if (f.get() != null) {
                won.add(f.get());
            }
        }
        pool.shutdown();
        assertEquals(1, won.size());
        assertEquals(won.get(0).owner().runId(), Claim.read(fs, file).runId());
        won.get(0).close();
    }

    private static void write(FileSystem fs, Path file, Claim.Owner owner) throws Exception {
        try (OutputStream out = fs.create(file, true)) {
            out.write(ResultJson.write(owner).getBytes(StandardCharsets.UTF_8));
        }
    }
}
