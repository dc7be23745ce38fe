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
    private boolean allIntegers = true;
    private long spikes;

    void add(String unit, double time) {
        Buffer b = byUnit.get(unit);
        if (b == null) {
            b = new Buffer();
            byUnit.put(unit, b);
            allIntegers &= SpikeTrains.isInteger(unit);
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
        Map<String, String> firstSpelling = new LinkedHashMap<>();
        for (Map.Entry<String, Buffer> e : byUnit.entrySet()) {
            String id = allIntegers ? SpikeTrains.canonicalInteger(e.getKey()) : e.getKey();
            double[] t = e.getValue().toArray();
            double[] before = times.get(id);
            if (before != null) {
                w.add(source + ": unit ids '" + firstSpelling.get(id) + "' and '" + e.getKey()
                    + "' are the same integer "
                    + id + "; merged them");
                double[] merged = Arrays.copyOf(before, before.length + t.length);
                System.arraycopy(t, 0, merged, before.length, t.length);
                t = merged;
            } else {
                firstSpelling.put(id, e.getKey());
            }
            times.put(id, t);
        }
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
