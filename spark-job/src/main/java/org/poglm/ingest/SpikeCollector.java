package org.poglm.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates (unit id, time) pairs in file order, then builds {@link SpikeTrains}. When every
 * id is an integer, ids are canonicalised ("007" becomes "7") so the unit order is numeric.
 *
 * <p>Each row comes with its place in the file (an order: a line number, or a part and row), so
 * that {@link #build} can name the first row of a stray unit id ({@link MixedUnitIds}) without
 * keeping anything per row.
 */
final class SpikeCollector {
    /** How a table names a row and a value in its messages. */
    interface Places {
        /**
         * The row at {@code order} and its value {@code value} in the time column ({@code time}) or
         * the unit column, as messages name them ({@link Messages#at}), e.g.
         * {@code s.csv line 7, column time: '1e6'}.
         */
        String at(long order, boolean time, String value);
    }

    private final Places places;
    private final Map<String, Buffer> byUnit = new LinkedHashMap<>();
    private long spikes;

    /** A collector whose rows are named by {@code places}. */
    SpikeCollector(Places places) {
        this.places = places;
    }

    /** Adds a spike of {@code unit} at {@code time} seconds, read at {@code order} (increasing in file order). */
    void add(String unit, double time, long order) {
        Buffer b = byUnit.get(unit);
        if (b == null) {
            b = new Buffer(order);
            byUnit.put(unit, b);
        }
        b.add(time);
        spikes++;
    }

    long spikes() {
        return spikes;
    }

    /**
     * The spike trains. Refuses stray unit ids, naming the first row holding one, and warns about
     * names mixed with integer ids ({@link MixedUnitIds}).
     */
    SpikeTrains build(String source, double timeResolution, List<String> warnings) {
        List<String> w = new ArrayList<>(warnings);
        Map<String, Long> rows = new LinkedHashMap<>();
        byUnit.forEach((id, b) -> rows.put(id, (long) b.size));
        MixedUnitIds mixed = MixedUnitIds.of(rows);
        if (mixed != null && mixed.strays()) {
            String first = null;
            for (String id : mixed.others()) {
                if (first == null || byUnit.get(id).firstOrder < byUnit.get(first).firstOrder) {
                    first = id;
                }
            }
            throw mixed.error(places.at(byUnit.get(first).firstOrder, false, first));
        } else if (mixed != null) {
            w.add(mixed.warning(source));
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        // File order: the merge warnings name the spelling met first in the file first.
        SpikeTrains.mergeIntegerSpellings(byUnit.keySet(), false, source, w).forEach((id, spellings) -> {
            double[] t = byUnit.get(spellings.get(0)).toArray();
            for (String other : spellings.subList(1, spellings.size())) {
                double[] more = byUnit.get(other).toArray();
                double[] merged = Arrays.copyOf(t, t.length + more.length);
                System.arraycopy(more, 0, merged, t.length, more.length);
                t = merged;
            }
            times.put(id, t);
        });
        return SpikeTrains.of(times, source, timeResolution, w);
    }

    /** A unit's times (a growable double array) and the order of its first row. */
    static final class Buffer {
        private double[] data = new double[16];
        private int size;
        final long firstOrder;

        Buffer(long firstOrder) {
            this.firstOrder = firstOrder;
        }

        void add(double x) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = x;
        }

        double[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
