package org.poglm.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.poglm.errors.ConfigurationException;

/**
 * A binned recording (SPEC §1): {@code counts[t*V + v]} spikes of visible unit v in bin t, bin
 * width {@code binWidth} seconds, unit names in column order.
 */
public final class Recording implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final short[] counts;
    private final int bins;
    private final List<String> units;
    private final double binWidth;

    public Recording(short[] counts, int bins, List<String> units, double binWidth) {
        ConfigurationException.require(units != null && !units.isEmpty(), "units", units, "at least one unit");
        ConfigurationException.require(bins >= 0 && counts.length == bins * units.size(), "counts length",
            counts.length, "bins * units = " + bins * units.size());
        ConfigurationException.require(binWidth > 0 && Double.isFinite(binWidth), "bin width", binWidth,
            "a positive number of seconds");
        this.counts = counts;
        this.bins = bins;
        this.units = List.copyOf(units);
        this.binWidth = binWidth;
    }

    /** From a matrix {@code x[t][v]}. */
    public static Recording of(int[][] x, double binWidth) {
        List<String> names = new ArrayList<>();
        for (int v = 0; v < x[0].length; v++) {
            names.add("n" + v);
        }
        return new Recording(Piece.toShorts(x, "recording"), x.length, names, binWidth);
    }

    public int bins() {
        return bins;
    }

    public int visible() {
        return units.size();
    }

    public List<String> units() {
        return units;
    }

    public double binWidth() {
        return binWidth;
    }

    public int count(int t, int v) {
        return counts[t * units.size() + v];
    }

    /** Number of whole pieces of {@code pieceBins} bins. */
    public int pieceCount(int pieceBins) {
        return bins / pieceBins;
    }

    /** Bins dropped after the last whole piece (reported, SPEC §1). */
    public int remainderBins(int pieceBins) {
        return bins % pieceBins;
    }

    /**
     * Cuts the recording into pieces of {@code pieceBins} bins, ids 0, 1, ... in time order; each
     * piece keeps {@code contextBins} neighbouring bins on either side (0 for zero padding).
     */
    public List<Piece> cut(int pieceBins, int contextBins) {
        ConfigurationException.require(pieceBins >= 1, "piece bins", pieceBins, "an integer >= 1");
        int n = pieceCount(pieceBins);
        if (n == 0) {
            throw new ConfigurationException("recording bins", bins,
                "at least one piece of " + pieceBins + " bins");
        }
        List<Piece> pieces = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            pieces.add(piece(p, pieceBins, contextBins));
        }
        return pieces;
    }

    /** Piece {@code p} of length {@code pieceBins}. */
    public Piece piece(int p, int pieceBins, int contextBins) {
        int V = units.size();
        int start = p * pieceBins;
        short[] c = Arrays.copyOfRange(counts, start * V, (start + pieceBins) * V);
        if (contextBins == 0) {
            return new Piece(p, pieceBins, V, c);
        }
        short[] before = new short[contextBins * V];
        short[] after = new short[contextBins * V];
        for (int i = 0; i < contextBins; i++) {
            int tb = start - contextBins + i;
            int ta = start + pieceBins + i;
            for (int v = 0; v < V; v++) {
                if (tb >= 0) {
                    before[i * V + v] = counts[tb * V + v];
                }
                if (ta < bins) {
                    after[i * V + v] = counts[ta * V + v];
                }
            }
        }
        return new Piece(p, pieceBins, V, c, contextBins, before, after);
    }
}
