package org.poglm.data;

import java.io.Serializable;
import java.util.Arrays;

import org.poglm.errors.ConfigurationException;

/**
 * T consecutive bins of visible spike counts (SPEC §1), stored compactly as a row-major
 * {@code short[T*V]} ({@code counts[t*V + v]}), with a stable id (its index in the recording).
 *
 * <p>For {@link Padding#CONTEXT}, the piece carries the visible bins just before and after it
 * ({@code contextBins} rows each, zeros where the recording ends), so history features can be
 * built on any executor without its neighbours.
 */
public final class Piece implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long id;
    private final int bins;
    private final int visible;
    private final short[] counts;
    private final int contextBins;
    private final short[] before;
    private final short[] after;

    public Piece(long id, int bins, int visible, short[] counts) {
        this(id, bins, visible, counts, 0, null, null);
    }

    public Piece(long id, int bins, int visible, short[] counts, int contextBins, short[] before, short[] after) {
        ConfigurationException.require(bins >= 1, "piece bins", bins, "an integer >= 1");
        ConfigurationException.require(visible >= 1, "visible neurons", visible, "an integer >= 1");
        ConfigurationException.require(counts != null && counts.length == bins * visible, "piece counts length",
            counts == null ? "null" : counts.length, "bins * visible = " + bins * visible);
        ConfigurationException.require(contextBins >= 0, "context bins", contextBins, "an integer >= 0");
        if (contextBins > 0) {
            ConfigurationException.require(before != null && before.length == contextBins * visible,
                "context before length", before == null ? "null" : before.length, "" + contextBins * visible);
            ConfigurationException.require(after != null && after.length == contextBins * visible,
                "context after length", after == null ? "null" : after.length, "" + contextBins * visible);
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new ConfigurationException("piece " + id + " count at bin " + (i / visible) + ", neuron "
                    + (i % visible), counts[i], "a non-negative integer");
            }
        }
        this.id = id;
        this.bins = bins;
        this.visible = visible;
        this.counts = counts;
        this.contextBins = contextBins;
        this.before = contextBins > 0 ? before : null;
        this.after = contextBins > 0 ? after : null;
    }

    /** Builds a piece from an int matrix {@code x[t][v]}, checking the counts fit a short. */
    public static Piece of(long id, int[][] x) {
        int t = x.length;
        int v = x[0].length;
        return new Piece(id, t, v, toShorts(x, "piece " + id));
    }

    static short[] toShorts(int[][] x, String what) {
        int v = x[0].length;
        short[] s = new short[x.length * v];
        for (int t = 0; t < x.length; t++) {
            ConfigurationException.require(x[t].length == v, what + " row " + t + " length", x[t].length, "" + v);
            for (int j = 0; j < v; j++) {
                s[t * v + j] = checkedShort(x[t][j], what + " bin " + t + ", neuron " + j);
            }
        }
        return s;
    }

    static short checkedShort(int c, String where) {
        if (c < 0 || c > Short.MAX_VALUE) {
            throw new ConfigurationException(where, c, "a spike count in [0, " + Short.MAX_VALUE + "]");
        }
        return (short) c;
    }

    public long id() {
        return id;
    }

    public int bins() {
        return bins;
    }

    public int visible() {
        return visible;
    }

    public int count(int t, int v) {
        return counts[t * visible + v];
    }

    /** The count at bin t (may be outside [0, T) when context is stored; zero otherwise). */
    public int countWithContext(int t, int v) {
        if (t >= 0 && t < bins) {
            return counts[t * visible + v];
        }
        if (contextBins == 0) {
            return 0;
        }
        if (t < 0 && t >= -contextBins) {
            return before[(t + contextBins) * visible + v];
        }
        if (t >= bins && t < bins + contextBins) {
            return after[(t - bins) * visible + v];
        }
        return 0;
    }

    public int contextBins() {
        return contextBins;
    }

    public boolean hasContext() {
        return contextBins > 0;
    }

    /** Total spikes in the piece. */
    public long spikeCount() {
        long s = 0;
        for (short c : counts) {
            s += c;
        }
        return s;
    }

    /** This piece without its context (zero padding). */
    public Piece withoutContext() {
        return contextBins == 0 ? this : new Piece(id, bins, visible, counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Piece p && p.id == id && p.bins == bins && p.visible == visible
            && Arrays.equals(p.counts, counts) && p.contextBins == contextBins
            && Arrays.equals(p.before, before) && Arrays.equals(p.after, after);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Piece[id=" + id + ", T=" + bins + ", V=" + visible + ", context=" + contextBins + "]";
    }
}
