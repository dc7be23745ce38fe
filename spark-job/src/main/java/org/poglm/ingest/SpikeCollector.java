package org.poglm.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates (unit id, time) pairs in file order, then builds {@link SpikeTrains}. When every
 * id is an integer, ids are canonicalised ("007" becomes "7") so the unit order is numeric.
 */
final class SpikeCollector {
    private final Map<String, Buffer> byUnit = new LinkedHashMap<>();
    private long spikes;

    void add(String unit, double time) {
        Buffer b = byUnit.get(unit);
        if (b == null) {
            b = new Buffer();
            byUnit.put(unit, b);
        }
        b.add(time);
        spikes++;
    }

    long spikes() {
        return spikes;
    }

    SpikeTrains build(String source, double timeResolution, List<String> warnings) {
        List<String> w = new ArrayList<>(warnings);
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

    /** A growable double array. */
    static final class Buffer {
        private double[] data = new double[16];
        private int size;

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
