package org.poglm.ingest;

import java.util.List;

import org.poglm.data.Recording;

/**
 * A recording binned and windowed for training (SPEC §1), with everything a user should be told
 * about how it was made: warnings, dropped units and why, the remainder bins that do not fill a
 * piece, and per-unit spike counts.
 *
 * @param recording     the counts, bin width and unit names (columns); holds every bin of the
 *                      window, including the remainder that {@link Recording#cut} drops
 * @param source        the input path
 * @param t0            time of the left edge of bin 0, in seconds
 * @param pieceBins     bins per piece T
 * @param spikeCounts   spikes per kept unit inside the window, in column order
 * @param unitLabels    what the input says about each kept unit (brain region, electrode group,
 *                      phy cluster group, channel, ...; field names are {@link UnitLabels}'
 *                      constants), kept units only, in column order; {@link UnitLabels#NONE} for
 *                      formats without labels (spike tables, count matrices, .npy counts)
 * @param droppedUnits  units that were read but left out, with the reason
 * @param warnings      everything noteworthy, in the order it happened (reader warnings first)
 */
public record BinnedRecording(Recording recording, String source, double t0, int pieceBins, long[] spikeCounts,
    UnitLabels unitLabels, List<DroppedUnit> droppedUnits, List<String> warnings) {

    /** A unit left out of the recording, and why (no spikes, below the minimum rate, ...). */
    public record DroppedUnit(String unit, String reason) {
    }

    public BinnedRecording {
        spikeCounts = spikeCounts.clone();
        droppedUnits = List.copyOf(droppedUnits);
        warnings = List.copyOf(warnings);
        if (spikeCounts.length != recording.visible()) {
            throw new IllegalArgumentException("spike counts for " + spikeCounts.length + " units, recording has "
                + recording.visible());
        }
        for (String u : unitLabels.byUnit().keySet()) {
            if (!recording.units().contains(u)) {
                throw new IllegalArgumentException("labels for unit '" + u + "', which is not a column of the "
                    + "recording " + recording.units());
            }
        }
        unitLabels = unitLabels.keep(recording.units());
    }

    @Override
    public long[] spikeCounts() {
        return spikeCounts.clone();
    }

    /** Unit ids in column order. */
    public List<String> units() {
        return recording.units();
    }

    public int bins() {
        return recording.bins();
    }

    /** Whole pieces of {@link #pieceBins()} bins. */
    public int pieceCount() {
        return recording.pieceCount(pieceBins);
    }

    /** Bins after the last whole piece, dropped from training (SPEC §1). */
    public int remainderBins() {
        return recording.remainderBins(pieceBins);
    }

    /** Length of the window in seconds (all bins, remainder included). */
    public double duration() {
        return recording.bins() * recording.binWidth();
    }

    /** Spikes of one kept unit inside the window. */
    public long spikeCount(String unit) {
        int i = recording.units().indexOf(unit);
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
