package org.poglm.source;

import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.PieceSource;
import org.poglm.result.Provenance;

/**
 * A recording ready for a run, whatever its source: what it is ({@code input}), its summary
 * (units, bins, pieces, rates, dropped units), the warnings a user must see, the input's labels of
 * its units (unit id to label name to value; empty when the format has none), the true network
 * when the source knows it (the generator), and its pieces on the executors.
 */
public record LoadedRecording(Provenance.Input input, Provenance.Recording summary, List<String> warnings,
                              Map<String, Map<String, String>> unitLabels, Truth truth, Pieces pieces) {
    public LoadedRecording {
        warnings = List.copyOf(warnings);
        unitLabels = Map.copyOf(unitLabels);
    }

    /** The recording's pieces on the executors. */
    public interface Pieces {
        /**
         * The cached blocks of the pieces with ids in {@code range} (indexed 0..count-1), dealt over
         * {@code partitions}; {@code trainPieces} pieces train, and the last of them does not see
         * the first test bins as context.
         */
        JavaRDD<PieceBlock> blocks(PieceSource.PieceIds range, int trainPieces, int partitions);

        /** Frees what loading put on the cluster (broadcasts). */
        void release();
    }

    public int visible() {
        return summary.visible();
    }

    public List<String> units() {
        return summary.units();
    }
}
