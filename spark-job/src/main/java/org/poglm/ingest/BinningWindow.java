package org.poglm.ingest;

import static org.poglm.ingest.Messages.fmt;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The window a recording is binned over (SPEC §1): bin {@code t} holds the spikes with time in
 * {@code [t0 + t*dt, t0 + (t+1)*dt)}, for {@code t} in {@code [0, bins)}; the pieces are the whole
 * runs of {@code pieceBins} bins from {@code t0}, the remainder after the last one is dropped.
 *
 * <p>One class for both binners, the driver's {@link Binner} and the executors'
 * {@code SparkSpikeBinner}, so that they derive the same window from the same options, refuse the
 * same windows with the same messages, and put every spike in the same bin. The window is worked
 * out once, on the driver; the Spark binner ships it to its executors (hence {@link Serializable}).
 *
 * <p><b>Outlying spike times.</b> When the end comes from the data (no {@code end} option), one
 * wrong time (1e6 s in a 60 s recording) would make the window, and the training, orders of
 * magnitude longer. Both binners refuse, before anything is allocated or trained:
 * <ul>
 * <li>a last spike too large to bin: its bin index would be 2^53 or more (beyond the bins a
 * double counts exactly, e.g. any time from about 9e13 s with 0.01 s bins; 1e300 s);</li>
 * <li>a stretched window ({@link #stretched}): the window holds at least
 * {@value #STRETCH_MIN_PIECES} pieces, and at most max(1, floor(N/100)) of the N spikes of the
 * selected units (and not all of them) lie in its last nine tenths, from {@link #stretchEdge()}
 * on. Equivalently: all but the latest 1% of the spikes (at least one spike) end before a tenth
 * of the window, i.e. a few late times make the window at least {@value #STRETCH_FACTOR} times
 * longer than the rest of the recording. A recording whose firing stops for nine tenths of it is
 * refused too (its rate would drop about 900-fold); {@code end} then says it is meant.</li>
 * </ul>
 * Both errors name where the latest spike is (line, row or array element, value), the resulting
 * window and piece count, and suggest the {@code --end} option.
 *
 * @param t0        start of bin 0, in seconds
 * @param binWidth  bin width dt in seconds
 * @param bins      number of bins, at least one piece
 * @param pieceBins bins per piece T
 */
public record BinningWindow(double t0, double binWidth, long bins, int pieceBins) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Relative tolerance, in bins, for times that land a rounding error below a bin edge: decimal
     * times such as 0.29 s are not exactly representable, and 0.29/0.01 evaluates to
     * 28.999999999999996, while the user means bin 29.
     */
    public static final double EDGE_TOLERANCE = 1e-9;
    /**
     * Bin offsets are clamped to +-2^62 before rounding (far outside any window), so that they fit
     * a long. Public for the Spark column expression that repeats {@link #binIndex}.
     */
    public static final double CLAMP = 0x1p62;
    /** Bins beyond this are not exact in a double, in which Spark computes a spike's bin. */
    static final long MAX_ADDRESSABLE_BINS = 1L << 53;
    /** A window is {@link #stretched} only when it holds at least this many pieces. */
    public static final long STRETCH_MIN_PIECES = 100;
    /** The late spikes lie from a {@code 1/STRETCH_FACTOR} of the window on ({@link #stretchEdge()}). */
    public static final int STRETCH_FACTOR = 10;
    /** At most this fraction of the spikes (at least one) may be late in a {@link #stretched} window. */
    public static final double STRETCH_LATE_FRACTION = 0.01;

    public BinningWindow {
        // Programming errors only: the factories refuse user input with an InputException first.
        if (!(binWidth > 0) || pieceBins < 1 || bins < pieceBins) {
            throw new IllegalArgumentException("window of " + bins + " bins of " + binWidth + " s, pieces of "
                + pieceBins + " bins: expected a positive bin width and at least one piece");
        }
    }

    /**
     * The window for spike trains whose selected units' last spike is at {@code last} seconds (NaN
     * when they have none): it starts at {@code options.start()}, or 0; it ends at
     * {@code options.end()} cut to whole bins (with a warning when that moves it), or else just
     * after the last spike, so that the bin holding the last spike is the last bin.
     *
     * @throws InputException when there is no spike, the end is not after the start, every spike
     *                        is before the start, or the window is shorter than one piece
     */
    public static BinningWindow forSpikes(BinningOptions options, double last, String source, List<String> warnings) {
        return forSpikes(options, last, source, warnings, () -> null);
    }

    /**
     * As {@link #forSpikes(BinningOptions, double, String, List)}; when the end comes from the data
     * and the last spike is too large to bin (its bin would be 2^53 or more), refuses it naming
     * where it is: {@code lastAt} gives its place and value as messages name them (see
     * {@code SpikeTrains.lastSpikeAt}), or null when unknown. Called only on that error.
     */
    public static BinningWindow forSpikes(BinningOptions options, double last, String source, List<String> warnings,
        Supplier<String> lastAt) {
        if (Double.isNaN(last)) {
            throw new InputException(source + ": the selected units have no spikes at all");
        }
        double dt = options.binWidth();
        // Spike times are >= 0 (every reader refuses negative ones), so by default bin edges fall on
        // multiples of the bin width from 0.
        double t0 = Double.isNaN(options.start()) ? 0 : options.start();
        long bins;
        if (!Double.isNaN(options.end())) {
            if (!(options.end() > t0)) {
                throw new InputException(source + ": window end " + fmt(options.end())
                    + " s: expected a time after the window start " + fmt(t0) + " s");
            }
            bins = (long) Math.floor((options.end() - t0) / dt + EDGE_TOLERANCE);
            double wholeEnd = t0 + bins * dt;
            if (Math.abs(wholeEnd - options.end()) > EDGE_TOLERANCE * dt * Math.max(1, bins)) {
                warnings.add(source + ": window end " + fmt(options.end()) + " s is not a whole number of " + fmt(dt)
                    + " s bins after the start; the window ends at the last whole bin, " + fmt(wholeEnd) + " s");
            }
        } else {
            if (last < t0) {
                throw new InputException(source + ": every spike (last at " + fmt(last)
                    + " s) is before the window start " + fmt(t0) + " s");
            }
            long lastBin = binIndex(last, t0, dt);
            if (lastBin >= MAX_ADDRESSABLE_BINS) {
                String at = lastAt.get();
                throw new InputException((at != null ? at : source + ": the last spike time " + last + " s")
                    + " is too large to bin: it falls in bin " + big((last - t0) / dt) + " of " + fmt(dt) + " s from "
                    + fmt(t0) + " s, beyond the " + MAX_ADDRESSABLE_BINS + " bins that can be addressed; expected"
                    + " spike times before " + big(t0 + MAX_ADDRESSABLE_BINS * dt) + " s (set --end to bin only up"
                    + " to a chosen time, or remove the outlier)");
            }
            bins = lastBin + 1;
        }
        return ofBins(t0, dt, bins, options.pieceBins(), source);
    }

    /** A number for messages: as {@link Messages#fmt} up to 10^15, else in 3 significant digits and an exponent. */
    private static String big(double x) {
        return Math.abs(x) < 1e15 ? fmt(x) : String.format(Locale.ROOT, "%.3g", x);
    }

    /**
     * Whether the {@link #stretched} rule applies to this window: its end came from the data
     * ({@code options} sets no end) and it holds at least {@value #STRETCH_MIN_PIECES} pieces.
     */
    public boolean mayBeStretched(BinningOptions options) {
        return Double.isNaN(options.end()) && pieceCount() >= STRETCH_MIN_PIECES;
    }

    /** Where the last nine tenths of the window start: {@code t0 + duration / 10}; spikes from here on are late. */
    public double stretchEdge() {
        return t0 + duration() / STRETCH_FACTOR;
    }

    /** The most late spikes a stretched window has, of {@code spikes}: max(1, floor(spikes / 100)). */
    public static long lateAllowance(long spikes) {
        return Math.max(1, (long) Math.floor(spikes * STRETCH_LATE_FRACTION));
    }

    /**
     * The rule for a window that {@link #mayBeStretched}: stretched when {@code late} of the
     * selected units' {@code spikes} lie from {@link #stretchEdge()} on, at least one, fewer than
     * all and at most {@link #lateAllowance}.
     */
    public static boolean stretched(long spikes, long late) {
        return late >= 1 && late < spikes && late <= lateAllowance(spikes);
    }

    /**
     * The error for a {@link #stretched} window.
     *
     * @param at       where the last spike is, as messages name it (null: unknown)
     * @param last     the last spike's time
     * @param spikes   the selected units' spikes
     * @param late     of those, the spikes from {@link #stretchEdge()} on
     * @param bulkLast the latest of the other spikes (before the edge)
     */
    public InputException stretchedError(String source, String at, double last, long spikes, long late,
        double bulkLast) {
        String which = at != null ? at : source + ": the last spike time " + fmt(last) + " s";
        String few = late == 1 ? which + " is far beyond the other spike times: it stretches"
            : which + " and " + (late - 1) + " more spike time" + (late == 2 ? "" : "s") + " from " + fmt(stretchEdge())
                + " s on are far beyond the other spike times: they stretch";
        String end = "";
        if (bulkLast >= t0) {
            end = ", e.g. --end " + fmt(t0 + (binIndex(bulkLast) + 1) * binWidth);
        }
        return new InputException(few + " the window to " + describe() + " = " + bins + " bins = " + pieceCount()
            + " pieces of " + pieceBins + " bins, while " + (spikes - late) + " of the " + spikes + " spikes lie before "
            + fmt(stretchEdge()) + " s, its first tenth (the last of them at " + fmt(bulkLast) + " s); expected spike"
            + " times within the recording (set --end to where the recording ends" + end + ", or remove the outlier"
            + (late == 1 ? "" : "s") + ")");
    }

    /**
     * The window of {@code bins} bins from {@code t0} (count formats choose whole bins themselves).
     *
     * @throws InputException when the window is shorter than one piece
     */
    public static BinningWindow ofBins(double t0, double binWidth, long bins, int pieceBins, String source) {
        if (bins < pieceBins) {
            throw new InputException(source + ": window " + fmt(bins * binWidth) + " s = " + bins + " bins of "
                + fmt(binWidth) + " s is shorter than one piece of " + pieceBins + " bins");
        }
        return new BinningWindow(t0, binWidth, bins, pieceBins);
    }

    /**
     * The bin holding time {@code t}: {@code floor((t - t0) / dt)}, except that a time a rounding
     * error below an edge counts as on the edge (see {@link #EDGE_TOLERANCE}). May be negative or
     * past the end; offsets beyond +-2^62 bins are clamped first, so the result fits a long.
     * {@code SparkSpikeBinner} repeats these operations, in the same order and precision, as a
     * Spark column expression: the shuffle and the executors agree on every spike's bin.
     */
    public static long binIndex(double t, double t0, double dt) {
        double x = (t - t0) / dt;
        double xc = Math.min(Math.max(x, -CLAMP), CLAMP);
        long b = (long) Math.floor(xc);
        if ((double) (b + 1) - xc <= EDGE_TOLERANCE * Math.max(1.0, Math.abs(xc))) {
            b += 1;
        }
        return b;
    }

    /** The bin holding time {@code t} in this window (see {@link #binIndex(double, double, double)}). */
    public long binIndex(double t) {
        return binIndex(t, t0, binWidth);
    }

    /** True when bin {@code bin} is inside the window. */
    public boolean contains(long bin) {
        return bin >= 0 && bin < bins;
    }

    /** Whole pieces P = floor(bins / T). */
    public long pieceCount() {
        return bins / pieceBins;
    }

    /** Bins after the last whole piece, dropped from the pieces (SPEC §1). */
    public int remainderBins() {
        return (int) (bins % pieceBins);
    }

    /** End of the window in seconds (exclusive). */
    public double end() {
        return t0 + bins * binWidth;
    }

    /** Length of the window in seconds, remainder included: the time over which firing rates are taken. */
    public double duration() {
        return bins * binWidth;
    }

    /** The window for messages, e.g. {@code [0.1, 0.3) s}. */
    public String describe() {
        return "[" + fmt(t0) + ", " + fmt(end()) + ") s";
    }

    /**
     * Adds the warning that the last bins do not fill a piece and are left out, if there are any
     * (SPEC §1: dropped, and reported).
     */
    public void addRemainderWarning(String source, List<String> warnings) {
        int rem = remainderBins();
        if (rem > 0) {
            warnings.add(source + ": the last " + rem + " bins (" + fmt(rem * binWidth) + " s) do not fill a piece of "
                + pieceBins + " bins and are left out of the " + pieceCount() + " pieces");
        }
    }

    /**
     * The error for a unit with more than {@link Short#MAX_VALUE} spikes in bin {@code bin}:
     * counts are stored as shorts.
     */
    public InputException tooManySpikes(String source, String unit, long bin) {
        return new InputException(source + ", unit " + unit + ": more than " + Short.MAX_VALUE + " spikes in bin " + bin
            + " [" + fmt(t0 + bin * binWidth) + ", " + fmt(t0 + (bin + 1) * binWidth) + ") s: expected at most "
            + Short.MAX_VALUE + " per bin (use a narrower bin width)");
    }

    /**
     * Refuses a window whose pieces cannot be numbered by an int, or whose bins are not exact in a
     * double (in which Spark computes each spike's bin). Only the Spark binner needs this: the
     * driver's {@link Binner} holds the whole recording in one array, a tighter limit it checks
     * itself.
     */
    public void checkAddressable(String source) {
        if (pieceCount() > Integer.MAX_VALUE || bins > MAX_ADDRESSABLE_BINS) {
            throw new InputException(source + ": window " + fmt(bins * binWidth) + " s = " + bins + " bins of "
                + fmt(binWidth) + " s: expected at most " + Integer.MAX_VALUE + " pieces of " + pieceBins
                + " bins (use wider bins or a shorter window)");
        }
    }
}
