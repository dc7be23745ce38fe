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
 * that {@link #build} can name the first row of a stray unit id ({@link MixedUnitIds}) and each
 * unit's last spike ({@link SpikeTrains#lastSpikeAt}) without keeping anything per row.
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

    /**
     * Adds a spike of {@code unit} at {@code time} seconds, read at {@code order} (increasing in
     * file order), whose time is written {@code rawText} (null for a binary number: then
     * {@code rawNumber}, before scaling, names it).
     */
    void add(String unit, double time, long order, String rawText, double rawNumber) {
        Buffer b = byUnit.get(unit);
        if (b == null) {
            b = new Buffer(order);
            byUnit.put(unit, b);
        }
        b.add(time, order, rawText, rawNumber);
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
        Map<String, Buffer> latest = new LinkedHashMap<>();
        // File order: the merge warnings name the spelling met first in the file first.
        SpikeTrains.mergeIntegerSpellings(byUnit.keySet(), false, source, w).forEach((id, spellings) -> {
            Buffer first = byUnit.get(spellings.get(0));
            double[] t = first.toArray();
            Buffer last = first;
            for (String other : spellings.subList(1, spellings.size())) {
                Buffer b = byUnit.get(other);
                double[] more = b.toArray();
                double[] merged = Arrays.copyOf(t, t.length + more.length);
                System.arraycopy(more, 0, merged, t.length, more.length);
                t = merged;
                if (b.max > last.max || b.max == last.max && b.maxOrder < last.maxOrder) {
                    last = b;
                }
            }
            times.put(id, t);
            latest.put(id, last);
        });
        Map<String, SpikeTrains.LastSpike> lastSpikes = new LinkedHashMap<>();
        latest.forEach((id, b) -> lastSpikes.put(id, new SpikeTrains.LastSpike(b.maxOrder,
            places.at(b.maxOrder, true, b.maxText != null ? b.maxText : Double.toString(b.maxNumber)))));
        return SpikeTrains.of(times, source, timeResolution, w).withLastSpikes(lastSpikes);
    }

    /** A unit's times (a growable double array), the order of its first row and its latest time's row. */
    static final class Buffer {
        private double[] data = new double[16];
        private int size;
        final long firstOrder;
        double max = Double.NEGATIVE_INFINITY;
        long maxOrder;
        String maxText;
        double maxNumber;

        Buffer(long firstOrder) {
            this.firstOrder = firstOrder;
        }

        void add(double x, long order, String rawText, double rawNumber) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = x;
            if (x > max) {
                // Strictly later: of equal times, the first row in the file names the unit's last spike.
                max = x;
                maxOrder = order;
                maxText = rawText;
                maxNumber = rawNumber;
            }
        }

        double[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
