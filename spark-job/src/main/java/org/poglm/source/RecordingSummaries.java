package org.poglm.source;

import java.util.ArrayList;
import java.util.List;

import org.poglm.ingest.BinnedRecording;
import org.poglm.result.Provenance;

/** The summary of a binned recording, the same whether it was binned on the driver or by Spark. */
final class RecordingSummaries {
    private RecordingSummaries() {
    }

    /**
     * @param bins        bins in the window, the remainder after the last whole piece included
     * @param spikeCounts spikes per unit inside the window, in column order
     */
    static Provenance.Recording binned(List<String> units, double binWidth, long bins, double t0, int pieceBins,
                                       long[] spikeCounts, List<BinnedRecording.DroppedUnit> dropped) {
        double seconds = bins * binWidth;
        List<Double> rates = new ArrayList<>();
        long spikes = 0;
        for (long c : spikeCounts) {
            rates.add(c / seconds);
            spikes += c;
        }
        return new Provenance.Recording(List.copyOf(units), units.size(), bins / pieceBins, 0, null, 0, pieceBins,
            binWidth, bins, seconds, t0, bins % pieceBins, spikes, rates,
            dropped.stream().map(d -> new Provenance.DroppedUnit(d.unit(), d.reason())).toList(), null);
    }
}
