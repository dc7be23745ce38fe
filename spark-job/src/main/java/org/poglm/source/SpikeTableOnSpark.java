package org.poglm.source;

import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.poglm.data.Piece;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.PieceSource;
import org.poglm.distributed.Progress;
import org.poglm.distributed.TaskProgress;
import org.poglm.ingest.BinningOptions;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.ingest.spark.DistributedRecording;
import org.poglm.ingest.spark.SparkSpikeBinner;
import org.poglm.result.Provenance;

/**
 * A spike table (CSV/TSV/Parquet) too large for the driver: read and binned by Spark itself
 * ({@link SparkSpikeBinner}); no spike is collected on the driver. Before Spark starts only its
 * existence can be checked.
 */
public record SpikeTableOnSpark(String path, SpikeTableOptions table, BinningOptions binning)
    implements RecordingSource {

    @Override
    public OpenedRecording open(Configuration hadoop, PrintStream console) {
        InputChecksum.requireExists(path, hadoop);
        return new OpenedRecording() {
            @Override
            public Provenance.Recording summary() {
                return null;
            }

            @Override
            public LoadedRecording load(SparkSession spark, PieceShape shape, Progress progress) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                progress.begin("binning " + path + " on Spark");
                DistributedRecording dr = TaskProgress.watch(spark.sparkContext(), null, (done, total, counted) ->
                        progress.update(() -> "binning: " + done + "/" + total
                            + " Spark tasks done (of the passes started so far)"),
                    () -> SparkSpikeBinner.bin(spark, path, table, binning, shape.contextBins()));
                progress.end("binning done: " + dr.pieceCount() + " pieces");
                Provenance.Input input = InputChecksum.of(path, "spikes (binned on Spark)", jsc.hadoopConfiguration());
                Provenance.Recording summary = RecordingSummaries.binned(dr.units(), dr.binWidth(), dr.bins(), dr.t0(),
                    dr.pieceBins(), dr.spikeCounts(), dr.droppedUnits());
                JavaRDD<Piece> pieces = dr.pieces();
                return new LoadedRecording(input, summary, dr.warnings(), dr.unitLabels().byUnit(), null,
                    new LoadedRecording.Pieces() {
                    @Override
                    public JavaRDD<PieceBlock> blocks(PieceSource.PieceIds range, int trainPieces, int partitions) {
                        return PieceSource.fromPieces(jsc, pieces, range, shape.contextBins(), trainPieces, partitions);
                    }

                    @Override
                    public void release() {
                        // The binned pieces are recomputed from shuffle output, nothing is held.
                    }
                });
            }
        };
    }
}
