package org.poglm.source;

import org.apache.spark.sql.SparkSession;
import org.poglm.distributed.Progress;
import org.poglm.result.Provenance;

/** A recording source after its checks on the driver, ready to load its pieces on the cluster. */
public interface OpenedRecording {
    /** The recording's summary when it is known before Spark runs (a file read on the driver), else null. */
    Provenance.Recording summary();

    /** The visible units' count when known before Spark runs, else -1. */
    default int visible() {
        Provenance.Recording s = summary();
        return s == null ? -1 : s.visible();
    }

    /** What a user should be told about the recording, when it was read before Spark runs. */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    /** Puts the pieces on the executors, cut into pieces of {@code shape}. */
    LoadedRecording load(SparkSession spark, PieceShape shape, Progress progress);
}
