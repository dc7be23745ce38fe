package org.poglm.job;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.poglm.data.Piece;
import org.poglm.data.Recording;
import org.poglm.eval.ParameterRecovery;
import org.poglm.ingest.BinnedRecording;
import org.poglm.ingest.RecordingReader;
import org.poglm.ingest.spark.DistributedRecording;
import org.poglm.ingest.spark.SparkSpikeBinner;
import org.poglm.model.ParameterLayout;
import org.poglm.output.BuildInfo;
import org.poglm.output.OutputDirectory;
import org.poglm.output.ResultFiles;
import org.poglm.report.ReportFailure;
import org.poglm.report.ReportWriter;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.PieceSource;
import org.poglm.distributed.SweepContext;
import org.poglm.distributed.SweepEvaluator;
import org.poglm.distributed.SweepTrainer;
import org.poglm.distributed.TaskProgress;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticTruth;
import org.poglm.train.TrainingState;
import org.poglm.errors.ConfigurationException;
import org.poglm.numerics.VectorMath;
import org.poglm.distributed.RddObjective;
import org.poglm.train.TrainingLoop;

/**
 * One run of the job: read (or generate) the recording, cut and split it, train the whole sweep
 * on Spark, evaluate every configuration on the test pieces, and write the result directory
 * atomically.
 */
public final class SweepJob {
    /** Where the pieces come from. */
    public sealed interface Source permits FileSource, SyntheticSource, DistributedSpikeSource {
    }

    /** A recording file or folder, read on the driver by {@link RecordingReader}. */
    public record FileSource(String path, RecordingReader.Format format, org.poglm.ingest.ReadOptions options)
        implements Source {
    }

    /**
     * A spike table (CSV/TSV/Parquet) too large for the driver: read and binned by Spark itself
     * ({@link SparkSpikeBinner}); no spike is collected on the driver.
     */
    public record DistributedSpikeSource(String path, org.poglm.ingest.SpikeTableOptions table,
                                         org.poglm.ingest.BinningOptions binning) implements Source {
    }

    /** The built-in synthetic generator, pieces generated on the executors. */
    public record SyntheticSource(SyntheticTruth truth, int pieces) implements Source {
    }

    /**
     * Everything a run needs. Exactly one of {@code testPieces} (> 0) or {@code testFraction} (in (0, 1))
     * chooses the test set: the last pieces in time.
     */
    public record Spec(String command, Source source, Sweep sweep, int testPieces, double testFraction,
                       String out, boolean overwrite, String truthPath, int partitions,
                       RddObjective.Options trainer, Map<String, Object> options) {
    }

    /** What a run produced. */
    public record Result(String out, List<ResultFiles.Row> rows, double seconds) {
    }

    private final PrintStream console;
    private final Progress progress;
    private final ReportStep report;

    /** Writes the report of the result staged in {@code dir}; a test's seam to make it fail. */
    interface ReportStep {
        ReportWriter.Written write(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path dir);
    }

    public SweepJob(PrintStream console) {
        this(console, (fs, dir) -> ReportWriter.write(fs, dir, dir));
    }

    SweepJob(PrintStream console, ReportStep report) {
        this.console = console;
        this.progress = new Progress(console);
        this.report = report;
    }

    /**
     * Everything read or checked before Spark starts: the recording (or the generator), the split,
     * the truth and the input's identity. Bad input fails here, in seconds.
     */
    public record Prepared(Spec spec, Recording recording, SyntheticTruth synthetic, DistributedRecording distributed,
                           int totalPieces, int trainPieces, int testPieces, int visible, List<String> units, Truth truth,
                           Map<String, Object> input, Map<String, Object> recordingInfo, List<String> warnings) {
    }

