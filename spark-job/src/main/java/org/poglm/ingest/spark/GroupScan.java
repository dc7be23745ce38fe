package org.poglm.ingest.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.poglm.data.Piece;
import org.poglm.ingest.BinningWindow;

/**
 * Executor-side passes over the binned spikes after the shuffle, on Spark SQL's internal rows
 * {@code (k bigint, time double)} (primitive getters, no boxing; a row is valid only until the
 * iterator advances, so both fields are read before the next row is requested).
 *
 * <p>The key {@code k = g * 2^32 + (col + 1)} names a group {@code g} and a selected unit
 * {@code col} ({@code col = -1}: a marker row). Rows are hash-partitioned by g and radix-sorted
 * by k within each partition, so a group's rows are contiguous and, within it, each unit's rows
 * form one run; a run's times are sorted here, which puts exact duplicates side by side.
 *
 * <p>Group g in 0..P-1 holds the spikes of bins [g*T, (g+1)*T) (its own), copies of in-window
 * spikes within {@code contextBins} bins of that range (context) and one marker row, so that
 * pieces without spikes exist too. Group P holds the remainder bins; negative groups hold the
 * spikes outside the window, spread over 4096 groups by bin (they are only counted).
 */
final class GroupScan {
    private GroupScan() {
    }

    static long group(long k) {
        return k >> 32;
    }

    static int unit(long k) {
        return (int) (k & 0xffffffffL) - 1;
    }

    /** Reads runs (rows with one key) from the sorted rows; the run's times are sorted. */
    private static final class Runs {
        private final Iterator<InternalRow> rows;
        private boolean pending;
        private long pendingKey;
        private double pendingTime;
        long key;
        double[] times = new double[64];
        int size;

        Runs(Iterator<InternalRow> rows) {
            this.rows = rows;
        }

        /** Advances to the next run; false at the end of the partition. */
        boolean next() {
            if (!pending) {
                if (!rows.hasNext()) {
                    return false;
                }
                InternalRow r = rows.next();
                pendingKey = r.getLong(0);
                pendingTime = r.getDouble(1);
            }
            key = pendingKey;
            size = 0;
            pending = false;
            add(pendingTime);
            while (rows.hasNext()) {
                InternalRow r = rows.next();
                long k = r.getLong(0);
                double t = r.getDouble(1);
                if (k != key) {
                    pending = true;
                    pendingKey = k;
                    pendingTime = t;
                    break;
                }
                add(t);
            }
            if (size > 1) {
                Arrays.sort(times, 0, size);
            }
            return true;
        }

        /** True when the next run (if any) belongs to group {@code g}. */
        boolean nextInGroup(long g) {
            if (!pending && rows.hasNext()) {
                InternalRow r = rows.next();
                pendingKey = r.getLong(0);
                pendingTime = r.getDouble(1);
                pending = true;
            }
            return pending && group(pendingKey) == g;
        }

