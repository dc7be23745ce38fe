package org.poglm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Piece;
import org.poglm.job.SweepJob;
import org.poglm.result.BuildInfo;
import org.poglm.result.OutputDirectory;
import org.poglm.distributed.SparkTestSession;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.synthetic.SyntheticTruth;
import org.poglm.train.Preset;

import picocli.CommandLine;
import org.poglm.result.ResultLayout;
import org.poglm.source.RecordingFile;

/** The fit command end to end on the shared local Spark session: outputs, and every bad input refused with exit 2. */
class FitCommandTest {
    @TempDir
    static Path dir;
    static Path counts;
    static Path truth;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
        }
    }

    /** A binned count CSV of 12 synthetic pieces of 50 bins (paper network), and its truth JSON. */
    @BeforeAll
    static void data() throws IOException {
        SparkTestSession.get();
        SyntheticTruth t = SyntheticGenerator.truth(5, 5, 3, 50, org.poglm.data.Basis.defaultBasis());
        StringBuilder csv = new StringBuilder("bin,a,b,c\n");
        int bin = 0;
        for (int p = 0; p < 12; p++) {
            Piece piece = SyntheticGenerator.piece(t, p);
            for (int b = 0; b < 50; b++) {
                csv.append(bin++).append(',').append(piece.count(b, 0)).append(',').append(piece.count(b, 1)).append(',')
                    .append(piece.count(b, 2)).append('\n');
            }
        }
        counts = dir.resolve("counts.csv");
        Files.writeString(counts, csv);
        truth = dir.resolve("truth.json");
        Files.writeString(truth, new ObjectMapper().writeValueAsString(java.util.Map.of("weights", t.weights(),
            "biases", t.biases(), "visible", List.of(0, 1, 2))));
    }

    static List<String> base(Path out) {
        return new ArrayList<>(List.of("fit", "--input", counts.toString(), "--piece-bins", "50", "--epochs", "2",
            "--batch-size", "4", "--eval-samples", "20", "--mc-samples", "2", "--test-pieces", "3", "--out",
            out.toString()));
    }

    static Run fit(Path out, String... extra) {
        List<String> args = base(out);
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(new String[0]));
    }

    @Test
    void writesAFinishedResult() throws IOException {
        Path out = dir.resolve("result");
        Run r = fit(out, "--hidden", "0,1,2", "--distribution", "exponential,poisson", "--scheme", "fb,f", "--seeds",
            "0-1", "--truth", truth.toString());
        assertEquals(0, r.code(), "err: " + r.err() + " out: " + r.out());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertFalse(Files.exists(out.resolve("_temporary")), "staging removed");
        assertTrue(Files.size(out.resolve("report.html")) > 10_000, "the report is part of the result");
        assertTrue(Files.isDirectory(out.resolve("charts")) && Files.isDirectory(out.resolve("tables")));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(summary.get(0).startsWith("config_id,distribution,scheme,hidden,seed,tau"), summary.get(0));
        for (String col : List.of("mc_samples", "test_marginal_ll", "test_marginal_ll_per_bin", "bits_per_spike",
            "train_elbo", "weight_error", "bias_error", "train_seconds")) {
            assertTrue(summary.get(0).contains(col), col);
        }
        // GLM once, plus 2 families x 2 schemes x 2 H x 2 seeds.
        assertEquals(1 + 1 + 16, summary.size());
        List<String> header = Arrays.asList(summary.get(0).split(","));
        for (String row : summary.subList(1, summary.size())) {
            String[] cells = row.split(",", -1);
            for (String col : List.of("test_marginal_ll", "test_marginal_ll_per_bin", "bits_per_spike", "train_elbo",
                "weight_error", "bias_error")) {
                double v = Double.parseDouble(cells[header.indexOf(col)]);
                assertTrue(Double.isFinite(v), col + " of " + cells[0] + ": " + v);
            }
            assertTrue(Double.parseDouble(cells[header.indexOf("test_marginal_ll")]) < 0, row);
        }
        JsonNode params = new ObjectMapper().readTree(out.resolve("configs/fb-exponential-h2-s1/params.json").toFile());
        assertEquals(5, params.get("parameters").get("W").size());
        assertEquals(List.of("b", "W", "c", "Af", "Ab"), fieldNames(params.get("parameters")));
        assertEquals(3, Files.readAllLines(out.resolve("configs/glm/curve.csv")).size());
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        for (String key : List.of("options", "input", "recording", "sweep", "seeds", "code", "java", "spark", "timing")) {
            assertTrue(prov.has(key), "provenance has " + key);
        }
        assertEquals(64, prov.get("input").get("sha256").asText().length());
        assertEquals(2, prov.get("sweep").get("samplers").size(), "one sampler note per family: " + prov.get("sweep"));
        if (Files.isDirectory(Path.of("..", ".git"))) {
            assertTrue(prov.get("code").get("commit").asText().matches("[0-9a-f]{40}"), prov.get("code").toString());
        }
        assertTrue(r.out().contains("results in"), r.out());
        try (var entries = Files.list(out)) {
            for (Path e : entries.toList()) {
                String name = e.getFileName().toString();
                assertTrue(name.startsWith(".") || name.equals(ResultLayout.SUCCESS)
                    || ResultLayout.ENTRIES.contains(name), name + " is in the one list of the job's entries");
            }
        }
    }

    /** Every file below {@code p} named as a Hadoop checksum ({@code .<name>.crc}). */
    static List<Path> checksums(Path p) throws IOException {
        try (var files = Files.walk(p)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList();
        }
    }

    @Test
    void aLocalResultHoldsNoChecksumFileAndTheConsoleSaysWhatRunsAndWhereTheReportIs() throws IOException {
        Path out = dir.resolve("console");
        Run r = fit(out, "--hidden", "0,1");
        assertEquals(0, r.code(), "err: " + r.err() + " out: " + r.out());
        assertEquals(List.of(), checksums(out), "a local result is plain files");
        List<String> lines = r.out().strip().lines().toList();
        assertEquals("poglm fit " + BuildInfo.label() + ": " + counts + " -> " + out, lines.get(0),
            "the first line, before Spark");
        String done = lines.get(lines.size() - 2);
        assertTrue(done.matches("done in [0-9.]+ s; results in " + Pattern.quote(out.toString())), done);
        assertEquals("open in a browser: " + out.resolve("report.html"), lines.get(lines.size() - 1));

        // The report command writes plain files too, in place or elsewhere, and the checksum of an older
        // report.html does not outlive it.
        Files.writeString(out.resolve(".report.html.crc"), "stale");
        Run again = run("report", out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals("report: " + out.resolve("report.html"), again.out().strip().replaceAll(" \\(.*\\)$", ""));
        assertEquals(List.of(), checksums(out));
        Path elsewhere = dir.resolve("console-report");
        Run copy = run("report", out.toString(), "--out", elsewhere.toString());
        assertEquals(0, copy.code(), copy.err());
        assertTrue(Files.isRegularFile(elsewhere.resolve("report.html")));
        assertEquals(List.of(), checksums(elsewhere));
    }

    @Test
    void aSpikeTableBinnedOnSparkGivesTheSameResultAsOnTheDriver() throws IOException {
        // The counts CSV's spikes as a unit,time table (spike k of a bin at its centre).
        List<String> rows = Files.readAllLines(counts);
        StringBuilder table = new StringBuilder("unit,time\n");
        String[] units = rows.get(0).split(",");
        for (int line = 1; line < rows.size(); line++) {
            String[] f = rows.get(line).split(",");
            int bin = Integer.parseInt(f[0]);
            for (int u = 1; u < f.length; u++) {
                for (int k = 0; k < Integer.parseInt(f[u]); k++) {
                    table.append(units[u]).append(',').append(String.format(java.util.Locale.ROOT, "%.4f",
                        (bin + 0.5) * 0.01)).append('\n');
                }
            }
        }
        Path spikes = dir.resolve("spikes.csv");
        Files.writeString(spikes, table);
        String[] common = {"fit", "--input", spikes.toString(), "--piece-bins", "50", "--epochs", "2", "--batch-size",
            "4", "--eval-samples", "20", "--mc-samples", "2", "--test-pieces", "3", "--end", "6.0", "--hidden", "0,1",
            "--padding", "context"};
        Path a = dir.resolve("driver-binned");
        Path b = dir.resolve("spark-binned");
        List<String> argsA = new ArrayList<>(Arrays.asList(common));
        argsA.addAll(List.of("--bin-on-spark", "never", "--out", a.toString()));
        List<String> argsB = new ArrayList<>(Arrays.asList(common));
        argsB.addAll(List.of("--bin-on-spark", "always", "--out", b.toString()));
        Run ra = run(argsA.toArray(new String[0]));
        Run rb = run(argsB.toArray(new String[0]));
        assertEquals(0, ra.code(), ra.err());
        assertEquals(0, rb.code(), rb.err());
        assertTrue(rb.out().contains("binning") && rb.out().contains("on Spark"), rb.out());
        List<String> sa = Files.readAllLines(a.resolve("summary.csv"));
        List<String> sb = Files.readAllLines(b.resolve("summary.csv"));
        int ll = Arrays.asList(sa.get(0).split(",")).indexOf("test_marginal_ll");
        assertEquals(sa.size(), sb.size());
        for (int i = 1; i < sa.size(); i++) {
            assertEquals(sa.get(i).split(",")[ll], sb.get(i).split(",")[ll], "identical pieces give identical results");
        }
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void refusesAFinishedResultUnlessOverwriteAndKeepsForeignFiles() throws IOException {
        Path out = dir.resolve("twice");
        Run first = fit(out, "--truth", truth.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(out.resolve("truth.json")));
        Files.writeString(out.resolve("notes.txt"), "mine");
        String before = Files.readString(out.resolve("summary.csv"));
        Run again = fit(out);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a finished result"), again.err());
        assertEquals(before, Files.readString(out.resolve("summary.csv")), "the finished result is untouched");
        Run over = fit(out, "--overwrite", "--seeds", "3");
        assertEquals(0, over.code(), over.err());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "files this job did not write are kept");
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("-s3"));
        assertFalse(Files.exists(out.resolve("truth.json")), "no file of the previous result survives the overwrite");
        assertTrue(Files.exists(out.resolve("configs/fb-exponential-h1-s3")));
        assertFalse(Files.exists(out.resolve("configs/fb-exponential-h1-s0")), "nor a configuration of the old sweep");
        assertFalse(Files.exists(out.resolve(ResultLayout.TEMPORARY)));
        assertTrue(Files.exists(out.resolve("_SUCCESS")) && Files.exists(out.resolve("report.html")));
    }

    /**
     * Exit 2, exactly one line on stderr holding every expected piece (file, line, column, value...),
     * and nothing in {@code out} that looks finished or half-written.
     */
    static Run badInput(List<String> expectedInMessage, Path out, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), "exit code 2 for: " + r.err());
        assertFalse(r.err().isBlank(), "a message");
        String[] lines = r.err().strip().split("\\R");
        assertEquals(1, lines.length, "one line: " + r.err());
        for (String e : expectedInMessage) {
            assertTrue(lines[0].contains(e), "'" + e + "' in: " + r.err());
        }
        assertFalse(Files.exists(out.resolve("_SUCCESS")), "nothing that looks finished");
        assertFalse(Files.exists(out.resolve("_temporary")), "no staging left behind");
        return r;
    }

    static Run badInput(String expectedInMessage, Path out, String... args) {
        return badInput(List.of(expectedInMessage), out, args);
    }

    @Test
    void badInputsExitWithTwoAndAOneLineMessage() throws IOException {
        Path out = dir.resolve("bad");
        String o = out.toString();
        badInput("missing.csv", out, "fit", "--input", dir.resolve("missing.csv").toString(), "--out", o);
        Path neg = dir.resolve("negative.csv");
        Files.writeString(neg, "a,b\n1,0\n0,-1\n");
        badInput(List.of(neg.toString(), "line 3", "column b", "'-1'"), out, "fit", "--input", neg.toString(), "--out", o);
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "bin,a,b\n0,1,x\n");
        badInput(List.of(text.toString(), "line 2", "column b", "'x'"), out, "fit", "--input", text.toString(), "--out",
            o);
        Path garbage = dir.resolve("garbage.npy");
        Files.write(garbage, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 10, 0, '{', 'x'});
        badInput("garbage.npy", out, "fit", "--input", garbage.toString(), "--out", o);
        Path folder = dir.resolve("folder.csv");
        Files.createDirectories(folder);
        badInput("folder.csv", out, "fit", "--input", folder.toString(), "--out", o);
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        badInput("empty.csv", out, "fit", "--input", empty.toString(), "--out", o);
        Path shortRec = dir.resolve("short.csv");
        Files.writeString(shortRec, "a\n1\n0\n2\n");
        badInput("short.csv", out, "fit", "--input", shortRec.toString(), "--out", o);
        for (String f : List.of("1.5", "0", "1", "-0.5")) {
            badInput(List.of("test-fraction", f), out, "fit", "--input", counts.toString(), "--piece-bins", "50",
                "--test-fraction", f, "--out", o);
        }
        List<String> families = new ArrayList<>(List.of("distribution", "gamma"));
        families.addAll(org.poglm.distributions.Distributions.NAMES);
        badInput(families, out, "fit", "--input", counts.toString(), "--piece-bins", "50", "--distribution",
            "exponential,gamma", "--out", o);
        List<String> schemes = new ArrayList<>(List.of("scheme", "bf"));
        schemes.addAll(org.poglm.schemes.VariationalScheme.NAMES);
        badInput(schemes, out, "fit", "--input", counts.toString(), "--piece-bins", "50", "--scheme", "bf", "--out", o);
        badInput("hidden", out, "fit", "--input", counts.toString(), "--piece-bins", "50", "--hidden", ",", "--out", o);
        badInput("--out", out, "fit", "--input", counts.toString(), "--out", counts.toString());
        // picocli's own errors: one line, the pointer to --help included.
        badInput(List.of("Missing required option", "--help"), out, "fit", "--out", o);
        badInput(List.of("--epochs", "x", "--help"), out, "fit", "--input", counts.toString(), "--epochs", "x", "--out",
            o);
        badInput(List.of("--no-such-option", "--help"), out, "fit", "--input", counts.toString(), "--no-such-option",
            "--out", o);

        Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), "a,b,c\n");
        badInput(List.of(headerOnly.toString(), "no rows"), out, "fit", "--input", headerOnly.toString(), "--out", o);
        badInput(List.of("nosuchfs:/data/rec.csv", "file system"), out, "fit", "--input", "nosuchfs:///data/rec.csv",
            "--out", o);
        Path phy = Files.createDirectories(dir.resolve("phy-no-params"));
        Files.write(phy.resolve("spike_times.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        badInput(List.of(phy.resolve("params.py").toString(), "no such file", "sample_rate"), out, "fit", "--input",
            phy.toString(), "--out", o);
        Path nwb = dir.resolve("no-units.nwb");
        try (io.jhdf.WritableHdfFile hdf = io.jhdf.HdfFile.write(nwb)) {
            hdf.putGroup("acquisition");
        }
        badInput(List.of(nwb.toString(), "no /units group"), out, "fit", "--input", nwb.toString(), "--out", o);
        Path cut = dir.resolve("cut.nwb");
        byte[] whole = Files.readAllBytes(nwb);
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        badInput(List.of(cut.toString(), "expected a complete HDF5 file"), out, "fit", "--input", cut.toString(),
            "--out", o);
        Path badSpikes = Files.writeString(dir.resolve("bad-spikes.csv"), "unit,time\n1,0.5\n2,0.75\n1,abc\n");
        badInput(List.of(badSpikes.toString(), "line 4", "column time", "'abc'"), out, "fit", "--input",
            badSpikes.toString(), "--bin-on-spark", "always", "--out", o);
        badInput(List.of("units", "good", "unit ids", "counts"), out, "fit", "--input", counts.toString(), "--units",
            "good", "--out", o);
        assertFalse(Files.exists(out), "no output directory was created");
    }

    @Test
    void anUnreadableInputIsRefused() throws IOException {
        Path locked = Files.writeString(dir.resolve("locked.csv"), Files.readString(counts));
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            // As root every file is readable: nothing to test then (the unreadable scheme above still is).
            Assumptions.assumeFalse(Files.isReadable(locked), "running as root");
            Path out = dir.resolve("locked-out");
            badInput(List.of(locked.toString(), "cannot"), out, "fit", "--input", locked.toString(), "--piece-bins",
                "50", "--out", out.toString());
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void anOutputInsideTheInputIsRefused() throws IOException {
        Path phy = Files.createDirectories(dir.resolve("kilosort-run"));
        Files.writeString(phy.resolve("params.py"), "sample_rate = 30000.0\n");
        Files.write(phy.resolve("spike_times.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        Path inside = phy.resolve("results");
        badInput(List.of("--out " + inside, "inside the input folder " + phy), inside, "fit", "--input", phy.toString(),
            "--out", inside.toString());
        badInput(List.of("--out " + phy, "is the input folder " + phy), phy, "fit", "--input", phy.toString(), "--out",
            phy.toString());
        assertFalse(Files.exists(inside), "nothing written into the sorter's folder");
        // The folder that holds an input file.
        badInput(List.of("--out " + dir, "holds the input " + counts), dir, "fit", "--input", counts.toString(),
            "--piece-bins", "50", "--out", dir.toString());
    }

    @Test
    void clusterLabelsAreRefusedForAnInputThatIsNotAPhyFolder() {
        Path out = dir.resolve("labels");
        Run r = badInput(List.of("units = mua,good", "unit ids of the recording or 'all' for a counts input",
            "phy folder"), out, "fit", "--input", counts.toString(), "--units", "mua,good", "--out", out.toString());
        assertEquals("poglm: units = mua,good: expected unit ids of the recording or 'all' for a counts input (the"
            + " labels good, mua, noise, unsorted select clusters of a phy folder only)", r.err().strip());
        // 'all' means every unit in every format; ids select units.
        FitCommand all = parse("fit", "--input", counts.toString(), "--units", "all", "--out", out.toString());
        assertEquals(null, ((RecordingFile) all.resolve().source()).options().binning().units());
        FitCommand ids = parse("fit", "--input", counts.toString(), "--units", "c,a", "--out", out.toString());
        assertEquals(List.of("c", "a"), ((RecordingFile) ids.resolve().source()).options().binning().units());
    }

    static FitCommand parse(String... args) {
        CommandLine cl = new CommandLine(new Main(System.out));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        return (FitCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void aPresetFillsTheHyperParametersAndExplicitOptionsWin() throws IOException {
        // Resolved without running: pvc5 fills what is not given.
        SweepJob.Spec p = parse("fit", "--input", counts.toString(), "--preset", "pvc5", "--out", "x").resolve();
        Preset pvc5 = Preset.PVC5;
        assertEquals(pvc5.epochs, p.sweep().epochs());
        assertEquals(pvc5.batchSize, p.sweep().batchSize());
        assertEquals(pvc5.evalSamples, p.sweep().evalSamples());
        assertEquals(1 - pvc5.trainFraction, p.testFraction(), 1e-12);
        assertEquals(pvc5.binWidth, ((RecordingFile) p.source()).options().binning().binWidth());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), p.sweep().configs().stream().map(c -> c.hidden()).toList());
        for (var c : p.sweep().configs()) {
            assertEquals(pvc5.lrTheta, c.lrTheta());
            assertEquals(pvc5.lrPhi, c.lrPhi());
            assertEquals(pvc5.samples, c.samples());
        }

        // End to end: explicit options win, the rest is the preset's, as provenance.json records it.
        Path out = dir.resolve("preset");
        Run r = run("fit", "--input", counts.toString(), "--piece-bins", "50", "--preset", "pvc5", "--hidden", "1",
            "--lr-model", "0.03", "--epochs", "2", "--mc-samples", "2", "--eval-samples", "20", "--out",
            out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals("pvc5", prov.get("options").get("preset").asText());
        JsonNode sweep = prov.get("sweep");
        assertEquals(2, sweep.get("epochs").asInt(), "explicit");
        assertEquals(pvc5.batchSize, sweep.get("batch_size").asInt(), "preset");
        assertEquals(20, sweep.get("eval_samples").asInt(), "explicit");
        JsonNode h1 = sweep.get("grid").get(0);
        assertEquals(1, h1.get("hidden").asInt(), "explicit");
        assertEquals(0.03, h1.get("lr_model").asDouble(), "explicit");
        assertEquals(pvc5.lrPhi, h1.get("lr_variational").asDouble(), "preset");
        assertEquals(2, h1.get("mc_samples").asInt(), "explicit");
        assertEquals(pvc5.binWidth, prov.get("recording").get("bin_width_seconds").asDouble(), "preset");
        assertEquals(6, prov.get("recording").get("test_pieces").asInt(), "preset: half of the 12 pieces test");
    }

    @Test
    void readingWarningsReachProvenance() throws IOException {
        // The counts plus a unit d with one spike: dropped by --min-rate; 600 bins in pieces of 70 leave 40.
        List<String> rows = Files.readAllLines(counts);
        StringBuilder csv = new StringBuilder(rows.get(0)).append(",d\n");
        for (int i = 1; i < rows.size(); i++) {
            csv.append(rows.get(i)).append(i == 10 ? ",1" : ",0").append('\n');
        }
        Path in = Files.writeString(dir.resolve("with-rare-unit.csv"), csv);
        Path out = dir.resolve("warned");
        Run r = run("fit", "--input", in.toString(), "--piece-bins", "70", "--min-rate", "1", "--epochs", "1",
            "--eval-samples", "10", "--mc-samples", "2", "--test-pieces", "2", "--hidden", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        List<String> warnings = new ArrayList<>();
        prov.get("warnings").forEach(w -> warnings.add(w.asText()));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("unit d dropped") && w.contains("below the minimum rate")),
            warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("the last 40 bins")), warnings.toString());
        for (String w : warnings) {
            assertTrue(r.out().contains("warning: " + w), "on the console too: " + w);
        }
        assertEquals("d", prov.get("recording").get("dropped_units").get(0).get("unit").asText());
    }

    /** The input's unit labels reach units.csv, the weights' long table, the per-unit table and the heat maps. */
    @Test
    void nwbRegionsReachTheResultTablesAndTheHeatMaps() throws Exception {
        Path nwb = Path.of(FitCommandTest.class.getResource("/org/poglm/ingest/nwb-electrode-references.nwb").toURI());
        Path out = dir.resolve("labelled");
        Run r = run("fit", "--input", nwb.toString(), "--bin-width", "0.01", "--piece-bins", "5", "--test-pieces", "2",
            "--epochs", "1", "--hidden", "0", "--eval-samples", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> units = Files.readAllLines(out.resolve("units.csv"));
        assertTrue(units.get(0).startsWith("unit,region,electrode_group"), units.get(0));
        assertTrue(units.stream().anyMatch(l -> l.startsWith("7,CA1,shankA")), units.toString());
        List<String> weights = Files.readAllLines(out.resolve("configs/glm/weights.csv"));
        assertTrue(weights.get(0).startsWith("pre,post,weight,block,pre_region,post_region"), weights.get(0));
        assertTrue(weights.stream().anyMatch(l -> l.startsWith("7,3,") && l.contains(",CA1,CA3")), weights.toString());
        List<String> fit = Files.readAllLines(out.resolve("tables/unit_fit.csv"));
        assertTrue(fit.get(0).startsWith("unit,region,electrode_group"), fit.get(0));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<td>CA1</td>"), "the page's per-unit table has the regions");
    }

    /**
     * A configuration that diverges is frozen and recorded while the others finish (issue 11): the exp link
     * with learning rates of 1e3 diverges at once; the same sweep's sane rates train to the end.
     */
    @Test
    void aDivergingConfigurationDoesNotSinkTheSweep() throws Exception {
        Path out = dir.resolve("diverging");
        Run r = fit(out, "--hidden", "0,1", "--nonlinearity", "exp", "--lr-model", "0.05,1000", "--lr-variational",
            "0.1,1000");
        assertEquals(0, r.code(), "the sweep finished: " + r.err());
        assertTrue(r.out().contains("configurations diverged"), r.out());
        List<List<String>> lines = org.poglm.result.ResultCsv.parse(Files.readString(out.resolve("summary.csv")));
        List<String> header = lines.get(0);
        int stop = header.indexOf("stop");
        int failure = header.indexOf("failure");
        int diverged = 0;
        int finished = 0;
        for (List<String> cells : lines.subList(1, lines.size())) {
            if (cells.get(0).contains("lr1000")) {
                assertEquals("diverged", cells.get(stop), cells.toString());
                assertTrue(cells.get(failure).matches("step \\d+, piece \\d+: .*"), cells.toString());
                diverged++;
            } else {
                assertEquals("fixed-epochs", cells.get(stop), cells.toString());
                assertTrue(Double.isFinite(Double.parseDouble(cells.get(header.indexOf("test_marginal_ll")))),
                    cells.toString());
                finished++;
            }
        }
        assertTrue(diverged >= 1 && finished >= 2, lines.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("id=\"warn-diverged\""), r.out());
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertTrue(prov.get("training").toString().contains("diverged"), prov.get("training").toString());

        // Every configuration diverging is a distinct exit code, with the result still written.
        Path all = dir.resolve("all-diverging");
        // A preset, so that no GLM is added (a GLM at these rates merely fits badly).
        Run bad = fit(all, "--preset", "synthetic", "--hidden", "1", "--nonlinearity", "exp", "--lr-model", "1000",
            "--lr-variational", "1000");
        assertEquals(Main.DIVERGED, bad.code(), bad.out() + bad.err() + Files.readString(all.resolve("summary.csv")));
        assertTrue(Files.exists(all.resolve("_SUCCESS")), "the failures are recorded in a finished result");
    }
}
