package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    // Unit labels: the cluster group, Kilosort's label, and channel, depth and shank from cluster_info.tsv.

    /** phy's cluster_info.tsv for {@link #folder()}: cluster 9 has no group, 8 a blank one. */
    private static final String CLUSTER_INFO = """
        cluster_id\tAmplitude\tContamPct\tKSLabel\tamp\tch\tdepth\tfr\tgroup\tn_spikes\tsh
        0\t1200.5\t0.0\tmua\t55.1\t12\t240.0\t2.1\tgood\t4\t1
        3\t800.0\t12.5\tgood\t40.2\t3\t60.0\t1.0\tmua\t2\t0
        5\t300.0\t100.0\tgood\t20.0\t40\t800.0\t0.5\tnoise\t1\t1
        8\t950.0\t3.0\tgood\t48.0\t7\t140.0\t1.0\t\t2\t0
        9\t400.0\t50.0\t\t22.0\t30\t600.0\t0.5\t\t1\t1
        """;

    private static Map<String, String> labels(String... fieldsAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            m.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void labelFilesAndClusterInfoGiveGroupChannelDepthAndShank() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("cluster_info.tsv"), CLUSTER_INFO);
        SpikeTrains s = reader.read(f.toString(), PhySelection.ALL);
        UnitLabels l = s.unitLabels();
        assertEquals(List.of("0", "3", "5", "8", "9"), List.copyOf(l.byUnit().keySet()));
        Map<String, String> zero = labels(UnitLabels.GROUP, "good", UnitLabels.KS_LABEL, "mua", UnitLabels.SHANK, "1",
            UnitLabels.DEPTH, "240.0", UnitLabels.CHANNEL, "12");
        assertEquals(zero, l.forUnit("0"));
        assertEquals(List.copyOf(zero.keySet()), List.copyOf(l.forUnit("0").keySet()), "fields in a fixed order");
        assertEquals(labels(UnitLabels.GROUP, "mua", UnitLabels.KS_LABEL, "good", UnitLabels.SHANK, "0",
            UnitLabels.DEPTH, "60.0", UnitLabels.CHANNEL, "3"), l.forUnit("3"));
        assertEquals(labels(UnitLabels.GROUP, "good", UnitLabels.KS_LABEL, "good", UnitLabels.SHANK, "0",
            UnitLabels.DEPTH, "140.0", UnitLabels.CHANNEL, "7"), l.forUnit("8"), "the group the selection reads");
        assertEquals(labels(UnitLabels.SHANK, "1", UnitLabels.DEPTH, "600.0", UnitLabels.CHANNEL, "30"),
            l.forUnit("9"), "in no label file: no group");
        assertEquals(List.of(UnitLabels.SHANK, UnitLabels.DEPTH), l.regionOrderFields());
        assertEquals(List.of("3", "8", "0", "9", "5"), l.inRegionOrder(s.units()));
    }

    @Test
    void clustersLeftOutHaveNoLabels() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("cluster_info.tsv"), CLUSTER_INFO);
        SpikeTrains good = reader.read(f.toString(), PhySelection.GOOD);
        assertEquals(List.of("0", "8"), List.copyOf(good.unitLabels().byUnit().keySet()));
        SpikeTrains ids = reader.read(f.toString(), PhySelection.parse("9,3"));
        assertEquals(List.of("3", "9"), List.copyOf(ids.unitLabels().byUnit().keySet()));
        assertEquals("3", ids.unitLabels().get("3", UnitLabels.CHANNEL));
    }

    @Test
    void withoutClusterInfoOnlyTheLabelFilesSpeak() throws IOException {
        SpikeTrains s = reader.read(folder().toString(), PhySelection.ALL);
        UnitLabels l = s.unitLabels();
        assertEquals(labels(UnitLabels.GROUP, "noise", UnitLabels.KS_LABEL, "good"), l.forUnit("5"));
        assertEquals(Map.of(), l.forUnit("9"));
        assertEquals(List.of(UnitLabels.GROUP, UnitLabels.KS_LABEL), l.fields());
        assertEquals(List.of(), l.regionOrderFields(), "a label is not a place");
    }

    @Test
    void clusterInfoWithoutLabelFilesStillGivesKilosortsLabel() throws IOException {
        Path f = folder();
        Files.delete(f.resolve("cluster_group.tsv"));
        Files.delete(f.resolve("cluster_KSLabel.tsv"));
        Files.writeString(f.resolve("cluster_info.tsv"), CLUSTER_INFO.replace("cluster_id\t", "id\t")
            .replace("\tsh\n", "\tshank_unused\n"));
        UnitLabels l = reader.read(f.toString(), PhySelection.ALL).unitLabels();
        assertEquals(labels(UnitLabels.KS_LABEL, "mua", UnitLabels.DEPTH, "240.0", UnitLabels.CHANNEL, "12"),
            l.forUnit("0"), "older phy names the id column 'id'");
        assertEquals(List.of(UnitLabels.DEPTH), l.regionOrderFields());
    }

    @Test
    void aMalformedClusterInfoIsAWarning() throws IOException {
        Path f = folder();
        Path info = f.resolve("cluster_info.tsv");
        Files.writeString(info, CLUSTER_INFO.replace("cluster_id\t", "cluster\t"));
        SpikeTrains s = reader.read(f.toString(), PhySelection.ALL);
        assertEquals(5, s.unitCount());
        assertTrue(s.warnings().contains(info + " line 1: header [cluster, Amplitude, ContamPct, KSLabel, amp, ch, "
            + "depth, fr, group, n_spikes, sh] has no 'cluster_id' (or 'id') column: expected phy's cluster table; "
            + "channels and depths not read"), s.warnings().toString());
        assertEquals(labels(UnitLabels.GROUP, "good", UnitLabels.KS_LABEL, "mua"), s.unitLabels().forUnit("0"));

        Files.writeString(info, CLUSTER_INFO.replace("\n3\t", "\nthree\t").replace("\n9\t400.0", "\n9"));
        s = reader.read(f.toString(), PhySelection.ALL);
        assertTrue(s.warnings().contains(info + " line 3, column cluster_id: 'three' is not an integer cluster id; "
            + "2 rows (lines 3, 6) not read"), s.warnings().toString());
        assertEquals(null, s.unitLabels().get("3", UnitLabels.CHANNEL));
        assertEquals("12", s.unitLabels().get("0", UnitLabels.CHANNEL), "the other rows are read");
        assertEquals(Map.of(), s.unitLabels().forUnit("9"), "a field missing: the values would be in the wrong columns");

        Files.writeString(info, CLUSTER_INFO.replace("\n3\t", "\n3\t\t"));
        s = reader.read(f.toString(), PhySelection.ALL);
        assertTrue(s.warnings().contains(info + " line 3: 12 fields: expected 11 (one per column of the header); "
            + "1 row (line 3) not read"), s.warnings().toString());
    }

    @Test
    void aMalformedLabelFileIsAWarningWhenTheSelectionDoesNotUseLabels() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("cluster_group.tsv"), "id\tgroup\n0\tgood\n");
        SpikeTrains s = reader.read(f.toString(), PhySelection.ALL);
        assertEquals(5, s.unitCount());
        assertTrue(s.warnings().contains(f.resolve("cluster_group.tsv") + " line 1: header [id, group]: expected "
            + "columns 'cluster_id' and 'group'; its cluster labels were not read (the selection 'all' does not need "
            + "them)"), s.warnings().toString());
        assertEquals(labels(UnitLabels.GROUP, "mua", UnitLabels.KS_LABEL, "mua"), s.unitLabels().forUnit("0"),
            "Kilosort's label stands");
        assertEquals(List.of("0", "3"), reader.read(f.toString(), PhySelection.parse("0,3")).units());
    }
}
