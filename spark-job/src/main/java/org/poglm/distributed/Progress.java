package org.poglm.distributed;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Progress lines of one long phase on the console (training, evaluation, binning on Spark),
 * without flooding the log: the first line ({@link #begin}) and the last ({@link #end}) are
 * always printed; in between, {@link #update} prints at most one line every
 * {@link #INTERVAL_SECONDS} seconds, so a 2000-epoch run does not print 2000 lines and a
 * 30-minute epoch still shows life. Updates may come from any thread (Spark listener callbacks);
 * updates outside a phase are ignored.
 */
public final class Progress {
    /** At most one progress line per this many seconds between a phase's first and last line. */
    public static final double INTERVAL_SECONDS = 10;

    /** A monotonic clock in nanoseconds: {@link System#nanoTime()}, or a fake one in tests. */
    public interface Clock {
        long nanoTime();
    }

    private final PrintStream console;
    private final Clock clock;
    private final long intervalNanos;
    private long started;
    private long lastLine;
    private boolean active;

    /** Prints to {@code console} on the system clock, every {@link #INTERVAL_SECONDS} at most. */
    public Progress(PrintStream console) {
        this(console, System::nanoTime, INTERVAL_SECONDS);
    }

    public Progress(PrintStream console, Clock clock, double intervalSeconds) {
        this.console = console;
        this.clock = clock;
        this.intervalNanos = Math.round(intervalSeconds * 1e9);
    }

    /** Starts a phase: prints {@code line} and starts its clock. */
    public synchronized void begin(String line) {
        started = clock.nanoTime();
        lastLine = started;
        active = true;
        console.println(line);
    }

    /**
     * {@code what}, with the share done, the time elapsed and an estimate of the time left (from
     * the time per unit so far), if the interval has passed since the last line; {@code what} is
     * only built then. Returns whether a line was printed.
     */
    public synchronized boolean update(long done, long total, Supplier<String> what) {
        if (!due()) {
            return false;
        }
        double elapsed = elapsedSeconds();
        String left = done > 0 && total >= done ? "about " + duration(elapsed / done * (total - done)) + " left"
            : "time left not known yet";
        print(String.format(Locale.ROOT, "%s (%d%%), %s elapsed, %s", what.get(),
            total > 0 ? Math.min(100, done * 100 / total) : 0, duration(elapsed), left));
        return true;
    }

    /**
     * {@code what} and the time elapsed, if the interval has passed since the last line: for work
     * whose total is not known in advance (Spark binning submits its passes one after the other).
     */
    public synchronized boolean update(Supplier<String> what) {
        if (!due()) {
            return false;
        }
        print(what.get() + ", " + duration(elapsedSeconds()) + " elapsed");
        return true;
    }

    /** Ends the phase: always prints {@code what} and the phase's duration in brackets; later updates are ignored. */
    public synchronized void end(String what) {
        if (!active) {
            return;
        }
        double elapsed = elapsedSeconds();
        active = false;
        console.println(what + " (" + duration(elapsed) + ")");
    }

    /** Seconds since the phase began. */
    public synchronized double elapsedSeconds() {
        return (clock.nanoTime() - started) / 1e9;
    }

    private boolean due() {
        return active && clock.nanoTime() - lastLine >= intervalNanos;
    }

    private void print(String line) {
        lastLine = clock.nanoTime();
        console.println(line);
    }

    /** Whole seconds as "42 s", "4 min 05 s" or "1 h 02 min" (an estimate needs no decimals). */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
