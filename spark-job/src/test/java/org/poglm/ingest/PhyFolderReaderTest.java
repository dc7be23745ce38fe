package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhyFolderReaderTest {
    @TempDir
    Path dir;
    private final PhyFolderReader reader = new PhyFolderReader();

    /**
     * A small phy folder at 20 kHz: clusters 0 (good), 3 (mua), 5 (noise), 8 (no label in
     * cluster_group.tsv, good in cluster_KSLabel.tsv), 9 (in no label file).
     */
    private Path folder() throws IOException {
        Path f = Files.createDirectories(dir.resolve("ks"));
        long[] times = {100, 250, 400, 900, 1000, 1500, 2000, 2200, 3000, 4000};
        long[] clusters = {0, 3, 0, 5, 8, 3, 0, 9, 8, 0};
        NpyWriter.writeLongs(f.resolve("spike_times.npy"), "<u8", new int[] {times.length}, times);
        NpyWriter.writeLongs(f.resolve("spike_clusters.npy"), "<u4", new int[] {clusters.length}, clusters);
        Files.writeString(f.resolve("params.py"), "# phy params\ndat_path = r'C:\\data\\raw#1.bin'\n"
            + "n_channels_dat = 385\nsample_rate = 20_000.  # Hz\n");
        Files.writeString(f.resolve("cluster_group.tsv"), "cluster_id\tgroup\n0\tgood\n3\tmua\n5\tnoise\n");
        Files.writeString(f.resolve("cluster_KSLabel.tsv"), "cluster_id\tKSLabel\n0\tmua\n3\tgood\n5\tgood\n8\tgood\n");
        return f;
    }

    @Test
    void readsGoodClustersWithManualLabelsWinning() throws IOException {
        Path f = folder();
        SpikeTrains s = reader.read(f.toString(), PhySelection.GOOD);
        // 0: manual good (KS mua); 3: manual mua (KS good); 8: KS good, not in cluster_group.tsv.
        assertEquals(List.of("0", "8"), s.units());
        assertArrayEquals(new double[] {0.005, 0.02, 0.1, 0.2}, s.times("0"), 1e-15);
        assertArrayEquals(new double[] {0.05, 0.15}, s.times("8"), 1e-15);
        assertEquals(1 / 20000.0, s.timeResolution());
        assertTrue(s.warnings().stream().anyMatch(w -> w.contains("1 cluster has no label") && w.contains("(9)")
            && w.contains("treated as unlabeled")), s.warnings().toString());
        assertTrue(s.warnings().stream().anyMatch(w -> w.contains("kept 2 clusters labelled 'good'; left out mua: 1, "
            + "noise: 1")), s.warnings().toString());
    }

    @Test
    void selectionsByLabelsIdsAndAll() throws IOException {
        Path f = folder();
        assertEquals(List.of("0", "3", "8"), reader.read(f.toString(), PhySelection.parse("mua,good")).units());
        assertEquals(List.of("0", "3", "5", "8", "9"), reader.read(f.toString(), PhySelection.parse("all")).units());
        assertEquals(List.of("5", "9"), reader.read(f.toString(), PhySelection.parse("9, 5")).units());
        assertEquals(List.of("5"), reader.read(f.toString(), PhySelection.parse("NOISE")).units());
        String m = assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.parse("17")))
            .getMessage();
        assertTrue(m.contains("selected cluster 17 has no spikes") && m.contains("clusters there: 0, 3, 5, 8, 9"), m);
        String none = assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.parse("goood")))
            .getMessage();
        assertTrue(none.contains("no cluster labelled 'goood'") && none.contains("good: 2"), none);
    }

    @Test
    void selectionSyntaxIsValidated() {
        assertEquals(PhySelection.ALL, PhySelection.parse(" ALL "));
        assertEquals(Set.of("mua", "good"), PhySelection.parse("mua,Good").labels());
        assertEquals(List.of("3", "17"), PhySelection.parse("3,017").ids());
        assertTrue(assertThrows(InputException.class, () -> PhySelection.parse("good,3")).getMessage()
            .contains("mixes labels"));
        assertThrows(InputException.class, () -> PhySelection.parse("good,,mua"));
        assertThrows(InputException.class, () -> PhySelection.parse(""));
        assertThrows(InputException.class, () -> PhySelection.parse("3.5"));
        assertThrows(InputException.class, () -> PhySelection.ofIds(List.of("a")));
    }

    @Test
    void onlyKsLabelsAreEnough() throws IOException {
        Path f = folder();
        Files.delete(f.resolve("cluster_group.tsv"));
        assertEquals(List.of("3", "5", "8"), reader.read(f.toString(), PhySelection.GOOD).units());
    }

    @Test
    void noLabelFileMeansLabelSelectionIsAnError() throws IOException {
        Path f = folder();
        Files.delete(f.resolve("cluster_group.tsv"));
        Files.delete(f.resolve("cluster_KSLabel.tsv"));
        String m = assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.GOOD)).getMessage();
        assertTrue(m.contains("no cluster_group.tsv or cluster_KSLabel.tsv") && m.contains("select 'all'"), m);
        assertEquals(5, reader.read(f.toString(), PhySelection.ALL).unitCount());
    }

    @Test
    void templatesStandInForMissingClustersWithAWarning() throws IOException {
        Path f = folder();
        Files.move(f.resolve("spike_clusters.npy"), f.resolve("spike_templates.npy"));
        SpikeTrains s = reader.read(f.toString(), PhySelection.ALL);
        assertEquals(5, s.unitCount());
        assertTrue(s.warnings().get(0).contains("no spike_clusters.npy; using spike_templates.npy"),
            s.warnings().toString());
        Files.delete(f.resolve("spike_templates.npy"));
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.ALL)).getMessage()
            .contains("spike_clusters.npy: no such file, and no spike_templates.npy either"));
    }

    @Test
    void columnVectorsAndFloatSampleIndicesAreAccepted() throws IOException {
        Path f = folder();
        NpyWriter.write(f.resolve("spike_times.npy"), "<f8", new int[] {10, 1},
            new double[] {100, 250, 400, 900, 1000, 1500, 2000, 2200, 3000, 4000});
        SpikeTrains s = reader.read(f.toString(), PhySelection.GOOD);
        assertArrayEquals(new double[] {0.005, 0.02, 0.1, 0.2}, s.times("0"), 1e-15);
        NpyWriter.write(f.resolve("spike_times.npy"), "<f8", new int[] {10}, new double[] {100.5, 2, 3, 4, 5, 6, 7, 8,
            9, 10});
        String m = assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.GOOD)).getMessage();
        assertTrue(m.contains("spike_times.npy index 0: '100.5' is not a whole number"), m);
        NpyWriter.write(f.resolve("spike_times.npy"), "<i8", new int[] {2, 5}, new double[10]);
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.GOOD)).getMessage()
            .contains("shape (2, 5): expected a vector"));
    }

    @Test
    void negativeSampleIndexIsAnError() throws IOException {
        Path f = folder();
        NpyWriter.write(f.resolve("spike_times.npy"), "<i8", new int[] {10}, new double[] {-5, 1, 2, 3, 4, 5, 6, 7, 8,
            9});
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.GOOD)).getMessage()
            .contains("index 0: '-5' is negative: expected a sample index >= 0"));
    }

    @Test
    void mismatchedLengthsNameBothFiles() throws IOException {
        Path f = folder();
        NpyWriter.writeLongs(f.resolve("spike_clusters.npy"), "<u4", new int[] {9}, new long[9]);
        String m = assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.ALL)).getMessage();
        assertEquals(f.resolve("spike_times.npy") + " has 10 spikes but " + f.resolve("spike_clusters.npy")
            + " has 9 entries: expected one cluster per spike (files from different sorting runs?)", m);
    }

    @Test
    void missingFolderFilesAndParamsAreErrors() throws IOException {
        assertTrue(assertThrows(InputException.class, () -> reader.read(dir.resolve("none").toString(),
            PhySelection.ALL))
            .getMessage().endsWith("none: no such folder"));
        Path f = folder();
        assertTrue(assertThrows(InputException.class,
            () -> reader.read(f.resolve("params.py").toString(), PhySelection.ALL)).getMessage().contains("is a file"));
        Files.writeString(f.resolve("params.py"), "dat_path = 'x.bin'\n# sample_rate = 30000\n");
        assertEquals(f.resolve("params.py")
            + " has no 'sample_rate = ...' assignment: expected the sampling rate in Hz, "
            + "e.g. sample_rate = 30000.0",
            assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.ALL)).getMessage());
        Files.writeString(f.resolve("params.py"), "dat_path = 'x.bin'\nsample_rate = fs\n");
        assertEquals(f.resolve("params.py")
            + " line 2, column sample_rate: 'fs' is not a positive number: expected the "
            + "sampling rate in Hz, e.g. 30000.0",
            assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.ALL)).getMessage());
        Files.delete(f.resolve("params.py"));
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.ALL)).getMessage()
            .contains("params.py: no such file"));
        Files.writeString(f.resolve("params.py"), "sample_rate = 30000\n");
        Files.delete(f.resolve("spike_times.npy"));
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.ALL)).getMessage()
            .contains("spike_times.npy: no such file"));
    }

    @Test
    void badLabelFilesAreErrors() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("cluster_group.tsv"), "id\tgroup\n0\tgood\n");
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.GOOD)).getMessage()
            .contains("cluster_group.tsv line 1: header [id, group]: expected columns 'cluster_id' and 'group'"));
        Files.writeString(f.resolve("cluster_group.tsv"), "cluster_id\tgroup\nzero\tgood\n");
        assertTrue(assertThrows(InputException.class, () -> reader.read(f.toString(), PhySelection.GOOD)).getMessage()
            .contains("cluster_group.tsv line 2, column cluster_id: 'zero' is not an integer cluster id"));
    }

    @Test
    void binWidthBelowOneSampleIsAnErrorThroughTheBinner() throws IOException {
        SpikeTrains s = reader.read(folder().toString(), PhySelection.ALL);
        InputException e = assertThrows(InputException.class,
            () -> Binner.bin(s, BinningOptions.defaults().withBinWidth(0.00002)));
        assertTrue(e.getMessage().contains("finer than the data's time resolution 0.00005 s"), e.getMessage());
    }
}
