package org.poglm.job;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.poglm.data.Padding;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.Progress;
import org.poglm.errors.ConfigurationException;
import org.poglm.distributed.RddObjective;
import org.poglm.distributed.SweepContext;
import org.poglm.distributed.SweepEvaluator;
import org.poglm.distributed.SweepTrainer;
import org.poglm.numerics.VectorMath;
import org.poglm.report.ReportFailure;
import org.poglm.report.ReportWriter;
import org.poglm.result.BuildInfo;
import org.poglm.result.OutputDirectory;
import org.poglm.result.Provenance;
import org.poglm.result.ResultWriter;
import org.poglm.result.SummaryRow;
import org.poglm.result.UnitRow;
import org.poglm.source.LoadedRecording;
import org.poglm.source.OpenedRecording;
import org.poglm.source.PieceShape;
import org.poglm.source.RecordingSource;
import org.poglm.source.Split;
import org.poglm.source.Truth;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.TrainingLoop;
import org.poglm.train.TrainingState;

/**
 * One run of the job: open the recording (bad input fails before Spark starts), load its pieces on
 * the executors, train the whole sweep, evaluate every configuration on the test pieces, and
 * commit the result directory atomically with its report.
 */
public final class SweepJob {
    /**
     * Everything a run needs. Exactly one of {@code testPieces} (> 0) or {@code testFraction} (in (0, 1))
     * chooses the test set: the last pieces in time; with {@code folds} > 1 blocked cross-validation
     * over time tests every piece once instead.
     */
    public record Spec(String command, RecordingSource source, Sweep sweep, int testPieces, double testFraction,
                       int folds, String out, boolean overwrite, String truthPath, int partitions,
                       RddObjective.Options trainer, Map<String, Object> options) {
        public Spec {
            ConfigurationException.require(folds <= 1 || sweep.padding() == Padding.ZERO, "folds", folds,
                "zero padding (--padding zero): with context padding, training pieces next to a test block would "
                    + "read its bins");
        }
    }

    /** What a run produced. */
    public record Result(String out, List<SummaryRow> rows, double seconds) {
    }

    /** A run checked and its recording opened, before Spark starts; the truth is read when the units are known. */
    public record Prepared(Spec spec, OpenedRecording recording, Truth truth) {
    }

    /** Writes the report of the result staged in {@code dir}; a test's seam to make it fail. */
    interface ReportStep {
        ReportWriter.Written write(FileSystem fs, Path dir);
    }

    private final PrintStream console;
    private final Progress progress;
    private final ReportStep report;

    public SweepJob(PrintStream console) {
        this(console, (fs, dir) -> ReportWriter.write(fs, dir, dir));
    }

    SweepJob(PrintStream console, ReportStep report) {
        this.console = console;
        this.progress = new Progress(console);
        this.report = report;
    }

    /** Checks the output and opens the input; a recording read on the driver is read (and its split checked) here. */
    public Prepared prepare(Spec spec, Configuration hadoop) {
        OutputDirectory.check(spec.out(), spec.overwrite(), hadoop);
        OutputDirectory.checkOutsideInput(spec.out(), spec.source().path(), hadoop);
        OpenedRecording opened = spec.source().open(hadoop, console);
        Truth truth = null;
        if (opened.summary() != null) {
            announce(opened.summary(), opened.warnings());
            splits(spec, opened.summary());
            truth = spec.truthPath() == null ? null : Truth.read(spec.truthPath(), opened.visible(), hadoop);
        }
        return new Prepared(spec, opened, truth);
    }

    /** Prepares (reads the input) and runs. */
    public Result run(Spec spec, SparkSession spark) {
        return run(prepare(spec, spark.sparkContext().hadoopConfiguration()), spark);
    }

