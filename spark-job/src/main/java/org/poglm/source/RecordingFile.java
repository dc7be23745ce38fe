package org.poglm.source;

import java.io.PrintStream;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.poglm.data.Recording;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.PieceSource;
import org.poglm.distributed.Progress;
import org.poglm.ingest.BinnedRecording;
import org.poglm.ingest.ReadOptions;
import org.poglm.ingest.RecordingReader;
import org.poglm.result.Provenance;

/**
 * A recording file or folder (spike table, count matrix, phy folder, NWB file), read and binned on
 * the driver by {@link RecordingReader} when the run opens it; the executors cut their pieces from
 * a broadcast of the binned counts.
 */
public record RecordingFile(String path, RecordingReader.Format format, ReadOptions options)
    implements RecordingSource {

    @Override
    public OpenedRecording open(Configuration hadoop, PrintStream console) {
        console.println("reading " + path);
        BinnedRecording binned = new RecordingReader(hadoop).read(path, format, options);
        Recording recording = binned.recording();
        Provenance.Input input = InputChecksum.of(path, format.name().toLowerCase(Locale.ROOT), hadoop);
        Provenance.Recording summary = RecordingSummaries.binned(recording.units(), recording.binWidth(),
            recording.bins(), binned.t0(), binned.pieceBins(), binned.spikeCounts(), binned.droppedUnits());
        return new OpenedRecording() {
            @Override
            public Provenance.Recording summary() {
                return summary;
            }

            @Override
            public java.util.List<String> warnings() {
                return binned.warnings();
            }

            @Override
            public LoadedRecording load(SparkSession spark, PieceShape shape, Progress progress) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                Broadcast<Recording> shipped = jsc.broadcast(recording);
                return new LoadedRecording(input, summary, binned.warnings(), binned.unitLabels().byUnit(), null,
                    new LoadedRecording.Pieces() {
                    @Override
                    public JavaRDD<PieceBlock> blocks(PieceSource.PieceIds range, int trainPieces, int partitions) {
                        return PieceSource.fromRecording(jsc, shipped, range, shape.pieceBins(), shape.contextBins(),
                            trainPieces, partitions);
                    }

                    @Override
                    public void release() {
                        shipped.destroy();
                    }
                });
            }
        };
    }
}