    public Prepared prepare(Spec spec, Configuration hadoop) {
        OutputDirectory.check(spec.out(), spec.overwrite(), hadoop);
        OutputDirectory.checkOutsideInput(spec.out(), spec.source() instanceof FileSource f ? f.path()
            : spec.source() instanceof DistributedSpikeSource d ? d.path() : null, hadoop);
        Sweep sweep = spec.sweep();
        List<String> warnings = new ArrayList<>();
        Map<String, Object> recordingInfo = new LinkedHashMap<>();
        int totalPieces;
        int visible;
        List<String> units;
        Recording recording = null;
        SyntheticTruth synthetic = null;
        Map<String, Object> input = new LinkedHashMap<>();
        if (spec.source() instanceof DistributedSpikeSource ds) {
            // Read and binned once Spark runs; here only what needs no cluster.
            InputChecksum.requireExists(ds.path(), hadoop);
            return new Prepared(spec, null, null, null, 0, 0, 0, 0, List.of(), null, input, recordingInfo, warnings);
        }
        if (spec.source() instanceof FileSource fs) {
            console.println("reading " + fs.path());
            BinnedRecording binned = new RecordingReader(hadoop).read(fs.path(), fs.format(), fs.options());
            recording = binned.recording();
            totalPieces = binned.pieceCount();
            visible = recording.visible();
            units = recording.units();
            warnings.addAll(binned.warnings());
            input.put("path", fs.path());
            input.put("format", fs.format().name().toLowerCase(Locale.ROOT));
            input.putAll(InputChecksum.of(fs.path(), hadoop));
            recordingInfo.put("t0_seconds", binned.t0());
            recordingInfo.put("remainder_bins", binned.remainderBins());
            recordingInfo.put("spikes", binned.totalSpikes());
            double seconds = recording.bins() * recording.binWidth();
            recordingInfo.put("duration_seconds", seconds);
            List<Double> rates = new ArrayList<>();
            for (long c : binned.spikeCounts()) {
                rates.add(c / seconds);
            }
            recordingInfo.put("unit_rates_hz", rates);
            recordingInfo.put("dropped_units", binned.droppedUnits().stream()
                .map(d -> Map.of("unit", d.unit(), "reason", d.reason())).toList());
            console.printf(Locale.ROOT, "recording: %d units, %d bins of %s s (%.1f s), %d pieces of %d bins%s%n",
                visible, recording.bins(), recording.binWidth(), recording.bins() * recording.binWidth(), totalPieces,
                sweep.pieceBins(), binned.remainderBins() > 0 ? ", " + binned.remainderBins() + " remainder bins dropped"
                    : "");
            for (String w : binned.warnings()) {
                console.println("warning: " + w);
            }
        } else {
            SyntheticSource ss = (SyntheticSource) spec.source();
            synthetic = ss.truth();
            totalPieces = ss.pieces();
            visible = synthetic.visible();
            units = new ArrayList<>();
            for (int v = 0; v < visible; v++) {
                units.add("n" + v);
            }
            input.put("synthetic", Map.of("generator_seed", synthetic.seed(), "neurons", synthetic.neurons(),
                "visible", visible, "pieces", totalPieces, "bins_per_piece", synthetic.bins()));
        }
        int testPieces = spec.testPieces() > 0 ? spec.testPieces()
            : (int) Math.round(totalPieces * spec.testFraction());
        int trainPieces = totalPieces - testPieces;
        if (testPieces < 1 || trainPieces < 1) {
            throw new ConfigurationException(spec.testPieces() > 0 ? "test-pieces" : "test-fraction",
                spec.testPieces() > 0 ? spec.testPieces() : spec.testFraction(),
                "at least one training and one test piece out of " + totalPieces);
        }
        recordingInfo.put("units", units);
        recordingInfo.put("visible", visible);
        recordingInfo.put("pieces", totalPieces);
        recordingInfo.put("train_pieces", trainPieces);
        recordingInfo.put("test_pieces", testPieces);
        recordingInfo.put("bins_per_piece", sweep.pieceBins());
        if (recording != null) {
            recordingInfo.put("bin_width_seconds", recording.binWidth());
            recordingInfo.put("bins", recording.bins());
        }
        Truth truth = synthetic != null ? Truth.of(synthetic)
            : spec.truthPath() != null ? Truth.read(spec.truthPath(), visible, hadoop) : null;
        return new Prepared(spec, recording, synthetic, null, totalPieces, trainPieces, testPieces, visible, units, truth,
            input, recordingInfo, warnings);
    }

    /** Prepares (reads the input) and runs. */
    public Result run(Spec spec, SparkSession spark) {
        return run(prepare(spec, JavaSparkContext.fromSparkContext(spark.sparkContext()).hadoopConfiguration()), spark);
    }

