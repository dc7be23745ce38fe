package org.poglm.ingest;

import java.util.List;

/**
 * How spike times become a binned recording (SPEC §1), and which part of it to keep.
 *
 * @param binWidth  bin width in seconds (default 0.01). For count formats this is the bin
 *                  width the counts were made with (the files do not record it).
 * @param start     window start in seconds; NaN = 0 (spike times are seconds from the start of
 *                  the recording, never negative, so bin edges fall on multiples of the bin
 *                  width). For count formats: the first row is at 0 s.
 * @param end       window end in seconds (exclusive); NaN = from the data: just after the last
 *                  spike (the bin holding the last spike is the last bin). Only whole bins are
 *                  kept: a window that is not a whole number of bins is cut at the last whole bin.
 * @param minRate   drop units firing below this rate (Hz) inside the window; 0 keeps every
 *                  unit that has at least one spike
 * @param units     unit ids to keep, in the column order wanted; null keeps all units (in the
 *                  reader's documented order, see {@link SpikeTrains})
 * @param pieceBins bins per piece T (default 100); the window must hold at least one piece
 */
public record BinningOptions(double binWidth, double start, double end, double minRate, List<String> units,
    int pieceBins) {

    public static final double DEFAULT_BIN_WIDTH = 0.01;
    public static final int DEFAULT_PIECE_BINS = 100;

    public BinningOptions {
        if (!(binWidth > 0) || !Double.isFinite(binWidth)) {
            throw new InputException("bin width " + binWidth + " s: expected a positive, finite number of seconds");
        }
        if (Double.isInfinite(start)) {
            throw new InputException("window start " + start + " s: expected a finite number of seconds or unset");
        }
        if (Double.isInfinite(end)) {
            throw new InputException("window end " + end + " s: expected a finite number of seconds or unset");
        }
        if (!Double.isNaN(start) && !Double.isNaN(end) && !(end > start)) {
            throw new InputException("window end " + Messages.fmt(end) + " s: expected a time after the start "
                + Messages.fmt(start) + " s");
        }
        if (!(minRate >= 0) || !Double.isFinite(minRate)) {
            throw new InputException("minimum rate " + minRate + " Hz: expected a finite number >= 0 (0 = keep all)");
        }
        if (pieceBins < 1) {
            throw new InputException("piece length " + pieceBins + " bins: expected an integer >= 1");
        }
        if (units != null) {
            if (units.isEmpty()) {
                throw new InputException("unit selection is empty: expected at least one unit id (or none for all)");
            }
            for (String u : units) {
                if (u == null || u.isBlank()) {
                    throw new InputException("unit selection " + units + ": expected non-empty unit ids");
                }
            }
            units = units.stream().map(String::strip).toList();
        }
    }

    /** Bin width 0.01 s, window from the data, no rate threshold, all units, pieces of 100 bins. */
    public static BinningOptions defaults() {
        return new BinningOptions(DEFAULT_BIN_WIDTH, Double.NaN, Double.NaN, 0, null, DEFAULT_PIECE_BINS);
    }

    public BinningOptions withBinWidth(double seconds) {
        return new BinningOptions(seconds, start, end, minRate, units, pieceBins);
    }

    /** Window [start, end) in seconds; NaN for either = from the data. */
    public BinningOptions withWindow(double startSeconds, double endSeconds) {
        return new BinningOptions(binWidth, startSeconds, endSeconds, minRate, units, pieceBins);
    }

    public BinningOptions withMinRate(double hz) {
        return new BinningOptions(binWidth, start, end, hz, units, pieceBins);
    }

    /** Units to keep, in order; null = all. */
    public BinningOptions withUnits(List<String> unitIds) {
        return new BinningOptions(binWidth, start, end, minRate, unitIds, pieceBins);
    }

    public BinningOptions withPieceBins(int bins) {
        return new BinningOptions(binWidth, start, end, minRate, units, bins);
    }
}