    public Result run(Prepared prepared, SparkSession spark) {
        Spec spec = prepared.spec();
        Sweep sweep = spec.sweep();
        Instant started = Instant.now();
        String runId = started.toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
            + UUID.randomUUID().toString().substring(0, 8);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();

        LoadedRecording recording = prepared.recording().load(spark, shape(sweep), progress);
        if (prepared.recording().summary() == null) {
            announce(recording.summary(), recording.warnings());
        }
        List<Split> splits = splits(spec, recording.summary());
        Truth truth = recording.truth() != null ? recording.truth() : prepared.truth() != null ? prepared.truth()
            : spec.truthPath() == null ? null : Truth.read(spec.truthPath(), recording.visible(), hadoop);
        int partitions = spec.partitions() > 0 ? spec.partitions() : jsc.defaultParallelism();
        List<SweepResults> folds = new ArrayList<>();
        double trainWall = 0;
        double evalWall = 0;
        long steps = 0;
        for (Split split : splits) {
            Fold f = fold(spec, split, recording, truth, runId, jsc, partitions);
            folds.add(f.results());
            trainWall += f.trainWall();
            evalWall += f.evalWall();
            steps += f.steps();
        }
        recording.pieces().release();

        SweepResults results = SweepResults.concat(folds);
        OutputDirectory out = OutputDirectory.open(spec.out(), spec.overwrite(), hadoop, runId);
        Instant finished = Instant.now();
        Split first = splits.get(0);
        Provenance provenance = new Provenance(runId, spec.command(), spec.options(), recording.input(),
            recording.summary().split(first.trainCount(), first.validationCount(), first.testCount(),
                splits.size() > 1 ? splits.size() : null), sweep.describe(first.trainCount()),
            sweep.configs().stream().map(SweepConfig::seed).distinct().toList(), results.training(), BuildInfo.code(),
            new Provenance.Java(System.getProperty("java.version"), System.getProperty("java.vendor"),
                VectorMath.kernels()),
            new Provenance.Spark(spark.version(), jsc.master(), jsc.sc().applicationId(), jsc.defaultParallelism()),
            new Provenance.Timing(started.toString(), finished.toString(), trainWall, evalWall, steps),
            recording.warnings(), out.path().toString(), null);
        commit(out, results, provenance, runId);
        return new Result(out.path().toString(), results.summary(), Duration.between(started, finished).toMillis() / 1e3);
    }

    /** One fold's results and times. */
    private record Fold(SweepResults results, double trainWall, double evalWall, long steps) {
    }