        private void add(double t) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
            }
            times[size++] = t;
        }
    }

    /**
     * Per-unit counts of one partition, as one {@code long[4n]}: [0, n) distinct own spikes in the
     * window, [n, 2n) distinct own spikes outside it, [2n, 3n) dropped duplicates, [3n, 4n) the
     * first in-window bin holding more than {@link Short#MAX_VALUE} spikes of the unit
     * ({@link Long#MAX_VALUE}: none). Merge with {@link #merge}.
     */
    static FlatMapFunction<Iterator<InternalRow>, long[]> stats(int units, BinningWindow window) {
        return rows -> {
            int n = units;
            int pieceBins = window.pieceBins();
            long[] s = new long[4 * n];
            Arrays.fill(s, 3 * n, 4 * n, Long.MAX_VALUE);
            Runs runs = new Runs(rows);
            while (runs.next()) {
                int col = unit(runs.key);
                if (col < 0) {
                    continue;
                }
                long start = group(runs.key) * pieceBins;
                long runBin = Long.MIN_VALUE;
                int run = 0;
                double[] t = runs.times;
                for (int i = 0; i < runs.size; i++) {
                    long bin = window.binIndex(t[i]);
                    boolean inWindow = window.contains(bin);
                    if (inWindow && (bin < start || bin - start >= pieceBins)) {
                        continue; // a context copy: counted in the group where it is its own
                    }
                    if (i > 0 && t[i] == t[i - 1]) {
                        s[2 * n + col]++;
                    } else if (inWindow) {
                        s[col]++;
                        run = bin == runBin ? run + 1 : 1;
                        runBin = bin;
                        if (run == Short.MAX_VALUE + 1 && bin < s[3 * n + col]) {
                            s[3 * n + col] = bin;
                        }
                    } else {
                        s[n + col]++;
                    }
                }
            }
            return List.of(s).iterator();
        };
    }

    /** Combines two partitions' {@link #stats}: sums, and the smallest overflowing bin. */
    static long[] merge(long[] a, long[] b) {
        int n = a.length / 4;
        long[] out = new long[a.length];
        for (int i = 0; i < 3 * n; i++) {
            out[i] = a[i] + b[i];
        }
        for (int i = 3 * n; i < 4 * n; i++) {
            out[i] = Math.min(a[i], b[i]);
        }
        return out;
    }

    /** Everything the pieces pass needs, shipped in its closure. */
    record Layout(int[] column, int visible, int contextBins, BinningWindow window) implements java.io.Serializable {
    }

    /**
     * The pieces of one partition: one per group g in 0..P-1, with the kept units' counts
     * ({@code column[col]} = the unit's column in the piece, -1 for a dropped unit).
     */
    static FlatMapFunction<Iterator<InternalRow>, Piece> pieces(Layout layout) {
        return rows -> new PieceIterator(new Runs(rows), layout);
    }

    /** Builds one piece per group while streaming through the runs. */
    private static final class PieceIterator implements Iterator<Piece> {
        private final Runs runs;
        private final Layout l;
        private Piece next;
        private boolean done;

        PieceIterator(Runs runs, Layout layout) {
            this.runs = runs;
            this.l = layout;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                if (!runs.next()) {
                    done = true;
                } else {
                        next = consumeGroup();
                }
            }
            return next != null;
        }

        @Override
        public Piece next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Piece out = next;
            next = null;
            return out;
        }

        /**
         * Consumes the group whose first run is current, leaving the next group's first row
         * pending; its piece, or null outside 0..P-1.
         */
        private Piece consumeGroup() {
            long g = group(runs.key);
            boolean emit = g >= 0 && g < l.window().pieceCount();
            int v = l.visible();
            int t = l.window().pieceBins();
            int c = l.contextBins();
            short[] counts = emit ? new short[t * v] : null;
            short[] before = emit && c > 0 ? new short[c * v] : null;
            short[] after = emit && c > 0 ? new short[c * v] : null;
            long start = g * t;
            while (true) {
                int col = unit(runs.key);
                if (emit && col >= 0 && l.column()[col] >= 0) {
                    int k = l.column()[col];
                    double[] times = runs.times;
                    for (int i = 0; i < runs.size; i++) {
                        if (i > 0 && times[i] == times[i - 1]) {
                            continue;
                        }
                        long off = l.window().binIndex(times[i]) - start;
                        if (off >= 0 && off < t) {
                            add(counts, (int) off * v + k, g, off);
                        } else if (off < 0 && off >= -c) {
                            add(before, (int) (off + c) * v + k, g, off);
                        } else if (off >= t && off < t + c) {
                            add(after, (int) (off - t) * v + k, g, off);
                        } else {
                            throw new IllegalStateException("a spike " + off + " bins from piece " + g
                                + " was routed to it");
                        }
                    }
                }
                if (!runs.nextInGroup(g)) {
                    break;
                }
                runs.next();
            }
            return emit ? new Piece(g, t, v, counts, c, before, after) : null;
        }

        private static void add(short[] a, int i, long g, long off) {
            if (a[i] == Short.MAX_VALUE) {
                // The driver checked every kept unit's bins before building pieces; this is a bug guard.
                throw new IllegalStateException("piece " + g + ", bin offset " + off + ": more than "
                    + Short.MAX_VALUE + " spikes");
            }
            a[i]++;
        }
    }
}