    public Result run(Prepared prepared, SparkSession spark) {
        Prepared prep = prepared.spec().source() instanceof DistributedSpikeSource ? binOnSpark(prepared, spark) : prepared;
        Spec spec = prep.spec();
        Instant started = Instant.now();
        String runId = started.toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
            + UUID.randomUUID().toString().substring(0, 8);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();
        Sweep sweep = spec.sweep();
        Recording recording = prep.recording();
        SyntheticTruth synthetic = prep.synthetic();
        int trainPieces = prep.trainPieces();
        int testPieces = prep.testPieces();
        int visible = prep.visible();
        List<String> units = prep.units();
        Truth truth = prep.truth();

        // ---- pieces on the executors
        int partitions = spec.partitions() > 0 ? spec.partitions() : jsc.defaultParallelism();
        JavaRDD<PieceBlock> train;
        JavaRDD<PieceBlock> test;
        Broadcast<Recording> recB = null;
        int context = sweep.padding() == org.poglm.data.Padding.CONTEXT ? sweep.basis().length() : 0;
        if (prep.distributed() != null) {
            JavaRDD<Piece> pieces = prep.distributed().pieces();
            train = PieceSource.fromPieces(jsc, pieces, new PieceSource.Range(0, trainPieces), context, trainPieces,
                partitions);
            test = PieceSource.fromPieces(jsc, pieces, new PieceSource.Range(trainPieces, testPieces), context,
                trainPieces, partitions);
        } else if (recording != null) {
            recB = jsc.broadcast(recording);
            train = PieceSource.fromRecording(jsc, recB, new PieceSource.Range(0, trainPieces), sweep.pieceBins(), context,
                trainPieces, partitions);
            test = PieceSource.fromRecording(jsc, recB, new PieceSource.Range(trainPieces, testPieces), sweep.pieceBins(),
                context, trainPieces, partitions);
        } else {
            train = PieceSource.synthetic(jsc, synthetic, new PieceSource.Range(0, trainPieces), partitions);
            test = PieceSource.synthetic(jsc, synthetic, new PieceSource.Range(trainPieces, testPieces), partitions);
        }
        double[] rates = baselineRates(train, visible);

        // ---- train
        SweepContext ctx = new SweepContext(runId, sweep, visible, trainPieces);
        Broadcast<SweepContext> ctxB = jsc.broadcast(ctx);
        progress.begin(String.format(Locale.ROOT, "training %d configuration%s on %d pieces (%d test), %d epochs of "
                + "%d steps, master %s, %d partitions, kernels %s", sweep.size(), sweep.size() == 1 ? "" : "s",
            trainPieces, testPieces, sweep.epochs(), ctx.schedule().batchesPerEpoch(), jsc.master(), partitions,
            VectorMath.kernels()));
        TrainingLines lines = new TrainingLines(progress);
        TrainingLoop.Result trained = SweepTrainer.train(jsc, train, sweep, ctxB, spec.trainer(), lines);
        lines.end();

        // ---- evaluate
        long evalStart = System.nanoTime();
        double[][] params = new double[sweep.size()][];
        for (int c = 0; c < sweep.size(); c++) {
            params[c] = trained.states().get(c).params();
        }
        progress.begin(String.format(Locale.ROOT, "evaluating on %d test pieces with %d importance samples", testPieces,
            sweep.evalSamples()));
        SweepEvaluator.Scores scores = SweepEvaluator.evaluate(jsc, test, testPieces, ctxB, params, rates,
            (done, total) -> progress.update(done, total, () -> "evaluation: " + done + "/" + total
                + " log-likelihoods (test pieces x configurations)"));
        progress.end("evaluation done: " + testPieces + " test pieces x " + sweep.size() + " configurations");
        double evalWall = (System.nanoTime() - evalStart) / 1e9;

        // ---- results
        List<ResultFiles.Row> rows = new ArrayList<>();
        for (int c = 0; c < sweep.size(); c++) {
            SweepConfig cfg = sweep.configs().get(c);
            TrainingState st = trained.states().get(c);
            ParameterRecovery.Result rec = null;
            if (truth != null) {
                ParameterLayout layout = st.spec().layout();
                rec = ParameterRecovery.match(truth.weights(), truth.biases(), ResultFiles.weights(st.params(), layout),
                    ResultFiles.biases(st.params(), layout), visible);
            }
            rows.add(ResultFiles.Row.of(cfg, st, scores, c, rec, trained.computeSeconds()[c],
                scores.computeSeconds()[c]));
        }
        Instant finished = Instant.now();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("run_id", runId);
        provenance.put("command", spec.command());
        provenance.put("options", spec.options());
        provenance.put("input", prep.input());
        provenance.put("recording", prep.recordingInfo());
        provenance.put("sweep", ResultFiles.describe(sweep, ctx));
        provenance.put("seeds", sweep.configs().stream().map(SweepConfig::seed).distinct().toList());
        provenance.put("code", BuildInfo.get());
        provenance.put("java", Map.of("version", System.getProperty("java.version"), "vendor",
            System.getProperty("java.vendor"), "kernels", VectorMath.kernels()));
        provenance.put("spark", Map.of("version", spark.version(), "master", jsc.master(), "app_id",
            jsc.sc().applicationId(), "default_parallelism", jsc.defaultParallelism()));
        provenance.put("timing", Map.of("started", started.toString(), "finished", finished.toString(),
            "train_wall_seconds", trained.wallSeconds(), "eval_wall_seconds", evalWall, "steps", trained.steps()));
        provenance.put("warnings", prep.warnings());

        OutputDirectory out = OutputDirectory.open(spec.out(), spec.overwrite(), hadoop, runId);
        try {
            ResultFiles.write(out, sweep, trained.states(), rows, scores, units, provenance);
            if (truth != null) {
                ResultFiles.writeTruth(out, truth.weights(), truth.biases(), truth.visible(), units);
            }
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
        ctxB.destroy();
        if (recB != null) {
            recB.destroy();
        }
        train.unpersist();
        test.unpersist();
        return new Result(out.path().toString(), rows, java.time.Duration.between(started, finished).toMillis() / 1e3);
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

    /** Bins a large spike table on the executors and fills in what {@link #prepare} could not. */
    Prepared binOnSpark(Prepared prep, SparkSession spark) {
        Spec spec = prep.spec();
        DistributedSpikeSource ds = (DistributedSpikeSource) spec.source();
        Configuration hadoop = JavaSparkContext.fromSparkContext(spark.sparkContext()).hadoopConfiguration();
        Sweep sweep = spec.sweep();
        int context = sweep.padding() == org.poglm.data.Padding.CONTEXT ? sweep.basis().length() : 0;
        progress.begin("binning " + ds.path() + " on Spark");
        DistributedRecording dr = TaskProgress.watch(spark.sparkContext(), null, (done, total, counted) ->
                progress.update(() -> "binning: " + done + "/" + total
                    + " Spark tasks done (of the passes started so far)"),
            () -> SparkSpikeBinner.bin(spark, ds.path(), ds.table(), ds.binning(), context));
        progress.end("binning done: " + dr.pieceCount() + " pieces");
        int totalPieces = Math.toIntExact(dr.pieceCount());
        int visible = dr.visible();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("path", ds.path());
        input.put("format", "spikes (binned on Spark)");
        input.putAll(InputChecksum.of(ds.path(), hadoop));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("t0_seconds", dr.t0());
        info.put("remainder_bins", dr.remainderBins());
        info.put("spikes", dr.totalSpikes());
        info.put("duration_seconds", dr.duration());
        List<Double> rates = new ArrayList<>();
        for (long c : dr.spikeCounts()) {
            rates.add(c / dr.duration());
        }
        info.put("unit_rates_hz", rates);
        info.put("dropped_units", dr.droppedUnits().stream().map(d -> Map.of("unit", d.unit(), "reason", d.reason()))
            .toList());
        console.printf(Locale.ROOT, "recording: %d units, %d bins of %s s (%.1f s), %d pieces of %d bins%n", visible,
            dr.bins(), dr.binWidth(), dr.duration(), totalPieces, sweep.pieceBins());
        for (String w : dr.warnings()) {
            console.println("warning: " + w);
        }
        int testPieces = spec.testPieces() > 0 ? spec.testPieces() : (int) Math.round(totalPieces * spec.testFraction());
        int trainPieces = totalPieces - testPieces;
        if (testPieces < 1 || trainPieces < 1) {
            throw new ConfigurationException(spec.testPieces() > 0 ? "test-pieces" : "test-fraction",
                spec.testPieces() > 0 ? spec.testPieces() : spec.testFraction(),
                "at least one training and one test piece out of " + totalPieces);
        }
        info.put("units", dr.units());
        info.put("visible", visible);
        info.put("pieces", totalPieces);
        info.put("train_pieces", trainPieces);
        info.put("test_pieces", testPieces);
        info.put("bins_per_piece", sweep.pieceBins());
        info.put("bin_width_seconds", dr.binWidth());
        info.put("bins", dr.bins());
        Truth truth = spec.truthPath() != null ? Truth.read(spec.truthPath(), visible, hadoop) : null;
        return new Prepared(spec, null, null, dr, totalPieces, trainPieces, testPieces, visible, dr.units(), truth, input,
            info, dr.warnings());
    }

    /** Mean spikes per bin of each visible neuron over the training pieces (one small Spark job). */
    static double[] baselineRates(JavaRDD<PieceBlock> train, int visible) {
        double[] sums = train.map(block -> {
            double[] s = new double[visible + 1];
            for (int i = 0; i < block.size(); i++) {
                Piece p = block.piece(i);
                for (int t = 0; t < p.bins(); t++) {
                    for (int v = 0; v < visible; v++) {
                        s[v] += p.count(t, v);
                    }
                }
                s[visible] += p.bins();
            }
            return s;
        }).reduce((a, b) -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        });
        double[] rates = new double[visible];
        for (int v = 0; v < visible; v++) {
            rates[v] = sums[v] / sums[visible];
        }
        return rates;
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

        TrainingLines(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void stepFinished(int epoch, int epochs, int batch, int batches, double meanElbo) {
            this.epochs = epochs;
            this.batches = batches;
            this.lastElbo = meanElbo;
            progress.update((long) epoch * batches + batch + 1, (long) epochs * batches, () -> String.format(Locale.ROOT,
                "training: epoch %d/%d, step %d/%d, mean ELBO %.3f per piece", epoch + 1, epochs, batch + 1, batches,
                meanElbo));
        }

        /** The closing line: always printed. */
        void end() {
            progress.end(String.format(Locale.ROOT, "training done: %d epochs of %d steps, mean ELBO %.3f per piece "
                + "in the last epoch", epochs, batches, lastElbo));
        }
    }

    /** SHA-256 and size of an input file or folder (its files in name order). */
    static final class InputChecksum {
        static void requireExists(String path, Configuration conf) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
                if (!p.getFileSystem(conf).exists(p)) {
                    throw new org.poglm.ingest.InputException(path + ": no such file or folder");
                }
            } catch (java.io.IOException e) {
                throw new org.poglm.ingest.InputException(path + ": cannot be read (" + e.getMessage() + ")");
            }
        }

        static Map<String, Object> of(String path, Configuration conf) {
            Map<String, Object> m = new LinkedHashMap<>();
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
                org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long bytes = 0;
                List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
                if (fs.getFileStatus(p).isDirectory()) {
                    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(p)) {
                        if (st.isFile()) {
                            files.add(st.getPath());
                        }
                    }
                    files.sort(null);
                } else {
                    files.add(p);
                }
                byte[] buf = new byte[1 << 16];
                for (org.apache.hadoop.fs.Path f : files) {
                    try (java.io.InputStream in = fs.open(f)) {
                        int r;
                        while ((r = in.read(buf)) > 0) {
                            md.update(buf, 0, r);
                            bytes += r;
                        }
                    }
                }
                StringBuilder hex = new StringBuilder();
                for (byte b : md.digest()) {
                    hex.append(String.format(Locale.ROOT, "%02x", b));
                }
                m.put("sha256", hex.toString());
                m.put("bytes", bytes);
                m.put("files", files.size());
            } catch (Exception e) {
                m.put("sha256", "unavailable: " + e.getMessage());
            }
            return m;
        }
    }
}