    /**
     * Trains the sweep on one split's training pieces (scoring its validation pieces when it stops
     * early) and evaluates every configuration on its test pieces.
     */
    private Fold fold(Spec spec, Split split, LoadedRecording recording, Truth truth, String runId,
                      JavaSparkContext jsc, int partitions) {
        Sweep sweep = split.fold() > 0 ? spec.sweep().inFold(split.fold()) : spec.sweep();
        String foldId = split.fold() > 0 ? runId + "-fold" + split.fold() : runId;
        String of = split.fold() > 0 ? " (fold " + split.fold() + ")" : "";
        int visible = recording.visible();
        // Each block's last piece does not see the next block's bins as context: train | validation | test.
        JavaRDD<PieceBlock> train = recording.pieces().blocks(split.train(), split.trainBoundary(), partitions);
        JavaRDD<PieceBlock> validation = split.validationCount() == 0 ? null
            : recording.pieces().blocks(split.validation(), split.validationBoundary(), partitions);
        JavaRDD<PieceBlock> test = recording.pieces().blocks(split.test(), split.validationBoundary(), partitions);
        double[] rates = SweepEvaluator.baselineRates(train, visible);
        double[] testRates = SweepEvaluator.baselineRates(test, visible);
        SweepContext ctx = new SweepContext(foldId, sweep, visible, split.trainCount());
        Broadcast<SweepContext> ctxB = jsc.broadcast(ctx);
        try {
            progress.begin(String.format(Locale.ROOT, "training %d configuration%s%s on %d pieces (%s%d test), %s%d "
                    + "epochs of %d steps, master %s, %d partitions, kernels %s", sweep.size(),
                sweep.size() == 1 ? "" : "s", of, split.trainCount(),
                split.validationCount() > 0 ? split.validationCount() + " validation, " : "", split.testCount(),
                sweep.stopping().early() ? "up to " : "", sweep.epochs(), ctx.schedule().batchesPerEpoch(),
                jsc.master(), partitions, VectorMath.kernels()));
            TrainingLines lines = new TrainingLines(progress);
            TrainingLoop.Result trained = SweepTrainer.train(jsc, train, validation, sweep, ctxB, spec.trainer(),
                lines);
            lines.end();

            long evalStart = System.nanoTime();
            progress.begin(String.format(Locale.ROOT, "evaluating%s on %d test pieces with %d importance samples", of,
                split.testCount(), sweep.evalSamples()));
            SweepEvaluator.Scores scores = SweepEvaluator.evaluate(jsc, test, split.testCount(), ctxB,
                params(trained), rates, (done, total) -> progress.update(done, total, () -> "evaluation: " + done
                    + "/" + total + " log-likelihoods (test pieces x configurations)"));
            progress.end("evaluation done: " + split.testCount() + " test pieces x " + sweep.size()
                + " configurations");
            double evalWall = (System.nanoTime() - evalStart) / 1e9;

            List<UnitRow> units = new ArrayList<>();
            for (int v = 0; v < visible; v++) {
                String unit = recording.units().get(v);
                units.add(new UnitRow(unit, split.fold(), recording.unitLabels().getOrDefault(unit, Map.of()),
                    rates[v], testRates[v]));
            }
            Provenance.Recording r = recording.summary();
            SweepResults.Timeline timeline = new SweepResults.Timeline(r.t0Seconds() == null ? 0 : r.t0Seconds(),
                r.binWidthSeconds() == null ? Double.NaN : r.binWidthSeconds(), r.binsPerPiece());
            double[] trainLl = SweepEvaluator.exactLogLikelihood(train, ctxB, params(trained));
            return new Fold(SweepResults.of(sweep, trained, scores, units, recording.unitLabels(), truth, timeline,
                    trainLl, SweepEvaluator.baselineLogLikelihood(train, rates)),
                trained.wallSeconds(), evalWall, trained.steps());
        } finally {
            ctxB.destroy();
            train.unpersist();
            if (validation != null) {
                validation.unpersist();
            }
            test.unpersist();
        }
    }

