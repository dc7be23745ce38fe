package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The binning window both binners share: its edges, its end, its remainder and its checks. */
class BinningWindowTest {
    private static final BinningOptions PIECE10 = BinningOptions.defaults().withPieceBins(10);

    @Test
    void aSpikeOnABinEdgeStartsThatBin() {
        BinningWindow w = BinningWindow.ofBins(0, 0.01, 100, 10, "s");
        assertEquals(0, w.binIndex(0.0));
        assertEquals(1, w.binIndex(0.01));
        assertEquals(0, w.binIndex(0.0099999));
        // 0.29 / 0.01 = 28.999999999999996: a rounding error below the edge still counts as on it ...
        assertEquals(29, w.binIndex(0.29));
        // ... but a real distance below it does not.
        assertEquals(28, w.binIndex(0.2899));
        // The same from a start that is not 0: (0.3 - 0.1) / 0.01 = 19.999999999999996.
        assertEquals(20, BinningWindow.binIndex(0.3, 0.1, 0.01));
        assertEquals(-1, BinningWindow.binIndex(0.095, 0.1, 0.01));
    }

    @Test
    void aSpikeAtTheWindowEndIsOutsideIt() {
        List<String> warnings = new ArrayList<>();
        BinningWindow w = BinningWindow.forSpikes(PIECE10.withWindow(0, 1.0), 0.5, "s", warnings);
        assertEquals(100, w.bins());
        assertEquals(List.of(), warnings);
        assertTrue(w.contains(w.binIndex(0.9999)));
        assertEquals(100, w.binIndex(1.0));
        assertFalse(w.contains(w.binIndex(1.0)), "the end is exclusive");
        assertFalse(w.contains(w.binIndex(-0.0001)));
    }

    @Test
    void theDefaultEndKeepsALastSpikeOnABinEdge() {
        // The last spike at 0.25 starts bin 25, so the window has 26 bins and holds it.
        BinningWindow w = BinningWindow.forSpikes(PIECE10, 0.25, "s", new ArrayList<>());
        assertEquals(0.0, w.t0());
        assertEquals(26, w.bins());
        assertTrue(w.contains(w.binIndex(0.25)));
        assertEquals("[0, 0.26) s", w.describe());
    }

    @Test
    void theRemainderIsWhatDoesNotFillAPiece() {
        BinningWindow w = BinningWindow.ofBins(0, 0.01, 250, 100, "s");
        assertEquals(2, w.pieceCount());
        assertEquals(50, w.remainderBins());
        assertEquals(2.5, w.duration(), 1e-12);
        List<String> warnings = new ArrayList<>();
        w.addRemainderWarning("s", warnings);
        assertEquals(List.of("s: the last 50 bins (0.5 s) do not fill a piece of 100 bins and are left out of the 2"
            + " pieces"), warnings);

        BinningWindow whole = BinningWindow.ofBins(0, 0.01, 300, 100, "s");
        assertEquals(3, whole.pieceCount());
        assertEquals(0, whole.remainderBins());
        List<String> none = new ArrayList<>();
        whole.addRemainderWarning("s", none);
        assertEquals(List.of(), none);
    }

    @Test
    void anEndBetweenBinEdgesIsCutToWholeBinsWithAWarning() {
        List<String> warnings = new ArrayList<>();
        BinningWindow w = BinningWindow.forSpikes(PIECE10.withWindow(0, 0.105), 0.05, "s", warnings);
        assertEquals(10, w.bins());
        assertEquals(List.of("s: window end 0.105 s is not a whole number of 0.01 s bins after the start; the window"
            + " ends at the last whole bin, 0.1 s"), warnings);

        // An end a rounding error off the edge is on it: 0.1 + 20 * 0.01 = 0.30000000000000004.
        List<String> quiet = new ArrayList<>();
        BinningWindow v = BinningWindow.forSpikes(PIECE10.withWindow(0.1, 0.3), 0.2, "s", quiet);
        assertEquals(20, v.bins());
        assertEquals(0.1, v.t0());
        assertEquals("[0.1, 0.3) s", v.describe());
        assertEquals(List.of(), quiet);
    }

    @Test
    void windowsThatCannotBeBinnedAreInputErrors() {
        List<String> w = new ArrayList<>();
        assertEquals("s: the selected units have no spikes at all",
            assertThrows(InputException.class, () -> BinningWindow.forSpikes(PIECE10, Double.NaN, "s", w))
                .getMessage());
        assertEquals("s: window end -1 s: expected a time after the window start 0 s",
            assertThrows(InputException.class,
                () -> BinningWindow.forSpikes(PIECE10.withWindow(Double.NaN, -1), 0.5, "s", w)).getMessage());
        assertEquals("s: every spike (last at 0.5 s) is before the window start 2 s",
            assertThrows(InputException.class,
                () -> BinningWindow.forSpikes(PIECE10.withWindow(2, Double.NaN), 0.5, "s", w)).getMessage());
        assertEquals("s: window 0.05 s = 5 bins of 0.01 s is shorter than one piece of 10 bins",
            assertThrows(InputException.class, () -> BinningWindow.forSpikes(PIECE10, 0.045, "s", w)).getMessage());
        assertEquals(List.of(), w);
    }

    @Test
    void tooManySpikesNamesTheBinAndItsTimes() {
        BinningWindow w = BinningWindow.ofBins(1, 0.5, 100, 10, "s");
        assertEquals("s, unit 7: more than 32767 spikes in bin 3 [2.5, 3) s: expected at most 32767 per bin (use a"
            + " narrower bin width)", w.tooManySpikes("s", "7", 3).getMessage());
    }

