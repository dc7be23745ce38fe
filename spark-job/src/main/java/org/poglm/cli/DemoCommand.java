package org.poglm.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.job.SweepJob;
import org.poglm.result.SummaryRow;
import org.poglm.distributed.SweepTrainer;
import org.poglm.sweep.Grid;
import org.poglm.sweep.Sweep;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.Preset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import org.poglm.distributed.RddObjective;
import org.poglm.source.GeneratedRecording;

/**
 * {@code poglm demo}: a sweep on the built-in synthetic recording (the paper's setup, SPEC §6:
 * 5 neurons, 3 visible, 40 training and 20 test pieces), no input needed. Compares the fully
 * observed GLM with H = 2 under three families and two schemes, three seeds each, and reports
 * parameter recovery against the generator's truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a small sweep on the built-in synthetic recording (no input needed).")
public final class DemoCommand implements Callable<Integer> {
    /** The generator seed of the demo recording. */
    public static final long DATA_SEED = 1;

    @ParentCommand
    Main main;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default: poglm-demo/<date-time>).")
    String out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the pieces (default: Spark's parallelism).")
    int partitions;

    @Option(names = "--overwrite", description = "Replace a finished result in --out.")
    boolean overwrite;

    @Override
    public Integer call() {
        String dir = out != null ? out
            : "poglm-demo/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Report.started(main.console(), "demo", "the paper's synthetic recording (seed " + DATA_SEED + ")", dir);
        SweepJob.Spec spec = spec(dir, overwrite, partitions);
        SweepJob job = new SweepJob(main.console());
        SweepJob.Prepared prepared = job.prepare(spec, new org.apache.hadoop.conf.Configuration());
        boolean created = Main.noSessionYet();
        long sparkStart = System.nanoTime();
        SparkSession spark = Main.spark(master, "demo", main.console());
        double sparkSeconds = created ? (System.nanoTime() - sparkStart) / 1e9 : Double.NaN;
        try {
            SweepJob.Result r = job.run(prepared, spark);
            Report.print(main.console(), r, main.elapsedSeconds(), sparkSeconds);
            return r.rows().stream().allMatch(SummaryRow::diverged) ? Main.DIVERGED : Main.OK;
        } finally {
            Main.release(spark, created);
        }
    }

    static SweepJob.Spec spec(String out, boolean overwrite, int partitions) {
        Preset p = Preset.SYNTHETIC;
        Grid grid = Grid.of(List.of("exponential", "eat-cubic", "poisson"), List.of("f", "fb"), List.of(0, 2),
            List.of(0L, 1L, 2L), p.training(0));
        Sweep sweep = new Sweep(grid.expand(), p.epochs, p.batchSize, false, 0, p.evalSamples, Basis.defaultBasis(),
            Padding.ZERO, SyntheticGenerator.PAPER_BINS);
        int pieces = SyntheticGenerator.PAPER_TRAIN + SyntheticGenerator.PAPER_TEST;
        return new SweepJob.Spec("demo", new GeneratedRecording(SyntheticGenerator.paperTruth(DATA_SEED), pieces),
            sweep, SyntheticGenerator.PAPER_TEST, 0.0, 0, out, overwrite, null, partitions, RddObjective.Options.defaults(),
            Map.of("preset", p.label, "data_seed", DATA_SEED));
    }
}
