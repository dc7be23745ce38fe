package org.poglm.ingest;

import static org.poglm.ingest.BinningWindow.EDGE_TOLERANCE;
import static org.poglm.ingest.Messages.fmt;
import static org.poglm.ingest.Messages.fmt3;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.poglm.data.Recording;

/**
 * Turns spike times into a binned recording, or windows an already binned one (SPEC §1: bin
 * {@code t} holds the spikes with time in {@code [t0 + t*dt, t0 + (t+1)*dt)}; pieces of T bins,
 * the remainder dropped and reported).
 *
 * <p>Decisions, all reported in {@link BinnedRecording#warnings()}:
 * <ul>
 * <li>Window defaults: see {@link BinningOptions} (start 0; end just after the last spike).</li>
 * <li>Exact duplicate spikes (same unit, same time) are dropped, with a count per unit: a unit
 * cannot fire twice at once, so they are almost always a concatenation or export mistake.</li>
 * <li>Spikes outside the window are ignored, with a count per unit.</li>
 * <li>Units with no spike in the window, or firing below the minimum rate, are dropped and listed
 * in {@link BinnedRecording#droppedUnits()}.</li>
 * <li>A time within 1e-9 bin widths below a bin edge counts as on the edge: decimal times such as
 * 0.29 s are not exactly representable, and 0.29/0.01 evaluates to 28.999999999999996.</li>
 * </ul>
 * The units' labels ({@link SpikeTrains#unitLabels()}) follow the units that are kept, in column
 * order; count formats have none.
 *
 * <p>Errors ({@link InputException}): a bin width finer than the data's time resolution, a window
 * shorter than one piece, a last spike too large to bin or a window stretched by a few outlying
 * spike times (both when the end comes from the data; see {@link BinningWindow}, naming where the
 * latest time is), no unit left, a bin holding more than 32767 spikes of one unit.
 *
 * <p>The window, a spike time's bin, the remainder and their checks are {@link BinningWindow}'s,
 * shared with the distributed binner ({@code org.poglm.ingest.spark}) so that both bin alike.
 */
public final class Binner {
    private Binner() {
    }

    /** Bins spike trains into a recording over the window of {@code options}. */
    public static BinnedRecording bin(SpikeTrains spikes, BinningOptions options) {
        String source = spikes.source();
        double dt = options.binWidth();
        List<String> warnings = new ArrayList<>(spikes.warnings());
        checkResolution(dt, spikes.timeResolution(), source, warnings);
        int[] selected = select(spikes.units(), options.units(), source, warnings);

        double last = Double.NaN;
        for (int u : selected) {
            double[] t = spikes.times(u);
            if (t.length > 0) {
                last = Double.isNaN(last) ? t[t.length - 1] : Math.max(last, t[t.length - 1]);
            }
        }
        BinningWindow w = BinningWindow.forSpikes(options, last, source, warnings,
            () -> spikes.lastSpikeAt(selected));
        checkStretch(spikes, selected, w, options, last);
        long bins = w.bins();

        // Pass 1: per-unit counts inside the window, to decide which units to keep before
        // allocating the (possibly large) count matrix.
        int n = selected.length;
        long[] inWindow = new long[n];
        long[] duplicates = new long[n];
        long[] outside = new long[n];
        for (int k = 0; k < n; k++) {
            double[] t = spikes.times(selected[k]);
            for (int i = 0; i < t.length; i++) {
                if (i > 0 && t[i] == t[i - 1]) {
                    duplicates[k]++;
                    continue;
                }
                if (!w.contains(w.binIndex(t[i]))) {
                    outside[k]++;
                } else {
                    inWindow[k]++;
                }
            }
        }
        List<String> outParts = new ArrayList<>();
        long outTotal = 0;
        for (int k = 0; k < n; k++) {
            String unit = spikes.units().get(selected[k]);
            if (duplicates[k] > 0) {
                warnings.add(source + ": unit " + unit + ": " + duplicates[k] + " duplicate spike time"
                    + (duplicates[k] == 1 ? "" : "s") + " dropped");
            }
            if (outside[k] > 0) {
                outParts.add("unit " + unit + ": " + outside[k]);
                outTotal += outside[k];
            }
        }
        if (outTotal > 0) {
            warnings.add(source + ": " + outTotal + " spike" + (outTotal == 1 ? "" : "s") + " outside the window "
                + w.describe() + " ignored (" + Messages.abbreviate(outParts, 10) + ")");
        }

        List<String> names = new ArrayList<>();
        for (int u : selected) {
            names.add(spikes.units().get(u));
        }
        List<BinnedRecording.DroppedUnit> dropped = new ArrayList<>();
        boolean[] keep = decideKeep(names, inWindow, w, options.minRate(), source, dropped, warnings);
        int v = countTrue(keep);
        checkSize(bins, v, source);

        short[] counts = new short[(int) bins * v];
        List<String> kept = new ArrayList<>();
        List<Long> keptCounts = new ArrayList<>();
        int col = 0;
        for (int k = 0; k < n; k++) {
            if (!keep[k]) {
                continue;
            }
            double[] t = spikes.times(selected[k]);
            for (int i = 0; i < t.length; i++) {
                if (i > 0 && t[i] == t[i - 1]) {
                    continue;
                }
                long b = w.binIndex(t[i]);
                if (!w.contains(b)) {
                    continue;
                }
                int idx = (int) b * v + col;
                if (counts[idx] == Short.MAX_VALUE) {
                    throw w.tooManySpikes(source, names.get(k), b);
                }
                counts[idx]++;
            }
            kept.add(names.get(k));
            keptCounts.add(inWindow[k]);
            col++;
        }
        Recording rec = new Recording(counts, (int) bins, kept, dt);
        w.addRemainderWarning(source, warnings);
        return new BinnedRecording(rec, source, w.t0(), w.pieceBins(), toArray(keptCounts),
            spikes.unitLabels().keep(kept), dropped, warnings);
    }