    @Test
    void onlyWindowsSparkCanAddressPassTheDistributedCheck() {
        BinningWindow.ofBins(0, 0.01, 1L << 40, 1000, "s").checkAddressable("s");
        InputException bins = assertThrows(InputException.class,
            () -> BinningWindow.ofBins(0, 1e-9, (1L << 53) + 1, 1 << 30, "s").checkAddressable("s"));
        assertTrue(bins.getMessage().contains("expected at most 2147483647 pieces"), bins.getMessage());
        assertThrows(InputException.class,
            () -> BinningWindow.ofBins(0, 0.01, 1L << 40, 100, "s").checkAddressable("s"));
    }

    @Test
    void binIndexIsFloorWithTheEdgeToleranceBelowTwoToThe53Bins() {
        // The clamp (so the result fits a long, as in Spark's column expression) changes nothing
        // below 2^53 bins: the plain rule, in doubles, gives the same bin.
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            double dt = Math.pow(10, -r.nextInt(1, 6)) * r.nextInt(1, 4);
            double t0 = r.nextBoolean() ? 0 : r.nextDouble(-10, 10);
            double t = r.nextInt(4) == 0
                ? t0 + r.nextLong(-1_000_000, 1_000_000) * dt // on or next to an edge
                : r.nextDouble(-1e6, 1e6);
            double x = (t - t0) / dt;
            double b = Math.floor(x);
            if (b + 1 - x <= BinningWindow.EDGE_TOLERANCE * Math.max(1, Math.abs(x))) {
                b += 1;
            }
            assertEquals((long) b, BinningWindow.binIndex(t, t0, dt), "t " + t + ", t0 " + t0 + ", dt " + dt);
        }
        // Far outside any window the bin is clamped, still outside.
        assertEquals((1L << 62) + 1, BinningWindow.binIndex(1e300, 0, 0.01));
        assertTrue(BinningWindow.binIndex(-1e300, 0, 0.01) < 0);
    }

    @Test
    void theStretchRule() {
        // At most max(1, floor(N/100)) of N spikes from a tenth of the window on, and not all of them.
        assertEquals(1, BinningWindow.lateAllowance(1));
        assertEquals(1, BinningWindow.lateAllowance(199));
        assertEquals(18, BinningWindow.lateAllowance(1801));
        assertTrue(BinningWindow.stretched(1801, 1));
        assertTrue(BinningWindow.stretched(1801, 18));
        assertFalse(BinningWindow.stretched(1801, 19));
        assertFalse(BinningWindow.stretched(1, 1), "a single spike is no outlier of others");
        assertTrue(BinningWindow.stretched(2, 1));
        // Only windows of 100 pieces or more whose end comes from the data.
        BinningWindow w = BinningWindow.ofBins(0, 0.01, 100_000, 1000, "s");
        assertTrue(w.mayBeStretched(BinningOptions.defaults()));
        assertFalse(w.mayBeStretched(BinningOptions.defaults().withWindow(Double.NaN, 1000)));
        assertFalse(BinningWindow.ofBins(0, 0.01, 99_999, 1000, "s").mayBeStretched(BinningOptions.defaults()));
        assertEquals(100, w.stretchEdge(), 1e-9);
        assertEquals(105, BinningWindow.ofBins(5, 0.01, 100_000, 1000, "s").stretchEdge(), 1e-9);
        // Its message, without a place for the spike.
        assertEquals("s: the last spike time 999.99 s is far beyond the other spike times: it stretches the window to"
            + " [0, 1000) s = 100000 bins = 100 pieces of 1000 bins, while 99 of the 100 spikes lie before 100 s, its"
            + " first tenth (the last of them at 9.995 s); expected spike times within the recording (set --end to"
            + " where the recording ends, e.g. --end 10, or remove the outlier)",
            w.stretchedError("s", null, 999.99, 100, 1, 9.995).getMessage());
    }

    @Test
    void aLastSpikeTooLargeToBinIsAnInputError() {
        List<String> w = new ArrayList<>();
        assertEquals("s: the last spike time 1.0E300 s is too large to bin: it falls in bin 1.00e+302 of 0.01 s from 0 s,"
            + " beyond the 9007199254740992 bins that can be addressed; expected spike times before 90071992500000 s"
            + " (set --end to bin only up to a chosen time, or remove the outlier)",
            assertThrows(InputException.class, () -> BinningWindow.forSpikes(PIECE10, 1e300, "s", w)).getMessage());
        assertTrue(assertThrows(InputException.class, () -> BinningWindow.forSpikes(PIECE10, 1e300, "s", w,
            () -> "s line 7, column time: '1e300'")).getMessage().startsWith("s line 7, column time: '1e300' is too"
                + " large to bin"));
        // Below 2^53 bins it is a window (the Spark binner's checkAddressable refuses it later).
        BinningOptions seconds = BinningOptions.defaults().withBinWidth(1).withPieceBins(10);
        assertTrue(BinningWindow.forSpikes(seconds, 1e15, "s", w).bins() > 1e15);
        assertThrows(InputException.class, () -> BinningWindow.forSpikes(seconds, 0x1p53, "s", w));
        // With an end it is only a spike outside the window.
        assertEquals(100, BinningWindow.forSpikes(PIECE10.withWindow(0, 1), 1e300, "s", w).bins());
    }

    @Test
    void shipsToExecutorsByJavaSerialization() throws Exception {
        // Spark serializes task closures with Java serialization; the window rides in them.
        BinningWindow w = BinningWindow.ofBins(0.1, 0.01, 250, 100, "s");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(w);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(w, in.readObject());
        }
    }
}
