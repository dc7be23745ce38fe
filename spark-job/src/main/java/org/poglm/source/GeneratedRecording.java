package org.poglm.source;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.PieceSource;
import org.poglm.distributed.Progress;
import org.poglm.result.Provenance;
import org.poglm.synthetic.SyntheticTruth;

/**
 * The built-in generator's recording (SPEC §6): {@code pieces} pieces of the network {@code truth},
 * generated on the executors (piece p is a pure function of the generator's seed and p); its true
 * network is known, so every fit reports parameter recovery.
 */
public record GeneratedRecording(SyntheticTruth truth, int pieces) implements RecordingSource {

    @Override
    public String path() {
        return null;
    }

    @Override
    public OpenedRecording open(Configuration hadoop, PrintStream console) {
        List<String> units = new ArrayList<>();
        for (int v = 0; v < truth.visible(); v++) {
            units.add("n" + v);
        }
        Provenance.Recording summary = new Provenance.Recording(units, truth.visible(), pieces, 0, null, 0, truth.bins(),
            null, null, null, null, null, null, null, null, null);
        Provenance.Input input = Provenance.Input.generated(new Provenance.Synthetic(truth.seed(), truth.neurons(),
            truth.visible(), pieces, truth.bins()));
        return new OpenedRecording() {
            @Override
            public Provenance.Recording summary() {
                return summary;
            }

            @Override
            public LoadedRecording load(SparkSession spark, PieceShape shape, Progress progress) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                return new LoadedRecording(input, summary, List.of(), Map.of(), Truth.of(truth),
                    new LoadedRecording.Pieces() {
                    @Override
                    public JavaRDD<PieceBlock> blocks(PieceSource.PieceIds range, int trainPieces, int partitions) {
                        return PieceSource.synthetic(jsc, truth, range, partitions);
                    }

                    @Override
                    public void release() {
                        // Generated on the executors: nothing to free.
                    }
                });
            }
        };
    }
}