    /** Writes every file, then the report, then {@code _SUCCESS}; on failure nothing looks finished. */
    private void commit(OutputDirectory out, SweepResults results, Provenance provenance, String runId) {
        try {
            ResultWriter writer = new ResultWriter(out);
            results.write(writer);
            writer.provenance(provenance);
            try {
                ReportWriter.Written w = report.write(out.fileSystem(), out.stagingPath());
                console.printf(Locale.ROOT, "report: %d charts, %d tables (%.1f s)%n", w.charts(), w.tables(), w.seconds());
            } catch (RuntimeException | Error e) {
                // Errors too: a headless host without fonts fails in AWT with one (InternalError,
                // UnsatisfiedLinkError), and after an OutOfMemoryError while drawing, the memory is free again.
                recordReportFailure(out, e);
            }
            out.commit(runId + "\n");
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /**
     * A failed report does not fail the fit: its numbers are complete and {@code poglm report}
     * rebuilds the report from them without Spark. The failure is made visible instead (console,
     * provenance.json, a report.html saying so, see {@link ReportFailure}), the result is committed
     * and the exit code stays 0. On purpose: for scheduled reruns ({@code submit/poglm-rerun}, cron)
     * a result is finished when {@code _SUCCESS} exists and the exit code was 0; a non-zero exit
     * with {@code _SUCCESS} would be logged as a failure that the next rerun skips anyway, and
     * without {@code _SUCCESS} the next rerun would fit again for hours, to fail in the same report.
     */
    private void recordReportFailure(OutputDirectory out, Throwable e) {
        ReportFailure failure = new ReportFailure(e, ReportFailure.commandPath(out.path()));
        console.println("warning: " + failure.warning());
        try {
            failure.record(out.fileSystem(), out.stagingPath());
        } catch (RuntimeException again) {
            console.println("warning: the failure could not be recorded in provenance.json either (" + again + ")");
        }
    }

    /** The recording in one line, and its warnings. */
    private void announce(Provenance.Recording r, List<String> warnings) {
        String what = r.bins() == null ? String.format(Locale.ROOT, "recording: %d units, %d pieces of %d bins",
            r.visible(), r.pieces(), r.binsPerPiece())
            : String.format(Locale.ROOT, "recording: %d units, %d bins of %s s (%.1f s), %d pieces of %d bins%s",
            r.visible(), r.bins(), r.binWidthSeconds(), r.durationSeconds(), r.pieces(), r.binsPerPiece(),
            r.remainderBins() > 0 ? ", " + r.remainderBins() + " remainder bins dropped" : "");
        console.println(what);
        for (String w : warnings) {
            console.println("warning: " + w);
        }
    }

    /** The one split by time, or the folds of blocked cross-validation. */
    private static List<Split> splits(Spec spec, Provenance.Recording r) {
        if (spec.folds() > 1) {
            return Split.folds(r.pieces(), spec.folds(), spec.sweep().validationFraction());
        }
        return List.of(Split.of(r.pieces(), spec.testPieces(), spec.testFraction(), spec.sweep().validationFraction()));
    }

    private static PieceShape shape(Sweep sweep) {
        return new PieceShape(sweep.pieceBins(), sweep.padding() == Padding.CONTEXT ? sweep.basis().length() : 0);
    }

    private static double[][] params(TrainingLoop.Result trained) {
        return trained.states().stream().map(s -> s.params()).toArray(double[][]::new);
    }

    /**
     * Training progress (throttled by {@link Progress}): step s of S within epoch e of E, the mean
     * over the sweep of this epoch's ELBO per piece so far, and the time left from the time per step.
     */
    static final class TrainingLines implements TrainingLoop.Listener {
        private final Progress progress;
        private int epochs;
        private int batches;
        private double lastElbo = Double.NaN;
        /** Configurations still training and in all, once an epoch ended (-1 before). */
        private int training = -1;
        private int total;
        private List<TrainingState> states = List.of();

        TrainingLines(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void stepFinished(int epoch, int epochs, int batch, int batches, double meanElbo) {
            this.epochs = epoch + 1;
            this.batches = batches;
            this.lastElbo = meanElbo;
            String still = training >= 0 && training < total ? ", " + training + " of " + total
                + " configurations still training" : "";
            progress.update((long) epoch * batches + batch + 1, (long) epochs * batches, () -> String.format(Locale.ROOT,
                "training: epoch %d/%d, step %d/%d, mean ELBO %.3f per piece%s", epoch + 1, epochs, batch + 1, batches,
                meanElbo, still));
        }

        @Override
        public void epochFinished(int epoch, int epochs, List<TrainingState> states) {
            this.states = states;
            this.total = states.size();
            this.training = (int) states.stream().filter(TrainingState::training).count();
        }

        /** The closing line: always printed; with early stopping, how the configurations stopped. */
        void end() {
            String how = "";
            if (states.stream().anyMatch(s -> s.config().stopping().early())) {
                long converged = states.stream().filter(s -> s.outcome() != null && s.outcome().converged()).count();
                how = String.format(Locale.ROOT, "; %d of %d configurations converged", converged, states.size())
                    + (converged < states.size() ? ", the others reached the maximum of " + states.get(0).config().epochs()
                    + " epochs (summary.csv)" : "");
            }
            progress.end(String.format(Locale.ROOT, "training done: %d epochs of %d steps, mean ELBO %.3f per piece "
                + "in the last epoch%s", epochs, batches, lastElbo, how));
        }
    }
}
