package org.poglm.ingest.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Piece;
import org.poglm.ingest.BinnedRecording;
import org.poglm.ingest.Binner;
import org.poglm.ingest.BinningOptions;
import org.poglm.ingest.InputException;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.ingest.SpikeTableReader;
import org.poglm.ingest.UnitLabels;
import org.poglm.distributed.SparkTestSession;

/**
 * The distributed binner equals the local path ({@code Binner.bin(SpikeTableReader.read(...))}
 * then {@code Recording.cut(T, context)}) piece by piece, metadata and warnings included, on CSV,
 * TSV and Parquet tables with unsorted rows, duplicates, a unit below the minimum rate, windows,
 * a remainder, empty pieces and context wider than a piece; and it rejects bad tables with the
 * local reader's messages plus counts of invalid rows.
 */
class SparkSpikeBinnerTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** One spike: unit id as written, time as written. */
    record Spike(String unit, String time) {
    }

    /**
     * A recording of 5 units over ~12.3 s, with a silent gap (4.0-5.5 s, so some pieces are
     * empty), times on bin edges (0.29, 1.0, 3.3), 6 exact duplicates, unit 12 firing twice (below
     * 1 Hz), unit 5 firing only after 9 s, in shuffled row order.
     */
    static List<Spike> recording(long seed) {
        Random rnd = new Random(seed);
        List<Spike> s = new ArrayList<>();
        String[] units = {"1", "2", "10", "5"};
        double[] rates = {25, 8, 40, 12};
        for (int u = 0; u < units.length; u++) {
            double lo = units[u].equals("5") ? 9.0 : 0.0;
            int count = (int) (rates[u] * (12.3 - lo));
            for (int i = 0; i < count; i++) {
                double t = lo + rnd.nextDouble() * (12.3 - lo);
                if (t >= 4.0 && t < 5.5) {
                    continue;
                }
                s.add(new Spike(units[u], String.format(java.util.Locale.ROOT, "%.4f", t)));
            }
        }
        for (String edge : new String[] {"0.29", "1.0", "3.3", "0.0", "12.3"}) {
            s.add(new Spike("1", edge));
        }
        s.add(new Spike("12", "2.5"));
        s.add(new Spike("12", "7.25"));
        for (int i = 0; i < 6; i++) {
            s.add(s.get(rnd.nextInt(s.size())));
        }
        Collections.shuffle(s, rnd);
        return s;
    }

    private Path csv(String name, String header, List<Spike> spikes, Function<Spike, String> line) throws IOException {
        StringBuilder b = new StringBuilder(header).append('\n');
        for (Spike s : spikes) {
            b.append(line.apply(s)).append('\n');
        }
        return Files.writeString(dir.resolve(name), b.toString());
    }

    /** A Parquet folder of 3 part files written by Spark; unit column int or string. */
    private Path parquet(String name, List<Spike> spikes, DataType unitType) {
        List<Row> rows = new ArrayList<>();
        for (Spike s : spikes) {
            Object unit = unitType.equals(DataTypes.IntegerType) ? (Object) Integer.parseInt(s.unit()) : s.unit();
            rows.add(RowFactory.create(unit, Double.parseDouble(s.time())));
        }
        StructType schema = new StructType().add("unit", unitType, false).add("time", DataTypes.DoubleType, false);
        Path out = dir.resolve(name);
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(out.toString());
        return out;
    }

    static BinnedRecording local(Path p, SpikeTableOptions table, BinningOptions binning) {
        return Binner.bin(new SpikeTableReader().read(p.toString(), table), binning);
    }

    static DistributedRecording distributed(Path p, SpikeTableOptions table, BinningOptions binning, int context) {
        return SparkSpikeBinner.bin(spark, p.toString(), table, binning, context);
    }

    static List<Piece> collect(DistributedRecording d) {
        List<Piece> pieces = new ArrayList<>(d.pieces().collect());
        pieces.sort(Comparator.comparingLong(Piece::id));
        return pieces;
    }

    /**
     * The warnings, with the units of the "not sorted" note left out: the distributed scan sees
     * order only within each task's share of the table (see {@link #unsortedRowsAreNotedAsLocally}).
     */
    static List<String> comparable(List<String> warnings) {
        return warnings.stream().map(w -> w.replaceAll("(spike times were not sorted; sorted them) \\(units? .*\\)$",
            "$1")).toList();
    }

    static void assertSameAsLocal(Path p, SpikeTableOptions table, BinningOptions binning, int context) {
        BinnedRecording expected = local(p, table, binning);
        DistributedRecording actual = distributed(p, table, binning, context);
        assertEquals(expected.units(), actual.units(), "units");
        assertEquals(expected.t0(), actual.t0(), "t0");
        assertEquals(expected.bins(), actual.bins(), "bins");
        assertEquals(expected.recording().binWidth(), actual.binWidth(), "bin width");
        assertEquals(expected.pieceCount(), actual.pieceCount(), "pieces");
        assertEquals(expected.remainderBins(), actual.remainderBins(), "remainder");
        assertArrayEquals(expected.spikeCounts(), actual.spikeCounts(), "spike counts");
        assertEquals(expected.droppedUnits(), actual.droppedUnits(), "dropped units");
        assertEquals(expected.unitLabels(), actual.unitLabels(), "unit labels");
        assertEquals(UnitLabels.NONE, actual.unitLabels(), "spike tables carry no unit labels");
        assertEquals(comparable(expected.warnings()), comparable(actual.warnings()), "warnings");
        assertEquals(context, actual.contextBins());
        List<Piece> want = expected.recording().cut(binning.pieceBins(), context);
        List<Piece> got = collect(actual);
        assertEquals(want.size(), got.size(), "piece count");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), "piece " + i);
        }
    }

    private static final BinningOptions T50 = BinningOptions.defaults().withPieceBins(50);

    @Test
    void csvEqualsTheLocalPathWithDuplicatesRemainderAndEmptyPieces() throws IOException {
        List<Spike> spikes = recording(1);
        Path p = csv("s.csv", "unit,time", spikes, s -> s.unit() + "," + s.time());
        BinnedRecording l = local(p, SpikeTableOptions.defaults(), T50);
        assertTrue(l.remainderBins() > 0, "the fixture has a remainder");
        assertTrue(l.warnings().stream().anyMatch(w -> w.contains("duplicate")), l.warnings().toString());
        assertTrue(l.recording().cut(50, 0).stream().anyMatch(x -> x.spikeCount() == 0), "some piece is empty");
        assertSameAsLocal(p, SpikeTableOptions.defaults(), T50, 0);
        assertSameAsLocal(p, SpikeTableOptions.defaults(), T50, 7);
    }

    @Test
    void windowMinimumRateAndWideContextOnAParquetFolder() {
        Path p = parquet("s.parquet", recording(2), DataTypes.IntegerType);
        BinningOptions window = T50.withWindow(0.5, 11.87).withMinRate(1.0);
        BinnedRecording l = local(p, SpikeTableOptions.defaults(), window);
        assertEquals(List.of("12"), l.droppedUnits().stream().map(BinnedRecording.DroppedUnit::unit).toList());
        assertTrue(l.warnings().stream().anyMatch(w -> w.contains("outside the window")), l.warnings().toString());
        assertSameAsLocal(p, SpikeTableOptions.defaults(), window, 3);
        assertSameAsLocal(p, SpikeTableOptions.defaults(), window.withPieceBins(20), 45); // context over 2+ pieces
        // A window that starts after some units' last spike and a unit selection in another order.
        assertSameAsLocal(p, SpikeTableOptions.defaults(), T50.withWindow(9.5, Double.NaN)
            .withUnits(List.of("10", "05", "2", "10")), 2);
    }

    @Test
    void tsvWithCommentsQuotesStringIdsMillisecondsAndOtherColumnNames() throws IOException {
        List<Spike> spikes = recording(3);
        StringBuilder b = new StringBuilder("# exported by a test\n\n\"neuron\"\tamp\tt_ms\n");
        int i = 0;
        for (Spike s : spikes) {
            String ms = new java.math.BigDecimal(s.time()).movePointRight(3).toPlainString();
            b.append(i % 7 == 0 ? "\"n" + s.unit() + "\"" : "n" + s.unit()).append('\t').append(i).append('\t')
                .append(ms).append('\n');
            if (i++ % 50 == 0) {
                b.append("# a comment\n\n");
            }
        }
        Path p = Files.writeString(dir.resolve("s.tsv"), b.toString());
        SpikeTableOptions table = SpikeTableOptions.defaults().withColumns("Neuron", "t_ms").withSecondsPerUnit(0.001);
        assertEquals(List.of("n1", "n2", "n5", "n10", "n12"), local(p, table, T50).units(), "natural order");
        assertSameAsLocal(p, table, T50.withBinWidth(0.005).withPieceBins(100), 4);
    }

    @Test
    void integerIdsSpelledTwoWaysAreOneUnitAsLocally() throws IOException {
        List<Spike> spikes = new ArrayList<>(recording(4));
        spikes.replaceAll(s -> s.unit().equals("2") && s.time().endsWith("1") ? new Spike("002", s.time()) : s);
        Path p = csv("ids.csv", "unit,time", spikes, s -> s.unit() + "," + s.time());
        BinnedRecording l = local(p, SpikeTableOptions.defaults(), T50);
        assertEquals(List.of("1", "2", "5", "10", "12"), l.units());
        DistributedRecording d = distributed(p, SpikeTableOptions.defaults(), T50, 0);
        assertEquals(l.units(), d.units());
        assertArrayEquals(l.spikeCounts(), d.spikeCounts());
        assertEquals(l.recording().cut(50, 0), collect(d));
        assertTrue(d.warnings().contains(p + ": unit ids '002' and '2' are the same integer 2; merged them"),
            d.warnings().toString());
    }

    @Test
    void singleParquetFileWithStringIdsAndExplicitPartitions() throws IOException {
        Path folder = dir.resolve("one");
        List<Row> rows = new ArrayList<>();
        for (Spike s : recording(5)) {
            rows.add(RowFactory.create(" u" + s.unit() + " ", Double.parseDouble(s.time())));
        }
        StructType schema = new StructType().add("unit", DataTypes.StringType).add("time", DataTypes.DoubleType);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(folder.toString());
        Path file;
        try (var files = Files.list(folder)) {
            file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        assertSameAsLocal(file, SpikeTableOptions.defaults(), T50, 1);
        DistributedRecording d = SparkSpikeBinner.bin(spark, file.toString(), SpikeTableOptions.defaults(), T50, 1, 3);
        assertEquals(3, d.pieces().getNumPartitions());
        assertEquals(local(file, SpikeTableOptions.defaults(), T50).recording().cut(50, 1), collect(d));
    }

    @Test
    void otherTextLayoutsAndAGzipCompressedTable() throws IOException {
        List<Spike> spikes = recording(7);
        Path bom = csv("bom.csv", "\uFEFFunit,time", spikes, s -> s.unit() + "," + s.time() + "\r");
        assertSameAsLocal(bom, SpikeTableOptions.defaults(), T50, 2);
        Path semicolon = csv("s.csv", "unit;time", spikes, s -> s.unit() + ";" + s.time());
        assertSameAsLocal(semicolon, SpikeTableOptions.defaults(), T50, 0);
        Path spaces = csv("s.txt", "  unit   time", spikes, s -> "  " + s.unit() + "  " + s.time() + " ");
        assertSameAsLocal(spaces, SpikeTableOptions.defaults(), T50, 0);

        // Hadoop reads .gz through its codec (the local reader does not): same pieces as the plain file.
        Path plain = csv("plain.csv", "# comment\nunit,time", spikes, s -> s.unit() + "," + s.time());
        Path gz = dir.resolve("plain.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        BinnedRecording expected = local(plain, SpikeTableOptions.defaults(), T50);
        DistributedRecording actual = distributed(gz, SpikeTableOptions.defaults(), T50, 1);
        assertEquals(expected.units(), actual.units());
        assertArrayEquals(expected.spikeCounts(), actual.spikeCounts());
        assertEquals(expected.recording().cut(50, 1), collect(actual));
        Path badGz = dir.resolve("bad.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(badGz))) {
            out.write("unit,time\n# c\n1,0.5\n\n1,x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(badGz + " line 5, column time: 'x' is not a number: expected a spike time",
            error(badGz, SpikeTableOptions.defaults(), T50));
    }

    @Test
    void unsortedRowsAreNotedAsLocally() throws IOException {
        // Units 1 and 5 run backwards through the whole file (so within every task's share), unit 2 forwards.
        StringBuilder b = new StringBuilder("unit,time\n");
        for (int i = 0; i < 400; i++) {
            b.append("1,").append(String.format(java.util.Locale.ROOT, "%.3f", 8 - i * 0.02)).append('\n');
            b.append("2,").append(String.format(java.util.Locale.ROOT, "%.3f", 0.01 + i * 0.02)).append('\n');
            b.append("5,").append(String.format(java.util.Locale.ROOT, "%.3f", 9 - i * 0.015)).append('\n');
        }
        Path p = Files.writeString(dir.resolve("backwards.csv"), b.toString());
        String note = p + ": spike times were not sorted; sorted them (units 1, 5)";
        assertTrue(local(p, SpikeTableOptions.defaults(), T50).warnings().contains(note));
        DistributedRecording d = distributed(p, SpikeTableOptions.defaults(), T50, 0);
        assertTrue(d.warnings().contains(note), d.warnings().toString());
        assertSameAsLocal(p, SpikeTableOptions.defaults(), T50, 0);

        // The same rows in a Parquet file, and sorted rows, which get no note.
        List<Row> rows = new ArrayList<>();
        for (String line : b.toString().split("\n")) {
            if (!line.startsWith("unit")) {
                rows.add(RowFactory.create(Integer.parseInt(line.split(",")[0]), Double.parseDouble(line.split(",")[1])));
            }
        }
        StructType schema = new StructType().add("unit", DataTypes.IntegerType).add("time", DataTypes.DoubleType);
        Path pq = dir.resolve("backwards.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(pq.toString());
        assertTrue(distributed(pq, SpikeTableOptions.defaults(), T50, 0).warnings()
            .contains(pq + ": spike times were not sorted; sorted them (units 1, 5)"));
        Path sorted = dir.resolve("sorted.parquet");
        spark.createDataFrame(rows, schema).orderBy("time").coalesce(1).write().parquet(sorted.toString());
        assertTrue(distributed(sorted, SpikeTableOptions.defaults(), T50, 0).warnings().stream()
            .noneMatch(w -> w.contains("not sorted")));
    }

    @Test
    void theTimeResolutionOfATextTableIsCheckedAsLocally() throws IOException {
        // Times written with 3 decimals: a clock of 1 ms at best.
        Path p = csv("ms.csv", "unit,time", recording(8), s -> s.unit() + "," + String.format(java.util.Locale.ROOT,
            "%.3f", Double.parseDouble(s.time())));
        BinningOptions fine = T50.withBinWidth(0.0005);
        assertEquals(p + ": bin width 0.0005 s is finer than the data's time resolution 0.001 s: expected a bin width"
            + " >= 0.001 s", error(p, SpikeTableOptions.defaults(), fine));
        assertEquals(localError(p, SpikeTableOptions.defaults(), fine), error(p, SpikeTableOptions.defaults(), fine));
        // 2.5 ms bins are not a whole number of 1 ms steps: the same warning either way.
        assertSameAsLocal(p, SpikeTableOptions.defaults(), T50.withBinWidth(0.0025), 0);
        assertTrue(distributed(p, SpikeTableOptions.defaults(), T50.withBinWidth(0.0025), 0).warnings().stream()
            .anyMatch(w -> w.contains("is not a whole number of the data's time steps (0.001 s)")));
        // Milliseconds with one decimal: 0.1 ms.
        Path ms = csv("t_ms.csv", "unit,t_ms", recording(8), s -> s.unit() + "," + new java.math.BigDecimal(s.time())
            .movePointRight(3).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString());
        SpikeTableOptions millis = SpikeTableOptions.defaults().withColumns("unit", "t_ms").withSecondsPerUnit(0.001);
        assertTrue(error(ms, millis, T50.withBinWidth(0.00005)).contains("finer than the data's time resolution"
            + " 0.0001 s"));
        // Integer Parquet times are ticks: their length is the resolution.
        Path ticks = dir.resolve("ticks.parquet");
        spark.range(2000).selectExpr("cast(id % 3 as int) as unit", "id * 30 as time").write().parquet(ticks.toString());
        SpikeTableOptions samples = SpikeTableOptions.defaults().withSecondsPerUnit(1 / 30000.0);
        assertEquals(localError(ticks, samples, T50.withBinWidth(1e-5)).replace("file:", ""),
            error(ticks, samples, T50.withBinWidth(1e-5)));
    }

    @Test
    void pathsWithColonsReadAsLocally() throws IOException {
        // Timestamped names: a ':' in the folder and in the file name, absolute, as a file: URI and relative.
        Path folder = Files.createDirectories(dir.resolve("session_2024-05-01T10:30"));
        List<Spike> spikes = recording(9);
        Path p = csv("session_2024-05-01T10:30/spikes_10:30.csv", "unit,time", spikes, s -> s.unit() + "," + s.time());
        assertSameAsLocal(p, SpikeTableOptions.defaults(), T50, 2);
        DistributedRecording uri = SparkSpikeBinner.bin(spark, "file://" + p, SpikeTableOptions.defaults(), T50, 2);
        assertEquals(local(p, SpikeTableOptions.defaults(), T50).recording().cut(50, 2), collect(uri));
        Path single = folder.resolve("one_10:30.parquet");
        List<Row> rows = new ArrayList<>();
        for (Spike s : spikes) {
            rows.add(RowFactory.create(Integer.parseInt(s.unit()), Double.parseDouble(s.time())));
        }
        StructType schema = new StructType().add("unit", DataTypes.IntegerType).add("time", DataTypes.DoubleType);
        Path written = dir.resolve("written");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(written.toString());
        try (var files = Files.list(written)) {
            Files.copy(files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow(), single);
        }
        assertSameAsLocal(single, SpikeTableOptions.defaults(), T50, 0);
        Path parts = parquet("session_2024-05-01T10:30/parts_10:30.parquet", spikes, DataTypes.IntegerType);
        assertSameAsLocal(parts, SpikeTableOptions.defaults(), T50, 1);
        // An error names the file as given, line included.
        Path bad = Files.writeString(folder.resolve("bad_10:30.csv"), "unit,time\n1,0.5\n1,x\n");
        assertEquals(bad + " line 3, column time: 'x' is not a number: expected a spike time",
            error(bad, SpikeTableOptions.defaults(), T50));

        // Relative, with the ':' in the first name (Hadoop's scheme position): made in the working directory.
        String name = "poglm-colon-test-" + ProcessHandle.current().pid() + "_2024-05-01T10:30.csv";
        Path here = Path.of("").toAbsolutePath().resolve(name);
        try {
            Files.copy(p, here);
            DistributedRecording d = SparkSpikeBinner.bin(spark, name, SpikeTableOptions.defaults(), T50, 0);
            assertEquals(local(p, SpikeTableOptions.defaults(), T50).recording().cut(50, 0), collect(d));
            assertEquals("./" + name, d.source());
        } finally {
            Files.deleteIfExists(here);
        }
    }

    // ---------------------------------------------------------------- validation

    private String error(Path p, SpikeTableOptions table, BinningOptions binning) {
        return assertThrows(InputException.class, () -> distributed(p, table, binning, 0)).getMessage();
    }

    private String localError(Path p, SpikeTableOptions table, BinningOptions binning) {
        return assertThrows(InputException.class, () -> local(p, table, binning)).getMessage();
    }

    @Test
    void invalidTimesNameTheFirstLineAndCountEveryReason() throws IOException {
        Path p = Files.writeString(dir.resolve("bad.csv"),
            "# comment\nunit,time\n1,0.5\n\n2,abc\n1,-1\n3,nan\n2,1.5\n4,-0.5\n");
        String e = error(p, SpikeTableOptions.defaults(), T50);
        String first = localError(p, SpikeTableOptions.defaults(), T50);
        assertEquals(p + " line 5, column time: 'abc' is not a number: expected a spike time", first);
        assertEquals(first + " (4 invalid rows in all: 1 with a time that is NaN or infinite, 2 with a negative time,"
            + " 1 with a time that is not a number)", e);
    }

    @Test
    void rowAndFieldErrorsMatchTheLocalReader() throws IOException {
        Path few = Files.writeString(dir.resolve("few.csv"), "unit,x,time\n1,2,0.5\n1,2\n");
        assertEquals(localError(few, SpikeTableOptions.defaults(), T50), error(few, SpikeTableOptions.defaults(), T50));
        Path empty = Files.writeString(dir.resolve("emptyid.csv"), "unit,time\n1,0.5\n,0.7\n");
        assertEquals(localError(empty, SpikeTableOptions.defaults(), T50),
            error(empty, SpikeTableOptions.defaults(), T50));
        Path quote = Files.writeString(dir.resolve("quote.csv"), "unit,time\n\"1,0.5\n");
        assertEquals(localError(quote, SpikeTableOptions.defaults(), T50),
            error(quote, SpikeTableOptions.defaults(), T50));
        Path ids = Files.writeString(dir.resolve("ids.csv"), "unit,time\n1,0.5\nx,0.7\n");
        SpikeTableOptions integer = SpikeTableOptions.defaults().withIntegerIds(true);
        assertEquals(localError(ids, integer, T50), error(ids, integer, T50));
    }

    @Test
    void headerAndEmptyTableErrorsMatchTheLocalReader() throws IOException {
        for (String content : new String[] {"", "# only a comment\n\n", "unit,time\n", "unit,t\n1,0.5\n",
            "unit,time,Time\n1,0.5,1\n"}) {
            Path p = Files.writeString(dir.resolve("h" + content.length() + ".csv"), content);
            assertEquals(localError(p, SpikeTableOptions.defaults(), T50), error(p, SpikeTableOptions.defaults(), T50),
                "content: " + content);
        }
        assertTrue(error(dir.resolve("missing.csv"), SpikeTableOptions.defaults(), T50)
            .endsWith("missing.csv: no such file or folder"));
    }

    @Test
    void parquetErrorsNameThePartFileAndRow() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i % 3, i == 17 || i == 30 ? -1.0 : i == 25 ? Double.NaN : i * 0.1));
        }
        StructType schema = new StructType().add("unit", DataTypes.IntegerType).add("time", DataTypes.DoubleType);
        Path p = dir.resolve("bad.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
        String e = error(p, SpikeTableOptions.defaults(), T50);
        String l = localError(p, SpikeTableOptions.defaults(), T50);
        // The local reader names the part file by its qualified path (file:/...), this one by the folder given.
        String part = l.substring(l.lastIndexOf('/') + 1);
        assertTrue(l.contains(" row 18, column time: '-1.0' is negative"), l);
        assertEquals(p + "/" + part + " (3 invalid rows in all: 1 with a time that is NaN or infinite,"
            + " 2 with a negative time)", e);

        Path renamed = dir.resolve("renamed.parquet");
        spark.createDataFrame(rows.subList(0, 5), schema).withColumnRenamed("time", "t").write()
            .parquet(renamed.toString());
        assertEquals(renamed + ": no column 'time' in the Parquet schema [unit, t]: expected columns 'unit' and"
            + " 'time'", error(renamed, SpikeTableOptions.defaults(), T50));

        Path none = dir.resolve("none.parquet");
        spark.createDataFrame(List.of(), schema).write().parquet(none.toString());
        assertEquals(none + " has no rows: expected one row per spike with columns 'unit' and 'time'",
            error(none, SpikeTableOptions.defaults(), T50));
    }

    @Test
    void strayUnitIdsAreRefusedAndMixedNamesNotedAsLocally() throws IOException {
        List<Spike> spikes = new ArrayList<>(recording(10));
        spikes.add(spikes.size() / 2, new Spike("1.5", "3.25"));
        spikes.add(spikes.size() / 3, new Spike("abc", "7.5"));
        Path p = csv("stray.csv", "unit,time", spikes, s -> s.unit() + "," + s.time());
        String e = error(p, SpikeTableOptions.defaults(), T50);
        assertEquals(localError(p, SpikeTableOptions.defaults(), T50), e);
        int line = spikes.indexOf(new Spike("abc", "7.5")) + 2;
        assertEquals(p + " line " + line + ", column unit: 'abc' is not an integer unit id: expected integer unit ids"
            + " like the other rows (" + (spikes.size() - 2) + " of " + spikes.size() + " rows; 2 rows with other ids:"
            + " 1.5, abc)", e);

        // The same rows in a Parquet folder with a string unit column: the part file and row.
        Path pq = parquet("stray.parquet", spikes, DataTypes.StringType);
        assertEquals(localError(pq, SpikeTableOptions.defaults(), T50).replace("file:", ""),
            error(pq, SpikeTableOptions.defaults(), T50));

        // A named unit with many rows among integer ids: a unit of its own, with the same warning.
        List<Spike> named = new ArrayList<>(recording(10));
        named.replaceAll(s -> s.unit().equals("5") ? new Spike("mua", s.time()) : s);
        Path mixed = csv("mixed.csv", "unit,time", named, s -> s.unit() + "," + s.time());
        assertTrue(local(mixed, SpikeTableOptions.defaults(), T50).warnings().stream()
            .anyMatch(w -> w.contains("unit ids mix integers")));
        assertSameAsLocal(mixed, SpikeTableOptions.defaults(), T50, 0);
    }

    @Test
    void outlyingAndHugeTimesAreRefusedAsLocally() throws IOException {
        List<Spike> spikes = new ArrayList<>(recording(11));
        // A 12.3 s recording: 2 pieces of 500 bins; an outlier at 1e4 s makes 1000 of them.
        BinningOptions t500 = BinningOptions.defaults().withPieceBins(500);
        List<Spike> one = new ArrayList<>(spikes);
        one.add(one.size() / 2, new Spike("2", "10000"));
        Path p = csv("outlier.csv", "unit,time", one, s -> s.unit() + "," + s.time());
        String e = error(p, SpikeTableOptions.defaults(), t500);
        assertEquals(localError(p, SpikeTableOptions.defaults(), t500), e);
        assertTrue(e.startsWith(p + " line " + (one.size() / 2 + 1) + ", column time: '10000' is far beyond the other"
            + " spike times: it stretches the window to [0, 10000.01) s = 1000001 bins = 2000 pieces of 500 bins"), e);
        Path pq = parquet("outlier.parquet", one, DataTypes.IntegerType);
        assertEquals(localError(pq, SpikeTableOptions.defaults(), t500).replace("file:", ""),
            error(pq, SpikeTableOptions.defaults(), t500));

        List<Spike> huge = new ArrayList<>(spikes);
        huge.add(17, new Spike("10", "1e300"));
        Path h = csv("huge.csv", "unit,time", huge, s -> s.unit() + "," + s.time());
        assertEquals(h + " line 19, column time: '1e300' is too large to bin: it falls in bin 1.00e+302 of 0.01 s from"
            + " 0 s, beyond the 9007199254740992 bins that can be addressed; expected spike times before"
            + " 90071992500000 s (set --end to bin only up to a chosen time, or remove the outlier)",
            error(h, SpikeTableOptions.defaults(), t500));
        assertEquals(localError(h, SpikeTableOptions.defaults(), t500), error(h, SpikeTableOptions.defaults(), t500));

        // With an end the window is the user's.
        assertSameAsLocal(h, SpikeTableOptions.defaults(), t500.withWindow(Double.NaN, 12.5), 0);
    }

    /**
     * Late spikes right at the stretch boundary, some in the power-of-two range of times that holds
     * the edge (16 to 32 s, the edge at 16.001 s), so that only the exact count decides: one late
     * spike more than 1% of them is a recording, binned as locally; exactly 1% is refused as locally.
     */
    @Test
    void theStretchBoundaryIsDecidedAsLocally() throws IOException {
        List<Spike> spikes = recording(12);
        for (int extra = 0; extra <= 1; extra++) {
            List<Spike> s = new ArrayList<>(spikes);
            s.add(new Spike("2", "16.0005"));
            s.add(new Spike("10", "150"));
            s.add(new Spike("1", "160"));
            // late = m + 2 of n = size + m; m chosen so that late = floor(n / 100) + extra.
            int m = 0;
            while (m + 2 != (s.size() + m) / 100 + extra) {
                m++;
            }
            for (int k = 0; k < m; k++) {
                s.add(s.size() / 2, new Spike(k % 2 == 0 ? "1" : "5", Integer.toString(17 + k % 14)));
            }
            Path p = csv("edge" + extra + ".csv", "unit,time", s, x -> x.unit() + "," + x.time());
            if (extra == 1) {
                assertSameAsLocal(p, SpikeTableOptions.defaults(), T50, 0);
            } else {
                String e = error(p, SpikeTableOptions.defaults(), T50);
                assertEquals(localError(p, SpikeTableOptions.defaults(), T50), e);
                assertTrue(e.contains("'160' and " + (m + 1) + " more spike times from 16.001 s on are far beyond"), e);
            }
        }
    }

    @Test
    void binningErrorsMatchTheLocalBinner() throws IOException {
        Path p = csv("w.csv", "unit,time", recording(6), s -> s.unit() + "," + s.time());
        SpikeTableOptions t = SpikeTableOptions.defaults();
        for (BinningOptions b : List.of(T50.withWindow(0, 0.3), T50.withUnits(List.of("1", "99")),
            T50.withMinRate(1000), T50.withWindow(20, 30), BinningOptions.defaults().withPieceBins(5000))) {
            assertEquals(localError(p, t, b), error(p, t, b), b.toString());
        }
    }

    @Test
    void moreThan32767SpikesOfAUnitInOneBinIsAnError() {
        Path p = dir.resolve("dense.parquet");
        spark.range(32768).selectExpr("1 as unit", "0.005 + id * 1e-8 as time")
            .union(spark.range(2).selectExpr("2 as unit", "0.5 + id as time"))
            .write().parquet(p.toString());
        BinningOptions b = BinningOptions.defaults().withPieceBins(10);
        String e = error(p, SpikeTableOptions.defaults(), b);
        assertEquals(p + ", unit 1: more than 32767 spikes in bin 0 [0, 0.01) s: expected at most 32767 per bin"
            + " (use a narrower bin width)", e);
        assertEquals(localError(p, SpikeTableOptions.defaults(), b).replace("file:", ""), e);
    }
}
