package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Piece;
import org.poglm.ingest.RecordingReader.Format;

class RecordingReaderTest {
    @TempDir
    static Path dir;
    static TestRecording rec;
    static Path csv;
    static Path parquet;
    static Path phy;
    static Path nwb;
    static Path npy;
    static Path countsCsv;
    static final RecordingReader READER = new RecordingReader();

    @BeforeAll
    static void writeAllFormats() throws IOException {
        rec = TestRecording.create(42);
        csv = rec.writeSpikeCsv(dir.resolve("spikes.csv"));
        parquet = rec.writeParquet(dir.resolve("spikes.parquet"));
        phy = rec.writePhy(dir.resolve("kilosort_out"), true);
        nwb = rec.writeNwb(dir.resolve("session.nwb"));
        npy = rec.writeCountNpy(dir.resolve("counts.npy"), "<i8", false);
        countsCsv = rec.writeCountCsv(dir.resolve("counts.csv"), true);
    }

    @Test
    void fixtureIsWhatItClaims() {
        assertTrue(rec.spikeCount() > 300 && rec.spikeCount() < 1000, "a few hundred spikes: " + rec.spikeCount());
        int doubles = 0;
        for (int[] row : rec.counts) {
            for (int c : row) {
                doubles += c >= 2 ? 1 : 0;
            }
        }
        assertTrue(doubles > 0, "some bins hold two spikes of one unit");
    }

    @Test
    void everyFormatGivesIdenticalPieces() {
        List<Piece> expected = rec.expectedPieces();
        assertEquals(30, expected.size());
        for (Path p : List.of(csv, parquet, phy, nwb, npy, countsCsv)) {
            BinnedRecording r = READER.read(p.toString(), Format.AUTO, ReadOptions.defaults());
            assertEquals(TestRecording.BINS, r.bins(), p.toString());
            assertEquals(0.0, r.t0(), p.toString());
            assertEquals(0, r.remainderBins(), p.toString());
            assertEquals(expected, r.recording().cut(100, 0), "pieces from " + p.getFileName());
            assertEquals(rec.spikeCount(), r.totalSpikes(), p.toString());
        }
    }

    @Test
    void namedFormatsKeepUnitIdsInNumericOrder() {
        for (Path p : List.of(csv, parquet, phy, nwb, countsCsv)) {
            BinnedRecording r = READER.read(p.toString(), Format.AUTO, ReadOptions.defaults());
            assertEquals(TestRecording.UNITS, r.units(), p.toString());
        }
        BinnedRecording fromNpy = READER.read(npy.toString(), Format.NPY, ReadOptions.defaults());
        assertEquals(List.of("0", "1", "2", "3"), fromNpy.units());
    }

