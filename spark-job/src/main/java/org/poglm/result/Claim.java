package org.poglm.result;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A claim on a location that only one process may work on at a time: a fit's output directory
 * ({@code <out>/_claim}), a rerun's output root. Taken by creating a small file exclusively, on any
 * Hadoop file system; held while its owner lives, which it shows by touching the file's modification
 * time every {@link #HEARTBEAT} ({@link #startHeartbeat}); released by deleting it.
 *
 * <p>A claim is stale, and may be taken over, when its owner is gone: it was taken on this host by a
 * process that no longer runs, or its heartbeat is older than {@link #STALE} (an owner on another host,
 * or a host that rebooted). So a killed run never blocks the next one for longer than that, and a live
 * one is never taken over.
 *
 * <p>Exclusive creation: HDFS creates a file that must not exist atomically in its name node; Hadoop's
 * local file system checks and creates in two steps, so on a local path the file is created with the
 * operating system's exclusive create instead ({@code O_EXCL}). Object stores (S3) have no exclusive
 * create in Hadoop's API: there two runs started within the same second can both take a claim.
 */
public final class Claim implements AutoCloseable {
    /** How often the owner touches the claim. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    /** A heartbeat older than this means the owner is gone. */
    public static final Duration STALE = Duration.ofMinutes(3);

    /** Who holds a claim; written into the claim file as JSON. */
    public record Owner(@JsonProperty("run_id") String runId, @JsonProperty("host") String host,
                        @JsonProperty("pid") long pid, @JsonProperty("started") String started,
                        @JsonProperty("what") String what) {
        /** This process, now, doing {@code what} as run {@code runId}. */
        public static Owner me(String runId, String what) {
            return new Owner(runId, hostName(), ProcessHandle.current().pid(), Instant.now().toString(), what);
        }

        /** For messages: "run R (fit, host h, pid p, since T)". */
        public String describe() {
            return "run " + runId + " (" + what + ", host " + host + ", pid " + pid + ", since " + started + ")";
        }
    }

    /** The location is claimed by a live owner. */
    public static final class Held extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Owner owner;
        private final long heartbeatSecondsAgo;

        Held(Owner owner, long heartbeatSecondsAgo) {
            super(owner.describe() + ", last heartbeat " + heartbeatSecondsAgo + " s ago");
            this.owner = owner;
            this.heartbeatSecondsAgo = heartbeatSecondsAgo;
        }

        public Owner owner() {
            return owner;
        }

        public long heartbeatSecondsAgo() {
            return heartbeatSecondsAgo;
        }
    }

    private final FileSystem fs;
    private final Path file;
    private final Owner owner;
    /** The claim this one took over (its owner was gone), or null. */
    private final Owner previous;
    private ScheduledExecutorService heartbeat;
    private volatile boolean released;

    private Claim(FileSystem fs, Path file, Owner owner, Owner previous) {
        this.fs = fs;
        this.file = file;
        this.owner = owner;
        this.previous = previous;
    }

    /**
     * Takes the claim {@code file} for {@code me}, taking over a stale one.
     *
     * @throws Held        when a live owner holds it
     * @throws IOException when the file cannot be created (no permission, read-only, no space)
     */
    public static Claim take(FileSystem fs, Path file, Owner me) throws Held, IOException {
        Owner stale = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (createExclusively(fs, file, ResultJson.write(me))) {
                return new Claim(fs, file, me, stale);
            }
            Owner holder = read(fs, file);
            long age = heartbeatAge(fs, file);
            if (holder == null && age < 0) {
                continue; // released in between: try again
            }
            if (holder != null && !gone(holder, age)) {
                throw new Held(holder, age);
            }
            if (holder == null && age < STALE.toSeconds()) {
                // Unreadable but fresh: someone is creating it right now.
                throw new Held(new Owner("?", "?", -1, "?", "unknown"), age);
            }
            // The owner is gone: take over. Deleting and creating anew keeps the exclusive create the
            // only way in, so of two runs taking over at once, one wins.
            stale = holder;
            fs.delete(file, false);
        }
        throw new IOException("could not take " + file + " after 3 attempts: other runs keep taking it");
    }

    /** Whether the owner of a claim whose heartbeat is {@code age} seconds old is gone. */
    static boolean gone(Owner holder, long age) {
        if (age >= STALE.toSeconds()) {
            return true;
        }
        if (Objects.equals(holder.host(), hostName()) && holder.pid() > 0) {
            return ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        return false;
    }

    /** The owner recorded in {@code file}, or null when there is none or it is unreadable. */
    public static Owner read(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            JsonNode n = ResultJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
            return new Owner(n.path("run_id").asText("?"), n.path("host").asText("?"), n.path("pid").asLong(-1),
                n.path("started").asText("?"), n.path("what").asText("?"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Seconds since the claim's last heartbeat, or -1 when there is no claim. */
    static long heartbeatAge(FileSystem fs, Path file) {
        try {
            long mtime = fs.getFileStatus(file).getModificationTime();
            return Math.max(0, (System.currentTimeMillis() - mtime) / 1000);
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean createExclusively(FileSystem fs, Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (fs instanceof RawLocalFileSystem raw) {
            java.nio.file.Path p = raw.pathToFile(file).toPath();
            try {
                Files.createDirectories(p.getParent());
                Files.write(p, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        if (fs.exists(file)) {
            return false;
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(bytes);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // HDFS reports a file created meanwhile by another client as a generic IOException
            // ("already exists" or an AlreadyBeingCreatedException) when it raced with us.
            if (fs.exists(file)) {
                return false;
            }
            throw e;
        }
    }

    /** Touches the claim every {@link #HEARTBEAT} on a daemon thread, until {@link #close}. */
    public Claim startHeartbeat() {
        return startHeartbeat(HEARTBEAT);
    }

    Claim startHeartbeat(Duration every) {
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poglm-claim-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::touch, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void touch() {
        try {
            if (!released) {
                fs.setTimes(file, System.currentTimeMillis(), -1);
            }
        } catch (IOException | RuntimeException e) {
            // A missed heartbeat is harmless unless every one for minutes is missed.
        }
    }

    public Owner owner() {
        return owner;
    }

    /** The owner of the stale claim this one replaced, or null. */
    public Owner previous() {
        return previous;
    }

    public Path file() {
        return file;
    }

    /** Releases the claim if it is still this owner's (idempotent, never throws). */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        try {
            Owner now = read(fs, file);
            if (now != null && owner.runId().equals(now.runId())) {
                fs.delete(file, false);
            }
        } catch (IOException | RuntimeException e) {
            // Left behind, the claim goes stale once this process is gone.
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            int at = name.indexOf('@');
            return at >= 0 ? name.substring(at + 1) : "unknown";
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "claim %s by %s", file, owner.describe());
    }
}
