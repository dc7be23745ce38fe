package org.poglm.ingest.spark;

import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.poglm.data.Piece;
import org.poglm.ingest.BinnedRecording;
import org.poglm.ingest.UnitLabels;

/**
 * A recording binned by Spark (SPEC §1): its whole pieces as an RDD that lives on the executors,
 * and on the driver only the metadata, the same that {@link BinnedRecording} reports for a
 * recording binned locally.
 *
 * @param pieces        the {@link #pieceCount()} whole pieces, ids 0..P-1 (piece p holds bins
 *                      [p*T, (p+1)*T) of the window), each of {@code pieceBins} bins x
 *                      {@code units().size()} units, with {@code contextBins} neighbouring bins
 *                      on either side (zeros outside the window). Lazily computed from shuffle
 *                      output, not cached and in no particular order across partitions: persist it
 *                      (and key it by {@link Piece#id()} if order matters) before using it twice
 * @param source        the input path
 * @param units         unit ids in column order
 * @param binWidth      bin width in seconds
 * @param t0            time of the left edge of bin 0, in seconds
 * @param bins          bins in the window, the remainder after the last whole piece included
 * @param pieceBins     bins per piece T
 * @param contextBins   neighbouring bins each piece carries on either side (0: none)
 * @param spikeCounts   spikes per kept unit inside the window (duplicates dropped), column order
 * @param unitLabels    what the input says about each kept unit, as in {@link BinnedRecording};
 *                      {@link UnitLabels#NONE} for spike tables, the only input binned by Spark
 * @param droppedUnits  units that were read but left out, with the reason
 * @param warnings      everything noteworthy, in the order the local {@code Binner} reports it
 */
public record DistributedRecording(JavaRDD<Piece> pieces, String source, List<String> units, double binWidth,
    double t0, long bins, int pieceBins, int contextBins, long[] spikeCounts, UnitLabels unitLabels,
    List<BinnedRecording.DroppedUnit> droppedUnits, List<String> warnings) {

    public DistributedRecording {
        units = List.copyOf(units);
        spikeCounts = spikeCounts.clone();
        droppedUnits = List.copyOf(droppedUnits);
        warnings = List.copyOf(warnings);
        if (spikeCounts.length != units.size()) {
            throw new IllegalArgumentException("spike counts for " + spikeCounts.length + " units, recording has "
                + units.size());
        }
        for (String u : unitLabels.byUnit().keySet()) {
            if (!units.contains(u)) {
                throw new IllegalArgumentException("labels for unit '" + u + "', which is not a column " + units);
            }
        }
        unitLabels = unitLabels.keep(units);
    }

    @Override
    public long[] spikeCounts() {
        return spikeCounts.clone();
    }

    /** Visible units V (columns of every piece). */
    public int visible() {
        return units.size();
    }

    /** Whole pieces P = floor(bins / T). */
    public long pieceCount() {
        return bins / pieceBins;
    }

    /** Bins after the last whole piece, dropped from the pieces (SPEC §1). */
    public int remainderBins() {
        return (int) (bins % pieceBins);
    }

    /** Length of the window in seconds (all bins, remainder included). */
    public double duration() {
        return bins * binWidth;
    }

    /** Spikes of one kept unit inside the window. */
    public long spikeCount(String unit) {
        int i = units.indexOf(unit);
        if (i < 0) {
            throw new IllegalArgumentException("no unit '" + unit + "' in " + source);
        }
        return spikeCounts[i];
    }

    /** Total spikes of the kept units inside the window. */
    public long totalSpikes() {
        long s = 0;
        for (long c : spikeCounts) {
            s += c;
        }
        return s;
    }
}