    @Test
    void phyDefaultLeavesOutTheNoiseClusterAndSaysSo() {
        BinnedRecording r = READER.read(phy.toString(), Format.PHY, ReadOptions.defaults());
        assertEquals(TestRecording.UNITS, r.units());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("left out noise: 1")), r.warnings().toString());
        BinnedRecording all = READER.read(phy.toString(), Format.PHY, ReadOptions.defaults().withPhy(PhySelection.ALL));
        assertEquals(List.of("2", "5", "11", "40", "99"), all.units());
    }

    @Test
    void onlyPhyAndNwbCarryUnitLabels() {
        for (Path p : List.of(csv, parquet, nwb, npy, countsCsv)) {
            BinnedRecording r = READER.read(p.toString(), Format.AUTO, ReadOptions.defaults());
            assertEquals(UnitLabels.NONE, r.unitLabels(), p.toString());
        }
        BinnedRecording r = READER.read(phy.toString(), Format.PHY, ReadOptions.defaults());
        assertEquals(TestRecording.UNITS, List.copyOf(r.unitLabels().byUnit().keySet()));
        assertEquals(Map.of(UnitLabels.GROUP, "good"), r.unitLabels().forUnit("11"));
        BinnedRecording two = READER.read(phy.toString(), Format.PHY, ReadOptions.defaults()
            .withBinning(BinningOptions.defaults().withUnits(List.of("40", "5"))));
        assertEquals(List.of("40", "5"), List.copyOf(two.unitLabels().byUnit().keySet()));
    }

    @Test
    void autoDetectsEachFormat() {
        assertEquals(Format.SPIKES, READER.detect(csv.toString(), ReadOptions.defaults()));
        assertEquals(Format.SPIKES, READER.detect(parquet.toString(), ReadOptions.defaults()));
        assertEquals(Format.PHY, READER.detect(phy.toString(), ReadOptions.defaults()));
        assertEquals(Format.NWB, READER.detect(nwb.toString(), ReadOptions.defaults()));
        assertEquals(Format.NPY, READER.detect(npy.toString(), ReadOptions.defaults()));
        assertEquals(Format.COUNTS, READER.detect(countsCsv.toString(), ReadOptions.defaults()));
    }

    @Test
    void autoDetectsByContentWhenTheExtensionIsMissing() throws IOException {
        Path a = Files.copy(nwb, dir.resolve("nwb_no_ext"));
        Path b = Files.copy(npy, dir.resolve("npy_no_ext"));
        Path c = Files.copy(parquet, dir.resolve("parquet_no_ext"));
        Path d = Files.copy(csv, dir.resolve("spikes_no_ext"));
        assertEquals(Format.NWB, READER.detect(a.toString(), ReadOptions.defaults()));
        assertEquals(Format.NPY, READER.detect(b.toString(), ReadOptions.defaults()));
        assertEquals(Format.SPIKES, READER.detect(c.toString(), ReadOptions.defaults()));
        assertEquals(Format.SPIKES, READER.detect(d.toString(), ReadOptions.defaults()));
        assertEquals(rec.expectedPieces(), READER.read(c.toString(), Format.AUTO, ReadOptions.defaults())
            .recording().cut(100, 0));
    }

    @Test
    void autoDetectsAFolderOfParquetParts(@TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("spikes.parquet"));
        Files.copy(parquet, folder.resolve("part-00000.parquet"));
        Files.writeString(folder.resolve("_SUCCESS"), "");
        assertEquals(Format.SPIKES, READER.detect(folder.toString(), ReadOptions.defaults()));
        assertEquals(rec.expectedPieces(),
            READER.read(folder.toString(), Format.AUTO, ReadOptions.defaults()).recording().cut(100, 0));
    }

    @Test
    void hadoopFileUrisWork() {
        BinnedRecording r = READER.read(csv.toUri().toString(), Format.AUTO, ReadOptions.defaults());
        assertEquals(rec.expectedPieces(), r.recording().cut(100, 0));
        BinnedRecording n = READER.read(nwb.toUri().toString(), Format.AUTO, ReadOptions.defaults());
        assertEquals(rec.expectedPieces(), n.recording().cut(100, 0));
    }

    @Test
    void missingInputIsNamed() {
        String missing = dir.resolve("nope.csv").toString();
        InputException e = assertThrows(InputException.class, () -> READER.read(missing, Format.AUTO,
            ReadOptions.defaults()));
        assertTrue(e.getMessage().contains("nope.csv") && e.getMessage().contains("no such"), e.getMessage());
        InputException f = assertThrows(InputException.class,
            () -> READER.read(missing, Format.SPIKES, ReadOptions.defaults()));
        assertTrue(f.getMessage().contains("nope.csv"), f.getMessage());
        InputException g = assertThrows(InputException.class,
            () -> READER.read(dir.resolve("no_folder").toString(), Format.PHY, ReadOptions.defaults()));
        assertTrue(g.getMessage().contains("no_folder") && g.getMessage().contains("no such folder"), g.getMessage());
    }

    @Test
    void folderThatIsNeitherPhyNorParquetIsAnError(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "hello");
        InputException e = assertThrows(InputException.class,
            () -> READER.read(tmp.toString(), Format.AUTO, ReadOptions.defaults()));
        assertTrue(e.getMessage().contains("spike_times.npy"), e.getMessage());
    }

    @Test
    void autoCountsErrorExplainsWhyItReadCounts(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("spk.csv"), "cluster,t\n3,0.0123\n");
        InputException e = assertThrows(InputException.class,
            () -> READER.read(f.toString(), Format.AUTO, ReadOptions.defaults()));
        assertTrue(e.getMessage().contains("line 2, column t: '0.0123' is not a non-negative integer count"),
            e.getMessage());
        assertTrue(e.getMessage().contains("read as a count matrix"), e.getMessage());
        // With the right column names it is a spike table.
        ReadOptions named = ReadOptions.defaults().withTable(SpikeTableOptions.defaults().withColumns("cluster", "t"))
            .withBinning(BinningOptions.defaults().withPieceBins(1));
        assertEquals(List.of("3"), READER.read(f.toString(), Format.AUTO, named).units());
    }

    @Test
    void countFormatsApplyWindowUnitsAndMinRate() {
        ReadOptions o = ReadOptions.defaults().withBinning(BinningOptions.defaults().withWindow(5, 25)
            .withUnits(List.of("40", "5")).withMinRate(0));
        for (Path p : List.of(countsCsv, csv, nwb)) {
            BinnedRecording r = READER.read(p.toString(), Format.AUTO, o);
            assertEquals(List.of("40", "5"), r.units(), p.toString());
            assertEquals(2000, r.bins(), p.toString());
            assertEquals(5.0, r.t0(), 1e-12, p.toString());
            for (int t = 0; t < 2000; t++) {
                assertEquals(rec.counts[500 + t][3], r.recording().count(t, 0));
                assertEquals(rec.counts[500 + t][1], r.recording().count(t, 1));
            }
        }
        // The count NPY's columns are named by index.
        BinnedRecording n = READER.read(npy.toString(), Format.AUTO, ReadOptions.defaults().withBinning(
            BinningOptions.defaults().withWindow(5, 25).withUnits(List.of("3", "1"))));
        assertEquals(List.of("3", "1"), n.units());
        assertEquals(rec.counts[500][3], n.recording().count(0, 0));
    }

    @Test
    void countFormatsCheckTheWindowAgainstOnePiece() {
        ReadOptions o = ReadOptions.defaults().withBinning(BinningOptions.defaults().withWindow(10, 10.5));
        for (Path p : List.of(countsCsv, npy, csv)) {
            InputException e = assertThrows(InputException.class, () -> READER.read(p.toString(), Format.AUTO, o));
            assertTrue(e.getMessage()
                .contains("window 0.5 s = 50 bins of 0.01 s is shorter than one piece of 100 bins"),
                e.getMessage());
        }
    }

    @Test
    void minRateDropsTheSlowUnitInEveryFormat() {
        // Unit 2 fires at ~2 Hz, the others faster.
        ReadOptions o = ReadOptions.defaults().withBinning(BinningOptions.defaults().withMinRate(2.5));
        for (Path p : List.of(csv, countsCsv, phy)) {
            BinnedRecording r = READER.read(p.toString(), Format.AUTO, o);
            assertEquals(List.of("5", "11", "40"), r.units(), p.toString());
            assertEquals("2", r.droppedUnits().get(0).unit());
            assertTrue(r.droppedUnits().get(0).reason().contains("below the minimum rate 2.5 Hz"));
        }
    }

    @Test
    void phyUnitsListSelectsClustersWhateverTheirLabel() {
        ReadOptions o = ReadOptions.defaults().withBinning(BinningOptions.defaults().withUnits(List.of("99", "2")));
        BinnedRecording r = READER.read(phy.toString(), Format.AUTO, o);
        assertEquals(List.of("99", "2"), r.units());
        assertEquals(20, r.spikeCount("99"));
    }

    @Test
    void readersNeverWriteIntoTheInputLocation() throws IOException {
        Set<String> before = listing(dir);
        for (Format f : List.of(Format.AUTO)) {
            for (Path p : List.of(csv, parquet, phy, nwb, npy, countsCsv)) {
                READER.read(p.toString(), f, ReadOptions.defaults());
            }
        }
        assertEquals(before, listing(dir));
    }

    @Test
    void formatNamesParse() {
        assertEquals(Format.PHY, Format.parse("phy"));
        assertEquals(Format.AUTO, Format.parse(" Auto "));
        InputException e = assertThrows(InputException.class, () -> Format.parse("mat"));
        assertTrue(e.getMessage().contains("'mat'") && e.getMessage().contains("nwb"), e.getMessage());
    }

    private static Set<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p) + ":" + p.toFile().length()).collect(Collectors.toSet());
        }
    }
}
