package org.poglm.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.distributions.Distributions;
import org.poglm.ingest.BinningOptions;
import org.poglm.ingest.PhySelection;
import org.poglm.ingest.ReadOptions;
import org.poglm.ingest.RecordingReader;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.job.SweepJob;
import org.poglm.result.SummaryRow;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.distributed.SweepTrainer;
import org.poglm.sweep.Grid;
import org.poglm.sweep.GridValues;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.Preset;
import org.poglm.train.Start;
import org.poglm.train.Stopping;
import org.poglm.train.TrainingConfig;
import org.poglm.errors.ConfigurationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.poglm.distributed.RddObjective;
import org.poglm.source.RecordingFile;
import org.poglm.source.RecordingSource;
import org.poglm.source.SpikeTableOnSpark;

/**
 * {@code poglm fit}: train a sweep on a recording. Lists ({@code 1,2}) and integer ranges
 * ({@code 0-9}) define the grid; {@code --preset} fills the paper's hyper-parameters and explicit
 * options override it. {@code --help} lists the options in the sections of {@link #SECTIONS}.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "poglm fit --input=PATH --out=DIR [OPTION...]",
    descriptionHeading = "%n",
    description = {"Train a sweep of POGLM configurations on a recording and evaluate them on its last pieces.",
        "Options that take a LIST take comma lists (1,2) and integer ranges (0-9): every combination of their values "
            + "is one configuration, and all configurations train side by side in the same Spark jobs."},
    optionListHeading = "%n",
    footerHeading = "%nExamples:%n",
    footer = {
        "  A recording, with the defaults: hidden-neuron counts " + FitCommand.DEFAULT_HIDDEN + " (0: the fully",
        "  observed GLM), exponential family, FB scheme, seed 0, bins of " + BinningOptions.DEFAULT_BIN_WIDTH + " s,",
        "  pieces of " + BinningOptions.DEFAULT_PIECE_BINS + " bins, the last third of the pieces test; each "
            + "configuration",
        "  trains until its validation ELBO stops improving:",
        "    submit/poglm fit --input session12/spikes.csv --out results/session12",
        "",
        "  The paper's retina protocol (bin width, learning rates, epochs, batch size:",
        "  see 'poglm presets') with its 1, 2 and 3 hidden neurons, five seeds each:",
        "    submit/poglm fit --input rgc/spikes.csv --preset rgc --seeds 0-4 \\",
        "        --out results/rgc"})
public final class FitCommand implements Callable<Integer> {
    /** Spike tables from this size on are binned by Spark when --bin-on-spark is auto. */
    static final long SPARK_BINNING_MB = 256;

    /** The hidden-neuron counts without --hidden and without a preset: the GLM, 1 and 2 hidden neurons. */
    static final String DEFAULT_HIDDEN = "0,1,2";

    /** Kilosort/phy cluster labels that --units may select by. */
    static final List<String> PHY_LABELS = List.of("all", "good", "mua", "noise", "unsorted");

    /**
     * The sections of {@code --help}: a heading and its options, in this order (the fields below follow
     * it). Every option belongs to one (HelpTest checks it); {@link HelpSections} lays them out.
     */
    static final List<HelpSections.Section> SECTIONS = List.of(
        HelpSections.section("Input: the recording, its bins and pieces, which pieces test", "--input", "--format",
            "--bin-width", "--start", "--end", "--units", "--min-rate", "--unit-column", "--time-column",
            "--bin-on-spark", "--piece-bins", "--padding", "--test-fraction", "--test-pieces", "--folds", "--truth"),
        HelpSections.section("Model: what each configuration fits", "--hidden", "--distribution", "--scheme",
            "--nonlinearity", "--baseline", "--tau", "--categories", "--basis-decay", "--basis-window", "--basis"),
        HelpSections.section("Sweep: the paper's settings, and the repeats", "--preset", "--seeds"),
        HelpSections.section("Training and evaluation: how each configuration learns and is scored", "--init",
            "--epochs", "--max-epochs", "--patience", "--tolerance", "--validation-fraction", "--batch-size",
            "--mc-samples", "--lr-model", "--lr-variational", "--shuffle", "--sweep-seed", "--eval-samples"),
        HelpSections.section("Output: where the result goes", "--out", "--overwrite"),
        HelpSections.section("Cluster and Spark: where it runs", "--master", "--partitions", "--tree-depth",
            "--broadcast-above"));

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    // ---- input
    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Required. The recording: spike "
        + "table (CSV/TSV/Parquet unit,time; times in seconds), binned counts (CSV/NPY), Kilosort/phy folder or NWB 2 "
        + "file.")
    String input;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "auto (default), spikes, counts, npy, phy, nwb.")
    String format = "auto";

    @Option(names = "--bin-width", paramLabel = "SECONDS", description = "Bin width in seconds (default: the "
        + "preset's, else " + BinningOptions.DEFAULT_BIN_WIDTH + " s).")
    Double binWidth;

    @Option(names = "--start", paramLabel = "SECONDS",
        description = "Start of the window, in seconds (default: 0 or the first spike).")
    Double start;

    @Option(names = "--end", paramLabel = "SECONDS",
        description = "End of the window, in seconds (default: the last spike).")
    Double end;

    @Option(names = "--units", paramLabel = "IDS",
        description = "Units to keep: comma-separated ids; for phy folders also all, good (default) or mua,good.")
    String units;

    @Option(names = "--min-rate", paramLabel = "HZ",
        description = "Drop units firing below this rate, in Hz (spikes per second; each drop is reported).")
    double minRate;

    @Option(names = "--unit-column", paramLabel = "NAME", description = "Spike tables: unit column (default unit).")
    String unitColumn = "unit";

    @Option(names = "--time-column", paramLabel = "NAME",
        description = "Spike tables: time column, in seconds (default time).")
    String timeColumn = "time";

    @Option(names = "--bin-on-spark", paramLabel = "WHEN", description = "Spike tables: read and bin them on Spark "
        + "(no spike on the driver): auto (default: tables of " + SPARK_BINNING_MB + " MB or more), always, never.")
    String binOnSpark = "auto";

    @Option(names = "--piece-bins", paramLabel = "T", description = "Length of a piece in bins (default "
        + BinningOptions.DEFAULT_PIECE_BINS + "): the unit of training batches and of the test log-likelihood.")
    int pieceBins = BinningOptions.DEFAULT_PIECE_BINS;

    @Option(names = "--padding", paramLabel = "MODE",
        description = "History outside a piece: zero (the paper's code, default) or context (neighbouring bins).")
    String padding = "zero";

    @Option(names = "--test-fraction", paramLabel = "F",
        description = "Last fraction of the pieces (in time) that test (default: the preset's, else 0.3333).")
    Double testFraction;

    @Option(names = "--test-pieces", paramLabel = "N",
        description = "The last N pieces test (instead of --test-fraction).")
    Integer testPieces;

    @Option(names = "--folds", paramLabel = "K", description = "Blocked cross-validation over time: fit K "
        + "times, each time testing the next of K consecutive blocks of pieces, and pool the verdict over all "
        + "pieces (default 1: one split).")
    int folds = 1;

    @Option(names = "--truth", paramLabel = "JSON",
        description = "True network {\"weights\": [[...]], \"biases\": [...], \"visible\": [...]} for recovery "
            + "errors.")
    String truth;

    // ---- model
    @Option(names = "--hidden", paramLabel = "LIST", description = "Hidden-neuron counts, e.g. 0,1,2 (0 = fully "
        + "observed GLM; default " + DEFAULT_HIDDEN + ", or the preset's; without a preset the GLM is always "
        + "fitted, to compare with).")
    String hidden;

    @Option(names = "--distribution", paramLabel = "NAMES", description = "Hidden-spike families (default "
        + "exponential): poisson, categorical, gs-score, gs-pathwise, exponential, rayleigh, half-normal, "
        + "eat-sigmoid, eat-cubic.")
    String distribution = "exponential";

    @Option(names = "--scheme", paramLabel = "NAMES", description = "Variational schemes f, fs, fb (default fb).")
    String scheme = "fb";

    @Option(names = "--nonlinearity", paramLabel = "LIST", description = "sigmoid (default), softplus, exp.")
    String nonlinearity = "sigmoid";

    @Option(names = "--baseline", paramLabel = "LIST",
        description = "Score-function baseline: none (the paper, default) or leave-one-out.")
    String baseline = "none";

    @Option(names = "--tau", paramLabel = "LIST",
        description = "Temperatures of gs-* and eat-* (default: per family).")
    String tau;

    @Option(names = "--categories", paramLabel = "M", description = "Truncated-Poisson categories (default "
        + Distributions.DEFAULT_CATEGORIES + ").")
    int categories = Distributions.DEFAULT_CATEGORIES;

    @Option(names = "--basis-decay", paramLabel = "D", description = "Decay of the exponential history basis "
        + "per bin of lag: exp(-D l) at lag l bins (default " + Basis.DEFAULT_DECAY + ").")
    double basisDecay = Basis.DEFAULT_DECAY;

    @Option(names = "--basis-window", paramLabel = "L", description = "History length in bins (default "
        + Basis.DEFAULT_WINDOW + ").")
    int basisWindow = Basis.DEFAULT_WINDOW;

    @Option(names = "--basis", paramLabel = "WEIGHTS",
        description = "Explicit non-negative basis, one weight per lag of one bin, lag 1 first.")
    String basis;

    // ---- sweep
    @Option(names = "--preset", paramLabel = "NAME", description = "synthetic, rgc or pvc5: the paper's "
        + "hyper-parameters (listed by 'poglm presets'); explicit options win.")
    String preset;

    @Option(names = "--seeds", paramLabel = "LIST", description = "Configuration seeds (initialisation and Monte "
        + "Carlo noise), e.g. 0-9 (default 0).")
    String seeds = "0";

    // ---- training and evaluation
    @Option(names = "--init", paramLabel = "START",
        description = "Where the model starts: data (biases at the units' training rates; the default without a "
            + "preset) or paper (W and b at zero, the paper's protocol; the presets' default).")
    String init;

    @Option(names = "--epochs", paramLabel = "N", description = "Train exactly N epochs (passes over the training "
        + "pieces), no early stopping (the presets' protocol; default with a preset: its epochs).")
    Integer epochs;

    @Option(names = "--max-epochs", paramLabel = "N", description = "Stop early on the validation ELBO, after "
        + "at most N epochs (default without a preset: " + TrainingConfig.DEFAULT_MAX_EPOCHS + ").")
    Integer maxEpochs;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: epochs without a validation "
        + "improvement before a configuration stops (default " + TrainingConfig.DEFAULT_PATIENCE + ").")
    Integer patience;

    @Option(names = "--tolerance", paramLabel = "NATS", description = "Early stopping: the validation ELBO "
        + "improvement, in nats per piece, that counts (default " + TrainingConfig.DEFAULT_TOLERANCE + ").")
    Double tolerance;

    @Option(names = "--validation-fraction", paramLabel = "F", description = "Early stopping: the last fraction of "
        + "the training pieces (by time) held out to validate (default "
        + TrainingConfig.DEFAULT_VALIDATION_FRACTION + ").")
    Double validationFraction;

    @Option(names = "--batch-size", paramLabel = "N", description = "Pieces per Adam step (default: the preset's, "
        + "else " + TrainingConfig.DEFAULT_RECORDING_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--mc-samples", paramLabel = "LIST", description = "K, Monte Carlo samples of the hidden "
        + "spikes per piece and step (default " + TrainingConfig.DEFAULT_SAMPLES + ").")
    String mcSamples;

    @Option(names = "--lr-model", paramLabel = "LIST", description = "Adam learning rates of theta, the model "
        + "(default: the preset's, else " + TrainingConfig.DEFAULT_RECORDING_LR_THETA + ").")
    String lrModel;

    @Option(names = "--lr-variational", paramLabel = "LIST", description = "Adam learning rates of phi, the "
        + "variational posterior (default: the preset's, else " + TrainingConfig.DEFAULT_RECORDING_LR_PHI + ").")
    String lrVariational;

    @Option(names = "--shuffle",
        description = "Shuffle batches every epoch (reproducibly); default: the paper's fixed order.")
    boolean shuffle;

    @Option(names = "--sweep-seed", paramLabel = "SEED", description = "Seed of the batch order (default 0).")
    long sweepSeed;

    @Option(names = "--eval-samples", paramLabel = "K", description = "Importance samples per test piece for its "
        + "log-likelihood (default " + TrainingConfig.DEFAULT_EVAL_SAMPLES + ").")
    Integer evalSamples;

    // ---- output
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Required. Result directory (new, or "
        + "--overwrite), local or on any Hadoop file system such as HDFS or S3.")
    String out;

    @Option(names = "--overwrite", description = "Replace a finished result in --out (only this job's own files).")
    boolean overwrite;

    // ---- cluster and spark
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master URL (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
        description = "Partitions of the pieces (default: Spark's parallelism).")
    int partitions;

    @Option(names = "--tree-depth", paramLabel = "D", description = "treeAggregate depth (default "
        + RddObjective.DEFAULT_TREE_DEPTH + ").")
    int treeDepth = RddObjective.DEFAULT_TREE_DEPTH;

    @Option(names = "--broadcast-above", paramLabel = "DOUBLES",
        description = "Ship parameters by broadcast above this many doubles (default ${DEFAULT-VALUE}), else "
            + "in the closure.")
    long broadcastAbove = RddObjective.DEFAULT_BROADCAST_ABOVE;

    @Override
    public Integer call() {
        Report.started(main.console(), "fit", input, out);
        SweepJob.Spec job = resolve();
        SweepJob sweepJob = new SweepJob(main.console());
        // Input and output are checked before Spark starts, so bad input fails in seconds.
        SweepJob.Prepared prepared = sweepJob.prepare(job, new org.apache.hadoop.conf.Configuration());
        boolean created = Main.noSessionYet();
        long sparkStart = System.nanoTime();
        SparkSession spark = Main.spark(master, "fit", main.console());
        double sparkSeconds = created ? (System.nanoTime() - sparkStart) / 1e9 : Double.NaN;
        try {
            SweepJob.Result r = sweepJob.run(prepared, spark);
            Report.print(main.console(), r, main.elapsedSeconds(), sparkSeconds);
            return r.rows().stream().allMatch(SummaryRow::diverged) ? Main.DIVERGED : Main.OK;
        } finally {
            Main.release(spark, created);
        }
    }

    /** Resolves options (preset, then explicit) into a validated job spec; throws on bad values. */
    SweepJob.Spec resolve() {
        Preset p = preset == null ? null : Preset.parse(preset);
        double bw = binWidth != null ? binWidth : defaultBinWidth(p);
        ConfigurationException.require(bw > 0 && Double.isFinite(bw), "bin-width", bw, "a positive number of seconds");
        double tf = testFraction != null ? testFraction : p != null ? 1.0 - p.trainFraction : 1.0 / 3.0;
        ConfigurationException.require(folds >= 1, "folds", folds, "an integer >= 1 (1: one split by time)");
        ConfigurationException.require(folds == 1 || (testFraction == null && testPieces == null), "folds", folds,
            "either --folds (every block tests once) or --test-fraction/--test-pieces (one test block), not both");
        if (testPieces == null) {
            ConfigurationException.require(tf > 0 && tf < 1, "test-fraction", tf, "a fraction in (0, 1)");
        } else {
            ConfigurationException.require(testFraction == null, "test-pieces", testPieces,
                "either --test-pieces or --test-fraction, not both");
            ConfigurationException.require(testPieces >= 1, "test-pieces", testPieces, "an integer >= 1");
        }
        RecordingReader.Format fmt = RecordingReader.Format.parse(format);
        SpikeTableOptions table = new SpikeTableOptions(unitColumn, timeColumn, false, 1.0);
        List<String> unitList = null;
        PhySelection phy = PhySelection.GOOD;
        if (units != null) {
            List<String> tokens = GridValues.strings("units", units);
            // Only phy's cluster labels select by label; anything else names units.
            if (tokens.stream().allMatch(u -> PHY_LABELS.contains(u.toLowerCase(Locale.ROOT)))) {
                phy = PhySelection.parse(units);
                requireLabelsForPhy(phy, fmt, ReadOptions.defaults().withTable(table));
            } else {
                unitList = tokens;
            }
        }
        BinningOptions binning = new BinningOptions(bw, start == null ? Double.NaN : start, end == null ? Double.NaN : end,
            minRate, unitList, pieceBins);
        ReadOptions read = ReadOptions.defaults().withBinning(binning).withTable(table).withPhy(phy);
        Sweep sweep = sweep(p, pieceBins);
        Map<String, Object> options = options(p);
        RecordingSource source = onSpark(fmt, read) ? new SpikeTableOnSpark(input, read.table(), binning)
            : new RecordingFile(input, fmt, read);
        return new SweepJob.Spec("fit", source, sweep, testPieces == null ? 0 : testPieces, tf, folds, out, overwrite,
            truth,
            partitions, new RddObjective.Options(treeDepth, broadcastAbove), options);
    }

    /**
     * Cluster labels (good, mua, ...) select units of a phy folder only; for any other format they
     * would be silently ignored, so they are refused ('all' means every unit in every format).
     */
    void requireLabelsForPhy(PhySelection phy, RecordingReader.Format fmt, ReadOptions read) {
        if (phy.all()) {
            return;
        }
        RecordingReader.Format f = fmt == RecordingReader.Format.AUTO
            ? new RecordingReader(new org.apache.hadoop.conf.Configuration()).detect(input, read) : fmt;
        if (f != RecordingReader.Format.PHY) {
            throw new ConfigurationException("units", units, "unit ids of the recording or 'all' for a "
                + f.name().toLowerCase(Locale.ROOT) + " input (the labels " + String.join(", ",
                PHY_LABELS.subList(1, PHY_LABELS.size())) + " select clusters of a phy folder only)");
        }
    }

    /** Whether the input is a spike table to bin on Spark. */
    boolean onSpark(RecordingReader.Format fmt, ReadOptions read) {
        String when = binOnSpark.trim().toLowerCase(Locale.ROOT);
        ConfigurationException.require(List.of("auto", "always", "never").contains(when), "bin-on-spark", binOnSpark,
            "auto, always or never");
        if (when.equals("never")) {
            return false;
        }
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        RecordingReader.Format f = fmt == RecordingReader.Format.AUTO ? new RecordingReader(conf).detect(input, read) : fmt;
        if (f != RecordingReader.Format.SPIKES) {
            ConfigurationException.require(!when.equals("always"), "bin-on-spark", binOnSpark,
                "a spike table input (CSV/TSV/Parquet unit,time) for 'always', not " + f.name().toLowerCase(Locale.ROOT));
            return false;
        }
        if (when.equals("always")) {
            return true;
        }
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
            return path.getFileSystem(conf).getContentSummary(path).getLength() >= SPARK_BINNING_MB << 20;
        } catch (java.io.IOException e) {
            throw new org.poglm.ingest.InputException(input + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The hidden-neuron counts without --hidden: the preset's, else {@link #DEFAULT_HIDDEN} (as --hidden takes it). */
    static String defaultHidden(Preset p) {
        return p == null ? DEFAULT_HIDDEN : switch (p) {
            case SYNTHETIC -> "2";
            case RGC -> "1,2,3";
            case PVC5 -> "1-9";
        };
    }

    /** The bin width without --bin-width, in seconds: the preset's where it has one, else the default. */
    static double defaultBinWidth(Preset p) {
        return p != null && !Double.isNaN(p.binWidth) ? p.binWidth : BinningOptions.DEFAULT_BIN_WIDTH;
    }

    Sweep sweep(Preset p, int bins) {
        // Every default in one place: the preset's training configuration (the paper's protocol), else
        // TrainingConfig's protocol for recordings (SPEC §9).
        TrainingConfig d = p != null ? p.training(0) : TrainingConfig.forRecordings(0);
        List<Integer> hiddenCounts = new ArrayList<>(GridValues.ints("hidden",
            hidden != null ? hidden : defaultHidden(p)));
        if (p == null && !hiddenCounts.contains(0)) {
            // A recording's verdict on hidden neurons is a comparison with the fully observed GLM.
            hiddenCounts.add(0, 0);
        }
        Grid grid = new Grid(
            GridValues.strings("distribution", distribution).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
            GridValues.strings("scheme", scheme).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
            hiddenCounts,
            GridValues.longs("seeds", seeds),
            tau == null ? List.of(Double.NaN) : GridValues.doubles("tau", tau),
            mcSamples != null ? GridValues.ints("mc-samples", mcSamples) : List.of(d.samples()),
            lrModel != null ? GridValues.doubles("lr-model", lrModel) : List.of(d.lrTheta()),
            lrVariational != null ? GridValues.doubles("lr-variational", lrVariational) : List.of(d.lrPhi()),
            GridValues.parse("nonlinearity", nonlinearity, Nonlinearity::parse, "sigmoid, softplus or exp"),
            GridValues.parse("baseline", baseline, ScoreBaseline::parse, "none or leave-one-out"),
            categories);
        for (double t : grid.taus()) {
            ConfigurationException.require(Double.isNaN(t) || t > 0, "tau", t, "temperatures > 0");
        }
        for (double lr : grid.lrTheta()) {
            ConfigurationException.require(lr >= 0, "lr-model", lr, "learning rates >= 0");
        }
        for (double lr : grid.lrPhi()) {
            ConfigurationException.require(lr >= 0, "lr-variational", lr, "learning rates >= 0");
        }
        List<SweepConfig> configs = grid.expand();
        Basis b = basis != null ? Basis.of(GridValues.doubles("basis", basis).stream().mapToDouble(Double::doubleValue)
            .toArray()) : Basis.exponential(basisDecay, basisWindow);
        Stopping stopping = stopping(d);
        int epochCount = stopping.early() ? (maxEpochs != null ? maxEpochs : TrainingConfig.DEFAULT_MAX_EPOCHS)
            : epochs != null ? epochs : p != null ? d.epochs() : TrainingConfig.DEFAULT_EPOCHS;
        ConfigurationException.require(epochCount >= 1, stopping.early() ? "max-epochs" : "epochs", epochCount,
            "an integer >= 1");
        double validation = stopping.early() ? (validationFraction != null ? validationFraction
            : TrainingConfig.DEFAULT_VALIDATION_FRACTION) : 0.0;
        ConfigurationException.require(!stopping.early() || (validation > 0 && validation < 1), "validation-fraction",
            validation, "a fraction in (0, 1)");
        Start start = init != null ? Start.parse(init) : d.start();
        return new Sweep(configs, epochCount, batchSize != null ? batchSize : d.batchSize(), shuffle, sweepSeed,
            evalSamples != null ? evalSamples : p != null ? p.evalSamples : TrainingConfig.DEFAULT_EVAL_SAMPLES, b,
            Padding.parse(padding), bins, start, stopping, validation);
    }

    /**
     * Fixed epochs ({@code --epochs}, or a preset's protocol) or early stopping ({@code --max-epochs},
     * {@code --patience}, {@code --tolerance}; the default for recordings); not both.
     */
    Stopping stopping(TrainingConfig defaults) {
        boolean early = maxEpochs != null || patience != null || tolerance != null || validationFraction != null;
        if (epochs != null && early) {
            throw new ConfigurationException("epochs", epochs, "either --epochs (a fixed number of epochs) or "
                + "--max-epochs/--patience/--tolerance/--validation-fraction (early stopping), not both");
        }
        if (epochs != null || (!early && !defaults.stopping().early())) {
            return Stopping.FIXED_EPOCHS;
        }
        int pat = patience != null ? patience : TrainingConfig.DEFAULT_PATIENCE;
        ConfigurationException.require(pat >= 1, "patience", pat, "an integer >= 1 (epochs)");
        double tol = tolerance != null ? tolerance : TrainingConfig.DEFAULT_TOLERANCE;
        return new Stopping(pat, tol);
    }

    /** The options as given and resolved, for provenance. */
    Map<String, Object> options(Preset p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arguments", new ArrayList<>(spec.commandLine().getParseResult().originalArgs()));
        m.put("preset", p == null ? null : p.label);
        return m;
    }
}
