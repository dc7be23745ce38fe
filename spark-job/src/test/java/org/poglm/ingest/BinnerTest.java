package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.poglm.data.Recording;

class BinnerTest {
    private static final BinningOptions PIECE10 = BinningOptions.defaults().withPieceBins(10);

    private static SpikeTrains spikes(double resolution, Object... idsAndTimes) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < idsAndTimes.length; i += 2) {
            m.put((String) idsAndTimes[i], (double[]) idsAndTimes[i + 1]);
        }
        return SpikeTrains.of(m, "test.csv", resolution, List.of());
    }

    private static int[] column(Recording r, int v) {
        int[] c = new int[r.bins()];
        for (int t = 0; t < c.length; t++) {
            c[t] = r.count(t, v);
        }
        return c;
    }

    @Test
    void binsFollowTheHalfOpenRuleFromZero() {
        // Bin t holds [t*dt, (t+1)*dt): 0.0 -> bin 0, 0.01 -> bin 1, 0.0999 -> bin 9.
        SpikeTrains s = spikes(Double.NaN, "1", new double[] {0.0, 0.005, 0.01, 0.0999});
        BinnedRecording r = Binner.bin(s, PIECE10);
        assertEquals(0.0, r.t0());
        assertEquals(10, r.bins());
        assertArrayEquals(new int[] {2, 1, 0, 0, 0, 0, 0, 0, 0, 1}, column(r.recording(), 0));
        assertEquals(1, r.pieceCount());
        assertEquals(0, r.remainderBins());
    }

    @Test
    void decimalTimesOnABinEdgeLandInTheBinTheyStart() {
        // 0.29 / 0.01 = 28.999999999999996 in floating point; the user means bin 29.
        double[] t = new double[10];
        for (int k = 0; k < 10; k++) {
            t[k] = Double.parseDouble("0." + (k + 20)); // 0.20 ... 0.29
        }
        BinnedRecording r = Binner.bin(spikes(Double.NaN, "1", t), PIECE10);
        int[] c = column(r.recording(), 0);
        for (int b = 20; b < 30; b++) {
            assertEquals(1, c[b], "bin " + b);
        }
        assertEquals(10, Arrays.stream(c).sum());
        assertEquals(29, BinningWindow.binIndex(0.29, 0, 0.01));
        assertEquals(28, BinningWindow.binIndex(0.2899, 0, 0.01));
    }

    @Test
    void defaultEndKeepsTheLastSpike() {
        BinnedRecording r = Binner.bin(spikes(Double.NaN, "1", new double[] {0.05, 0.245}), PIECE10);
        assertEquals(25, r.bins());
        assertEquals(1, r.recording().count(24, 0));
        assertEquals(2, r.pieceCount());
        assertEquals(5, r.remainderBins());
        assertTrue(r.warnings().stream()
            .anyMatch(w -> w.contains("the last 5 bins (0.05 s) do not fill a piece of 10")),
            r.warnings().toString());
    }

    @Test
    void negativeTimesAreAnErrorInEveryFormat() {
        InputException e = assertThrows(InputException.class,
            () -> spikes(Double.NaN, "1", new double[] {0.0, 0.08}, "7", new double[] {0.5, -0.015}));
        assertEquals("test.csv, unit 7: spike time '-0.015' is negative: expected a spike time >= 0 s", e.getMessage());
    }

    @Test
    void anExplicitStartBeforeZeroWindowsFromThere() {
        BinnedRecording r = Binner.bin(spikes(Double.NaN, "1", new double[] {0.0, 0.08}), PIECE10.withWindow(-0.02,
            Double.NaN));
        assertEquals(-0.02, r.t0(), 1e-12);
        assertEquals(1, r.recording().count(2, 0));
        assertEquals(1, r.recording().count(10, 0));
    }

    @Test
    void explicitWindowIgnoresSpikesOutsideItAndCountsThem() {
        SpikeTrains s = spikes(Double.NaN, "1", new double[] {0.005, 0.105, 0.2, 0.35}, "2",
            new double[] {0.1, 0.15, 0.3});
        BinnedRecording r = Binner.bin(s, PIECE10.withWindow(0.1, 0.3));
        assertEquals(0.1, r.t0());
        assertEquals(20, r.bins());
        assertArrayEquals(new long[] {2, 2}, r.spikeCounts());
        assertEquals(1, r.recording().count(0, 0));
        assertEquals(1, r.recording().count(10, 0));
        assertTrue(r.warnings()
            .contains("test.csv: 3 spikes outside the window [0.1, 0.3) s ignored (unit 1: 2, unit 2: 1)"),
            r.warnings().toString());
    }

    @Test
    void aWindowEndBetweenBinEdgesIsCutToWholeBins() {
        BinnedRecording r = Binner.bin(spikes(Double.NaN, "1", new double[] {0.05}), PIECE10.withWindow(0, 0.105));
        assertEquals(10, r.bins());
        assertTrue(r.warnings().get(0).contains("ends at the last whole bin, 0.1 s"), r.warnings().toString());
    }

    @Test
    void windowShorterThanOnePieceIsAnError() {
        SpikeTrains s = spikes(Double.NaN, "1", new double[] {0.1, 0.2, 0.4});
        InputException e = assertThrows(InputException.class,
            () -> Binner.bin(s, BinningOptions.defaults().withWindow(0, 0.5)));
        assertEquals("test.csv: window 0.5 s = 50 bins of 0.01 s is shorter than one piece of 100 bins",
            e.getMessage());
        // Default window: ends after the last spike, 0.41 s.
        InputException d = assertThrows(InputException.class, () -> Binner.bin(s, BinningOptions.defaults()));
        assertTrue(d.getMessage().contains("window 0.41 s = 41 bins of 0.01 s is shorter than one piece of 100 bins"),
            d.getMessage());
    }

    @Test
    void binWidthMustBePositive() {
        for (double w : new double[] {0, -0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            InputException e = assertThrows(InputException.class, () -> BinningOptions.defaults().withBinWidth(w));
            assertTrue(e.getMessage().startsWith("bin width " + w + " s: expected a positive"), e.getMessage());
        }
    }

    @Test
    void otherOptionsAreValidated() {
        assertThrows(InputException.class, () -> BinningOptions.defaults().withWindow(2, 1));
        assertThrows(InputException.class, () -> BinningOptions.defaults().withMinRate(-1));
        assertThrows(InputException.class, () -> BinningOptions.defaults().withPieceBins(0));
        assertThrows(InputException.class, () -> BinningOptions.defaults().withUnits(List.of()));
        InputException e = assertThrows(InputException.class,
            () -> Binner.bin(spikes(Double.NaN, "1", new double[] {0.5}), PIECE10.withWindow(Double.NaN, 0.1)));
        assertTrue(e.getMessage().contains("no unit left"), e.getMessage());
    }

    @Test
    void binWidthFinerThanTheTimeResolutionIsAnError() {
        SpikeTrains s = spikes(1 / 30000.0, "1", new double[] {0.1});
        InputException e = assertThrows(InputException.class,
            () -> Binner.bin(s, PIECE10.withBinWidth(0.00001)));
        assertTrue(e.getMessage()
            .contains("bin width 0.00001 s is finer than the data's time resolution 0.0000333333333 s"),
            e.getMessage());
        // Exactly one sample is allowed.
        BinnedRecording r = Binner.bin(s, PIECE10.withBinWidth(1 / 30000.0));
        assertEquals(3001, r.bins());
    }

    @Test
    void binWidthNotAWholeNumberOfSamplesIsAWarning() {
        SpikeTrains s = spikes(1 / 30000.0, "1", new double[] {0.1, 0.9});
        BinnedRecording r = Binner.bin(s, PIECE10.withBinWidth(0.01005));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("bins hold 301 or 302 steps")),
            r.warnings().toString());
        BinnedRecording ok = Binner.bin(s, PIECE10.withBinWidth(0.01));
        assertTrue(ok.warnings().stream().noneMatch(w -> w.contains("steps")), ok.warnings().toString());
    }

    @Test
    void exactDuplicateSpikesAreDroppedWithACount() {
        SpikeTrains s = spikes(Double.NaN, "7", new double[] {0.01, 0.01, 0.01, 0.02, 0.05, 0.05},
            "8", new double[] {0.01, 0.015});
        BinnedRecording r = Binner.bin(s, PIECE10.withWindow(0, 0.1));
        assertEquals(1, r.recording().count(1, 0));
        assertEquals(1, r.recording().count(5, 0));
        assertEquals(2, r.recording().count(1, 1), "two different times in one bin both count");
        assertArrayEquals(new long[] {3, 2}, r.spikeCounts());
        assertTrue(r.warnings().contains("test.csv: unit 7: 3 duplicate spike times dropped"), r.warnings().toString());
    }

    @Test
    void unitsWithoutSpikesInTheWindowAreDroppedWithAWarning() {
        SpikeTrains s = spikes(Double.NaN, "1", new double[] {0.01, 0.05}, "2", new double[] {0.5}, "3", new double[0]);
        BinnedRecording r = Binner.bin(s, PIECE10.withWindow(0, 0.1));
        assertEquals(List.of("1"), r.units());
        assertEquals(List.of("2", "3"), r.droppedUnits().stream().map(BinnedRecording.DroppedUnit::unit).toList());
        assertTrue(r.droppedUnits().get(0).reason().contains("no spikes in the window [0, 0.1) s"));
        assertTrue(r.warnings().contains("test.csv: unit 3 dropped: no spikes in the window [0, 0.1) s"),
            r.warnings().toString());
    }

    @Test
    void slowUnitsAreDroppedBelowTheMinimumRate() {
        double[] fast = new double[20];
        for (int k = 0; k < 20; k++) {
            fast[k] = 0.05 * k;
        }
        SpikeTrains s = spikes(Double.NaN, "fast", fast, "slow", new double[] {0.3, 0.6});
        BinnedRecording r = Binner.bin(s, PIECE10.withWindow(0, 1).withMinRate(5));
        assertEquals(List.of("fast"), r.units());
        assertEquals("fires at 2 Hz in the window, below the minimum rate 5 Hz", r.droppedUnits().get(0).reason());
        assertTrue(r.warnings()
            .contains("test.csv: unit slow dropped: fires at 2 Hz in the window, below the minimum rate 5 Hz"),
            r.warnings().toString());
    }

    @Test
    void noUnitLeftIsAnError() {
        SpikeTrains s = spikes(Double.NaN, "1", new double[] {0.01, 0.5});
        InputException e = assertThrows(InputException.class, () -> Binner.bin(s, PIECE10.withMinRate(100)));
        assertTrue(e.getMessage().contains("no unit left") && e.getMessage().contains("1 (fires at"), e.getMessage());
    }

    @Test
    void countsAboveShortMaxAreAnError() {
        double[] t = new double[Short.MAX_VALUE + 1];
        for (int k = 0; k < t.length; k++) {
            t[k] = 0.05 + k * 1e-7; // all inside bin 5, all distinct
        }
        SpikeTrains s = spikes(Double.NaN, "9", t);
        InputException e = assertThrows(InputException.class, () -> Binner.bin(s, PIECE10.withWindow(0, 0.1)));
        assertTrue(e.getMessage().contains("unit 9: more than 32767 spikes in bin 5 [0.05, 0.06) s"), e.getMessage());
        t[t.length - 1] = 0.07;
        BinnedRecording ok = Binner.bin(spikes(Double.NaN, "9", t), PIECE10.withWindow(0, 0.1));
        assertEquals(Short.MAX_VALUE, ok.recording().count(5, 0));
    }

    @Test
    void unitSelectionKeepsTheGivenOrderAndMatchesIntegersNumerically() {
        SpikeTrains s = spikes(Double.NaN, "3", new double[] {0.01}, "10", new double[] {0.02}, "7",
            new double[] {0.03});
        assertEquals(List.of("3", "7", "10"), s.units());
        BinnedRecording r = Binner.bin(s, PIECE10.withWindow(0, 0.1).withUnits(List.of("10", "03")));
        assertEquals(List.of("10", "3"), r.units());
        assertEquals(1, r.recording().count(2, 0));
        InputException e = assertThrows(InputException.class, () -> Binner.bin(s, PIECE10.withUnits(List.of("4"))));
        assertEquals("test.csv: selected unit '4' is not in the data; units there: 3, 7, 10", e.getMessage());
    }

    @Test
    void windowingCountsUsesWholeBinsAndTheSameChecks() {
        int[][] x = new int[30][2];
        for (int t = 0; t < 30; t++) {
            x[t][0] = t % 3;
            x[t][1] = t == 25 ? 4 : 0;
        }
        Recording rec = Recording.of(x, 0.01);
        BinnedRecording r = Binner.window(rec, "c.csv", PIECE10.withWindow(0.05, 0.2), List.of("reader note"));
        assertEquals(15, r.bins());
        assertEquals(0.05, r.t0(), 1e-12);
        assertEquals(List.of("n0"), r.units(), "n1 has no spikes in [0.05, 0.2)");
        assertEquals(x[5][0], r.recording().count(0, 0));
        assertEquals("reader note", r.warnings().get(0));
        BinnedRecording shifted = Binner.window(rec, "c.csv", PIECE10.withWindow(0.047, Double.NaN), List.of());
        assertEquals(0.05, shifted.t0(), 1e-12);
        assertTrue(shifted.warnings().get(0).contains("starts at the next edge, 0.05 s"),
            shifted.warnings().toString());
        BinnedRecording late = Binner.window(rec, "c.csv", PIECE10.withWindow(0.1, 5), List.of());
        assertEquals(20, late.bins());
        assertTrue(late.warnings().get(0).contains("after the end of the counts"), late.warnings().toString());
        InputException e = assertThrows(InputException.class,
            () -> Binner.window(rec, "c.csv", PIECE10.withWindow(0.25, Double.NaN), List.of()));
        assertEquals("c.csv: window 0.05 s = 5 bins of 0.01 s is shorter than one piece of 10 bins", e.getMessage());
        assertThrows(InputException.class, () -> Binner.window(rec, "c.csv", PIECE10.withWindow(-1, 0.2), List.of()));
        BinnedRecording sel = Binner.window(rec, "c.csv", PIECE10.withUnits(List.of("n1", "n0")), List.of());
        assertEquals(List.of("n1", "n0"), sel.units());
        assertArrayEquals(new long[] {4, 30}, sel.spikeCounts());
    }

    @Test
    void messagesFormatNumbersReadably() {
        assertEquals("0.5", Messages.fmt(50 * 0.01));
        assertEquals("0.29", Messages.fmt(0.29));
        assertEquals("30", Messages.fmt(30.0));
        assertEquals("0.00001", Messages.fmt(1e-5));
    }
}
