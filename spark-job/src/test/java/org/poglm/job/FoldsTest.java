package org.poglm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.distributed.RddObjective;
import org.poglm.distributed.SparkTestSession;
import org.poglm.result.PieceScore;
import org.poglm.result.Provenance;
import org.poglm.result.ResultReader;
import org.poglm.result.SummaryRow;
import org.poglm.source.GeneratedRecording;
import org.poglm.sweep.Grid;
import org.poglm.sweep.Sweep;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.Start;
import org.poglm.train.Stopping;
import org.poglm.train.TrainingConfig;

/** Blocked cross-validation over time: every piece tests once, each fold's configurations are their own. */
class FoldsTest {
    @TempDir
    Path tmp;

    @Test
    void threeFoldsTestEveryPieceOnceWithEarlyStopping() throws java.io.IOException {
        Sweep base = new Sweep(Grid.of(List.of("exponential"), List.of("fb"), List.of(0, 1), List.of(0L),
            TrainingConfig.defaults(0).withSamples(2)).expand(), 4, 4, false, 0, 20, Basis.defaultBasis(),
            Padding.ZERO, 40, Start.DATA, new Stopping(2, 0.05), 0.2);
        Path out = tmp.resolve("folds");
        SweepJob.Spec spec = new SweepJob.Spec("test", new GeneratedRecording(
            SyntheticGenerator.truth(3, 5, 3, 40, Basis.defaultBasis()), 15), base, 0, 0.0, 3, out.toString(), false,
            null, 2, RddObjective.Options.defaults(), Map.of());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new SweepJob(new PrintStream(console, true, StandardCharsets.UTF_8)).run(spec, SparkTestSession.get());
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("(fold 3)"), text);

        ResultReader r = new ResultReader(FileSystem.getLocal(new Configuration()).getRawFileSystem(),
            new org.apache.hadoop.fs.Path(out.toString()));
        List<SummaryRow> rows = r.summary();
        assertEquals(List.of("glm-fold1", "fb-exponential-h1-s0-fold1", "glm-fold2", "fb-exponential-h1-s0-fold2",
            "glm-fold3", "fb-exponential-h1-s0-fold3"), rows.stream().map(SummaryRow::configId).toList());
        assertEquals("2", rows.get(3).settings().get("fold"));
        for (SummaryRow row : rows) {
            assertTrue(row.epochs() >= 1 && row.epochs() <= 4, row.configId() + " stopped by epoch 4");
            assertTrue(Double.isFinite(row.validationElbo()), row.configId());
        }
        // Every one of the 15 pieces tests once for the GLM and once for H = 1, pooled over the folds.
        Map<Long, Integer> tested = new HashMap<>();
        for (PieceScore p : r.pieces()) {
            tested.merge(p.pieceId(), 1, Integer::sum);
        }
        assertEquals(15, tested.size());
        assertTrue(tested.values().stream().allMatch(n -> n == 2), tested.toString());
        Provenance prov = r.provenance();
        assertEquals(3, prov.recording().folds());
        assertEquals(6, prov.training().size());
        assertEquals(3, r.units().stream().map(u -> u.fold()).distinct().count(), "units.csv: rates per fold");
    }
}
