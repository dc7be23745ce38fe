package org.poglm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.distributed.Progress;

/** Throttled progress lines, on a fake clock. */
class ProgressTest {
    /** A clock the test moves by hand. */
    static final class FakeClock implements Progress.Clock {
        long nanos = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return nanos;
        }

        void advance(double seconds) {
            nanos += Math.round(seconds * 1e9);
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final FakeClock clock = new FakeClock();
    private final Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock,
        Progress.INTERVAL_SECONDS);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void manyFastStepsPrintALineEveryIntervalAtMost() {
        // 2000 epochs of 4 steps of 10 ms: 80 s of training.
        SweepJob.TrainingLines training = new SweepJob.TrainingLines(progress);
        progress.begin("training 19 configurations");
        for (int e = 0; e < 2000; e++) {
            for (int b = 0; b < 4; b++) {
                clock.advance(0.010);
                training.stepFinished(e, 2000, b, 4, -200.0 + e * 0.001);
            }
        }
        training.end();
        List<String> out = lines();
        assertEquals("training 19 configurations", out.get(0), "first line always");
        // 80 s at one line per 10 s at most: 8 in between, plus the first and the last.
        assertEquals(1 + 8 + 1, out.size(), String.join("\n", out));
        assertEquals("training done: 2000 epochs of 4 steps, mean ELBO -198.001 per piece in the last epoch (1 min 20 s)",
            out.get(out.size() - 1), "last line always, with the final mean ELBO and the time");
        assertEquals("training: epoch 250/2000, step 4/4, mean ELBO -199.751 per piece (12%), 10 s elapsed, "
            + "about 1 min 10 s left", out.get(1));
    }

    @Test
    void aLongEpochStillShowsLife() {
        // One epoch of 100 steps of 18 s: 30 minutes without an epoch ending.
        SweepJob.TrainingLines training = new SweepJob.TrainingLines(progress);
        progress.begin("training");
        for (int b = 0; b < 100; b++) {
            clock.advance(18);
            training.stepFinished(0, 1, b, 100, -150.5);
        }
        training.end();
        List<String> out = lines();
        assertEquals(1 + 100 + 1, out.size(), "every step is more than the interval apart: each gets its line");
        assertTrue(out.get(1).startsWith("training: epoch 1/1, step 1/100, mean ELBO -150.500 per piece (1%), "
            + "18 s elapsed, about 29 min 42 s left"), out.get(1));
        assertTrue(out.get(100).contains("step 100/100") && out.get(100).contains("about 0 s left"), out.get(100));
    }

    @Test
    void aPhaseOfOneLongStretchPrintsItsLinesWhenUpdatesArrive() {
        // Evaluation: updates only as executors report (here every 25 s), one line each.
        progress.begin("evaluating on 20 test pieces with 2000 importance samples");
        clock.advance(5);
        assertFalse(progress.update(10, 400, () -> "evaluation: 10/400"), "5 s after the first line: too early");
        clock.advance(20);
        assertTrue(progress.update(100, 400, () -> "evaluation: 100/400"));
        assertFalse(progress.update(101, 400, () -> "evaluation: 101/400"), "same instant: throttled");
        clock.advance(9.999);
        assertFalse(progress.update(150, 400, () -> { throw new AssertionError("not built when not printed"); }));
        clock.advance(0.001);
        assertTrue(progress.update(200, 400, () -> "evaluation: 200/400"));
        progress.end("evaluation done");
        assertEquals(List.of("evaluating on 20 test pieces with 2000 importance samples",
            "evaluation: 100/400 (25%), 25 s elapsed, about 1 min 15 s left",
            "evaluation: 200/400 (50%), 35 s elapsed, about 35 s left",
            "evaluation done (35 s)"), lines());
    }

    @Test
    void withoutATotalOnlyTheElapsedTime() {
        progress.begin("binning spikes.parquet on Spark");
        clock.advance(12);
        assertTrue(progress.update(() -> "binning: 3/8 Spark tasks done"));
        progress.end("binning done: 120 pieces");
        assertEquals(List.of("binning spikes.parquet on Spark", "binning: 3/8 Spark tasks done, 12 s elapsed",
            "binning done: 120 pieces (12 s)"), lines());
    }

    @Test
    void theLastLineIsPrintedEvenRightAfterAnotherAndLateUpdatesAreIgnored() {
        progress.begin("start");
        clock.advance(10);
        assertTrue(progress.update(1, 2, () -> "half"));
        progress.end("done");
        clock.advance(60);
        assertFalse(progress.update(2, 2, () -> "late"), "a listener's update after the end");
        progress.end("done again");
        assertEquals(List.of("start", "half (50%), 10 s elapsed, about 10 s left", "done (10 s)"), lines());
    }

    @Test
    void nothingDoneYetHasNoEstimate() {
        progress.begin("start");
        clock.advance(11);
        progress.update(0, 10, () -> "waiting");
        assertEquals("waiting (0%), 11 s elapsed, time left not known yet", lines().get(1));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("0 s", Progress.duration(0.4));
        assertEquals("42 s", Progress.duration(42.4));
        assertEquals("1 min 00 s", Progress.duration(59.6));
        assertEquals("2 min 05 s", Progress.duration(125));
        assertEquals("1 h 00 min", Progress.duration(3599.6));
        assertEquals("2 h 02 min", Progress.duration(7322));
        assertEquals("?", Progress.duration(Double.NaN));
    }
}