    /**
     * Windows an already binned recording (count formats): {@code start}/{@code end} select
     * whole bins (the first row starts at 0 s; a bound between bin edges moves inward to the
     * next edge, with a warning), then unit selection and the minimum rate apply as for spikes.
     */
    public static BinnedRecording window(Recording counts, String source, BinningOptions options,
        List<String> readerWarnings) {
        double dt = counts.binWidth();
        List<String> warnings = new ArrayList<>(readerWarnings);
        int total = counts.bins();
        long startBin = 0;
        if (!Double.isNaN(options.start())) {
            if (options.start() < 0) {
                throw new InputException(source + ": window start " + fmt(options.start())
                    + " s: expected >= 0 s (the first row of a count matrix is the bin starting at 0 s)");
            }
            startBin = (long) Math.ceil(options.start() / dt - EDGE_TOLERANCE);
            if (Math.abs(startBin * dt - options.start()) > EDGE_TOLERANCE * dt * Math.max(1, startBin)) {
                warnings.add(source + ": window start " + fmt(options.start()) + " s is not on a bin edge; the window"
                    + " starts at the next edge, " + fmt(startBin * dt) + " s");
            }
        }
        long endBin = total;
        if (!Double.isNaN(options.end())) {
            endBin = (long) Math.floor(options.end() / dt + EDGE_TOLERANCE);
            if (endBin > total) {
                warnings.add(source + ": window end " + fmt(options.end()) + " s is after the end of the counts ("
                    + total + " bins = " + fmt(total * dt) + " s); the window ends there");
                endBin = total;
            } else if (Math.abs(endBin * dt - options.end()) > EDGE_TOLERANCE * dt * Math.max(1, endBin)) {
                warnings.add(source + ": window end " + fmt(options.end()) + " s is not on a bin edge; the window"
                    + " ends at the previous edge, " + fmt(endBin * dt) + " s");
            }
        }
        if (startBin >= total) {
            throw new InputException(source + ": window start " + fmt(startBin * dt)
                + " s: expected a time before the end of the counts (" + total + " bins = " + fmt(total * dt) + " s)");
        }
        BinningWindow w = BinningWindow.ofBins(startBin * dt, dt, Math.max(0, endBin - startBin), options.pieceBins(),
            source);
        long bins = w.bins();

        int[] selected = select(counts.units(), options.units(), source, warnings);
        int n = selected.length;
        long[] inWindow = new long[n];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            names.add(counts.units().get(selected[k]));
            for (long t = startBin; t < endBin; t++) {
                inWindow[k] += counts.count((int) t, selected[k]);
            }
        }
        List<BinnedRecording.DroppedUnit> dropped = new ArrayList<>();
        boolean[] keep = decideKeep(names, inWindow, w, options.minRate(), source, dropped, warnings);
        int v = countTrue(keep);
        checkSize(bins, v, source);
        short[] out = new short[(int) bins * v];
        List<String> kept = new ArrayList<>();
        List<Long> keptCounts = new ArrayList<>();
        int col = 0;
        for (int k = 0; k < n; k++) {
            if (!keep[k]) {
                continue;
            }
            for (int t = 0; t < bins; t++) {
                out[t * v + col] = (short) counts.count((int) startBin + t, selected[k]);
            }
            kept.add(names.get(k));
            keptCounts.add(inWindow[k]);
            col++;
        }
        Recording rec = new Recording(out, (int) bins, kept, dt);
        w.addRemainderWarning(source, warnings);
        // Count formats carry no per-unit labels.
        return new BinnedRecording(rec, source, w.t0(), w.pieceBins(), toArray(keptCounts), UnitLabels.NONE,
            dropped, warnings);
    }

    /**
     * Refuses a bin width finer than the data's time resolution (NaN: unknown, nothing to check)
     * and warns when it is not a whole number of time steps. Public so that the distributed binner
     * ({@code org.poglm.ingest.spark}) checks by this code.
     */
    public static void checkResolution(double dt, double resolution, String source, List<String> warnings) {
        if (Double.isNaN(resolution)) {
            return;
        }
        if (dt < resolution * (1 - 1e-9)) {
            throw new InputException(source + ": bin width " + fmt(dt) + " s is finer than the data's time resolution "
                + fmt(resolution) + " s: expected a bin width >= " + fmt(resolution) + " s");
        }
        double steps = dt / resolution;
        double whole = Math.rint(steps);
        if (Math.abs(steps - whole) > 1e-6 * steps) {
            warnings.add(source + ": bin width " + fmt(dt) + " s is not a whole number of the data's time steps ("
                + fmt(resolution) + " s); bins hold " + (long) Math.floor(steps) + " or " + (long) Math.ceil(steps)
                + " steps, which can add a periodic pattern to the counts");
        }
    }

    /**
     * Refuses a window stretched by a few late spikes ({@link BinningWindow#stretched}): counts the
     * selected units' spikes and those from {@link BinningWindow#stretchEdge()} on, by binary search
     * in each unit's sorted times.
     */
    private static void checkStretch(SpikeTrains spikes, int[] selected, BinningWindow w, BinningOptions options,
        double last) {
        if (!w.mayBeStretched(options)) {
            return;
        }
        double edge = w.stretchEdge();
        long n = 0;
        long late = 0;
        double bulkLast = Double.NaN;
        for (int u : selected) {
            double[] t = spikes.times(u);
            int lo = 0;
            int hi = t.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (t[mid] >= edge) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            n += t.length;
            late += t.length - lo;
            if (lo > 0 && !(t[lo - 1] <= bulkLast)) {
                bulkLast = t[lo - 1];
            }
        }
        if (BinningWindow.stretched(n, late)) {
            throw w.stretchedError(spikes.source(), spikes.lastSpikeAt(selected), last, n, late, bulkLast);
        }
    }

    private static void checkSize(long bins, int units, String source) {
        // In doubles: bins x units may overflow a long (up to 2^53 bins x 2^31 units).
        if ((double) bins * units > Integer.MAX_VALUE - 8) {
            throw new InputException(source + ": " + bins + " bins x " + units + " units = "
                + java.math.BigInteger.valueOf(bins).multiply(java.math.BigInteger.valueOf(units))
                + " counts: expected at most " + (Integer.MAX_VALUE - 8) + " (use wider bins or a shorter window)");
        }
    }

    /**
     * Resolves a unit selection ({@link BinningOptions#units()}, null = all) to indices into
     * {@code available}, in the order given. An id matches exactly, or numerically when both are
     * integers ("07" selects unit 7); a unit selected twice is kept once, with a warning. Public
     * so that the distributed binner ({@code org.poglm.ingest.spark}) selects units by this code.
     */
    public static int[] select(List<String> available, List<String> wanted, String source, List<String> warnings) {
        if (wanted == null) {
            int[] all = new int[available.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String w : wanted) {
            int i = available.indexOf(w);
            if (i < 0 && SpikeTrains.isInteger(w)) {
                String c = SpikeTrains.canonicalInteger(w);
                for (int j = 0; j < available.size(); j++) {
                    if (SpikeTrains.isInteger(available.get(j))
                        && SpikeTrains.canonicalInteger(available.get(j)).equals(c)) {
                        i = j;
                        break;
                    }
                }
            }
            if (i < 0) {
                throw new InputException(source + ": selected unit '" + Messages.clip(w)
                    + "' is not in the data; units there: " + Messages.abbreviate(available, 20));
            }
            if (!chosen.add(i)) {
                warnings.add(source + ": unit " + available.get(i) + " is selected more than once; kept once");
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean[] decideKeep(List<String> names, long[] inWindow, BinningWindow window, double minRate,
        String source, List<BinnedRecording.DroppedUnit> dropped, List<String> warnings) {
        boolean[] keep = new boolean[names.size()];
        for (int k = 0; k < names.size(); k++) {
            double rate = inWindow[k] / window.duration();
            String reason = null;
            if (inWindow[k] == 0) {
                reason = "no spikes in the window " + window.describe();
            } else if (rate < minRate) {
                reason = "fires at " + fmt3(rate) + " Hz in the window, below the minimum rate " + fmt(minRate) + " Hz";
            }
            if (reason != null) {
                dropped.add(new BinnedRecording.DroppedUnit(names.get(k), reason));
                warnings.add(source + ": unit " + names.get(k) + " dropped: " + reason);
            } else {
                keep[k] = true;
            }
        }
        if (countTrue(keep) == 0) {
            List<String> why = dropped.stream().map(d -> d.unit() + " (" + d.reason() + ")").toList();
            throw new InputException(source + ": no unit left to fit after dropping " + Messages.abbreviate(why, 5));
        }
        return keep;
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            if (x) {
                n++;
            }
        }
        return n;
    }

    private static long[] toArray(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).toArray();
    }
}
