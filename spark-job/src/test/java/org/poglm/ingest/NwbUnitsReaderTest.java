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
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

class NwbUnitsReaderTest {
    @TempDir
    Path dir;
    private final NwbUnitsReader reader = new NwbUnitsReader();

    private String error(Path p) {
        return assertThrows(InputException.class, () -> reader.read(p.toString())).getMessage();
    }

    @Test
    void readsTheRaggedUnitsTable() {
        Path p = dir.resolve("a.nwb");
        TestRecording.writeNwb(p, new double[] {0.5, 0.75, 0.1, 0.2, 0.3}, new long[] {2, 2, 5}, new long[] {17, 4, 9});
        SpikeTrains s = reader.read(p.toString());
        assertEquals(List.of("4", "9", "17"), s.units());
        assertArrayEquals(new double[] {0.5, 0.75}, s.times("17"));
        assertEquals(0, s.times("4").length, "an empty unit is kept here; the binner drops it with a warning");
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, s.times("9"));
        assertTrue(Double.isNaN(s.timeResolution()));
        assertTrue(s.warnings().isEmpty());
    }

    @Test
    void resolutionAttributeIsUsedWhenPositive() {
        Path p = dir.resolve("r.nwb");
        try (WritableHdfFile hdf = HdfFile.write(p)) {
            WritableGroup u = hdf.putGroup("units");
            u.putDataset("spike_times", new double[] {0.1, 0.2}).putAttribute("resolution", 1 / 30000.0);
            u.putDataset("spike_times_index", new long[] {2});
            u.putDataset("id", new long[] {0});
        }
        assertEquals(1 / 30000.0, reader.read(p.toString()).timeResolution(), 1e-18);
    }

    @Test
    void notHdf5IsAnError() throws IOException {
        Path p = Files.writeString(dir.resolve("fake.nwb"), "this is plain text, not HDF5");
        assertEquals(p
            + " is not an HDF5 file (no signature \\x89HDF\\r\\n\\x1a\\n): expected an NWB 2 file", error(p));
    }

    @Test
    void noUnitsGroupIsAnError() {
        Path p = dir.resolve("nounits.nwb");
        try (WritableHdfFile hdf = HdfFile.write(p)) {
            hdf.putGroup("acquisition");
            hdf.putGroup("stimulus");
        }
        String m = error(p);
        assertTrue(m.startsWith(p + " has no /units group: expected an NWB file with a units table"), m);
        assertTrue(m.contains("acquisition") && m.contains("stimulus"), m);
    }

    @Test
    void missingDatasetsAreNamed() {
        for (String missing : List.of("spike_times", "spike_times_index", "id")) {
            Path p = dir.resolve("missing_" + missing + ".nwb");
            try (WritableHdfFile hdf = HdfFile.write(p)) {
                WritableGroup u = hdf.putGroup("units");
                if (!missing.equals("spike_times")) {
                    u.putDataset("spike_times", new double[] {0.1});
                }
                if (!missing.equals("spike_times_index")) {
                    u.putDataset("spike_times_index", new long[] {1});
                }
                if (!missing.equals("id")) {
                    u.putDataset("id", new long[] {0});
                }
            }
            String m = error(p);
            assertTrue(m.startsWith(p + " has no /units/" + missing + " dataset"), m);
        }
    }

    @Test
    void decreasingIndexIsAnError() {
        Path p = dir.resolve("dec.nwb");
        TestRecording.writeNwb(p, new double[] {0.1, 0.2, 0.3}, new long[] {2, 1, 3}, new long[] {0, 1, 2});
        assertEquals(p + ": /units/spike_times_index[1] = 1 is less than the previous entry 2: expected non-decreasing "
            + "end offsets", error(p));
    }

    @Test
    void indexBeyondSpikeTimesIsAnError() {
        Path p = dir.resolve("beyond.nwb");
        TestRecording.writeNwb(p, new double[] {0.1, 0.2, 0.3}, new long[] {2, 4}, new long[] {0, 1});
        assertEquals(p
            + ": /units/spike_times_index[1] = 4 is beyond the end of /units/spike_times (3 spikes): expected "
            + "offsets <= 3", error(p));
    }

    @Test
    void indexAndIdLengthsMustAgree() {
        Path p = dir.resolve("len.nwb");
        TestRecording.writeNwb(p, new double[] {0.1, 0.2, 0.3}, new long[] {1, 3}, new long[] {0, 1, 2});
        assertTrue(error(p).contains("/units/spike_times_index has 2 entries but /units/id has 3"));
    }

    @Test
    void duplicateIdsAndNonFiniteTimesAreErrors() {
        Path dup = dir.resolve("dup.nwb");
        TestRecording.writeNwb(dup, new double[] {0.1, 0.2}, new long[] {1, 2}, new long[] {5, 5});
        assertTrue(error(dup).contains("/units/id[1] = 5 repeats an earlier id"));
        Path nan = dir.resolve("nan.nwb");
        TestRecording.writeNwb(nan, new double[] {0.1, Double.NaN}, new long[] {1, 2}, new long[] {5, 6});
        assertTrue(error(nan).contains("/units/spike_times[1] (unit 6) = NaN: expected a finite spike time"));
    }

    @Test
    void negativeTimesAreAnError() {
        Path p = dir.resolve("neg.nwb");
        TestRecording.writeNwb(p, new double[] {0.1, 0.2, -0.25, 0.3}, new long[] {2, 4}, new long[] {5, 6});
        assertEquals(p + ": /units/spike_times[2] (unit 6) = -0.25 is negative: expected a spike time >= 0 s",
            error(p));
    }

    /** A file cut short (an interrupted copy or download) at many lengths, from inside the superblock to the last byte. */
    @Test
    void aTruncatedFileIsAnErrorNamingWhatWasExpected() throws IOException {
        Path full = TestRecording.create(3).writeNwb(dir.resolve("full.nwb"));
        assertEquals(TestRecording.UNITS, reader.read(full.toString()).units(), "the uncut file reads");
        byte[] bytes = Files.readAllBytes(full);
        java.util.Set<Integer> lengths = new java.util.TreeSet<>(List.of(8, 12, 40, 47, 48, 100, 200, 400, 800,
            bytes.length / 3, bytes.length / 2, bytes.length - 4096, bytes.length - 100, bytes.length - 1));
        for (int i = 1; i < 20; i++) {
            lengths.add(bytes.length * i / 20);
        }
        for (int n : lengths) {
            Path cut = Files.write(dir.resolve("cut" + n + ".nwb"), java.util.Arrays.copyOf(bytes, n));
            String m = error(cut);
            assertTrue(m.startsWith(cut.toString()) && m.contains("expected a complete HDF5 file"), n + " bytes: " + m);
        }
        Path cut = dir.resolve("cut" + (bytes.length - 1) + ".nwb");
        assertEquals(cut + " has " + (bytes.length - 1) + " bytes but its HDF5 superblock says it ends at byte "
            + bytes.length + ": expected a complete HDF5 file (NWB 2); it looks truncated (an interrupted copy or "
            + "download?)", error(cut));
    }

    /** Damaged metadata (zeroed or random bytes after the superblock) never escapes as anything but bad input. */
    @Test
    void aDamagedFileIsAnErrorNamingWhatWasBeingRead() throws IOException {
        Path full = TestRecording.create(3).writeNwb(dir.resolve("full.nwb"));
        byte[] bytes = Files.readAllBytes(full);
        java.util.Random rnd = new java.util.Random(5);
        int errors = 0;
        for (int k = 0; k < 12; k++) {
            byte[] b = bytes.clone();
            int at = 48 + rnd.nextInt(Math.min(2000, b.length - 300));
            for (int i = at; i < at + 64; i++) {
                b[i] = k % 2 == 0 ? 0 : (byte) rnd.nextInt(256);
            }
            Path bad = Files.write(dir.resolve("bad" + k + ".nwb"), b);
            try {
                reader.read(bad.toString()); // damage in the data itself can read as other numbers
            } catch (InputException e) {
                assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("expected"), e.getMessage());
                if (e.getMessage().contains(": cannot read the ")
                    && e.getMessage().contains("expected a complete HDF5 file")) {
                    errors++;
                }
            }
        }
        assertTrue(errors > 0, "damaged metadata is reported with what was being read");
    }

    @Test
    void trailingUnindexedSpikesAreAWarning() {
        Path p = dir.resolve("trail.nwb");
        TestRecording.writeNwb(p, new double[] {0.1, 0.2, 0.3}, new long[] {2}, new long[] {0});
        SpikeTrains s = reader.read(p.toString());
        assertEquals(2, s.spikeCount());
        assertTrue(s.warnings().get(0).contains("the last 1 entries of /units/spike_times belong to no unit"));
    }

    @Test
    void aFolderIsNotAnNwbFile() {
        assertTrue(error(dir).contains("is a folder: expected a file"));
    }

    // Unit labels (brain region, electrode group, electrode): see NwbUnitLabels.

    private static Path fixture(String name) {
        try {
            return Path.of(NwbUnitsReaderTest.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Units 17, 4, 9 (rows in that order), with {@code more} added to the file. */
    private Path unitsWith(String name, BiConsumer<WritableHdfFile, WritableGroup> more) {
        Path p = dir.resolve(name);
        TestRecording.writeNwb(p, new double[] {0.5, 0.75, 0.1, 0.2, 0.3}, new long[] {2, 3, 5},
            new long[] {17, 4, 9}, more);
        return p;
    }

    private static Map<String, String> labels(String... fieldsAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            m.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void aLocationColumnGivesEachUnitsRegion() {
        Path p = unitsWith("location.nwb", (hdf, units) -> units.putDataset("location",
            new String[] {"CA1", "", "V1"}));
        SpikeTrains s = reader.read(p.toString());
        UnitLabels l = s.unitLabels();
        assertEquals(List.of("9", "17"), List.copyOf(l.byUnit().keySet()), "column order; unit 4's blank is absent");
        assertEquals(Map.of(UnitLabels.REGION, "CA1"), l.forUnit("17"));
        assertEquals("V1", l.get("9", UnitLabels.REGION));
        assertEquals(Map.of(), l.forUnit("4"));
        assertEquals(List.of(UnitLabels.REGION), l.regionOrderFields());
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void electrodesTableRowsGiveRegionGroupAndElectrode() {
        Path p = unitsWith("electrodes.nwb", (hdf, units) -> {
            WritableGroup el = hdf.putGroup("general").putGroup("extracellular_ephys").putGroup("electrodes");
            el.putDataset("id", new long[] {10, 11, 12});
            el.putDataset("location", new String[] {"CA1", "CA3", "CA3"});
            el.putDataset("group_name", new String[] {"shank0", "shank1", "shank1"});
            // An integer 'table' attribute is not a reference: the standard table is used.
            units.putDataset("electrodes", new long[] {2, 0, 1}).putAttribute("table", 99L);
        });
        SpikeTrains s = reader.read(p.toString());
        UnitLabels l = s.unitLabels();
        assertEquals(labels(UnitLabels.REGION, "CA1", UnitLabels.ELECTRODE_GROUP, "shank0", UnitLabels.ELECTRODE, "10"),
            l.forUnit("4"));
        assertEquals(labels(UnitLabels.REGION, "CA3", UnitLabels.ELECTRODE_GROUP, "shank1", UnitLabels.ELECTRODE, "11"),
            l.forUnit("9"));
        assertEquals(labels(UnitLabels.REGION, "CA3", UnitLabels.ELECTRODE_GROUP, "shank1", UnitLabels.ELECTRODE, "12"),
            l.forUnit("17"));
        assertEquals(List.of(UnitLabels.REGION, UnitLabels.ELECTRODE_GROUP), l.regionOrderFields());
        assertEquals(List.of("4", "9", "17"), l.inRegionOrder(s.units()));
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    /**
     * As pynwb writes it (fixture by make_nwb_label_fixtures.py): a ragged electrodes region whose
     * 'table' attribute refers to the electrodes table, ElectrodeGroup references in its 'group'
     * column, and a 'group_name' that says "all" everywhere (the references win).
     */
    @Test
    void electrodeGroupReferencesGiveTheGroupsName() {
        SpikeTrains s = reader.read(fixture("nwb-electrode-references.nwb").toString());
        UnitLabels l = s.unitLabels();
        assertEquals(List.of("3", "5", "7", "9"), s.units());
        assertEquals(labels(UnitLabels.REGION, "CA1", UnitLabels.ELECTRODE_GROUP, "shankA", UnitLabels.ELECTRODE,
            "100"), l.forUnit("7"));
        assertEquals(labels(UnitLabels.REGION, "CA3", UnitLabels.ELECTRODE_GROUP, "shankB", UnitLabels.ELECTRODE,
            "102"), l.forUnit("3"));
        assertEquals(labels(UnitLabels.REGION, "CA1, CA3", UnitLabels.ELECTRODE_GROUP, "shankA, shankB",
            UnitLabels.ELECTRODE, "101, 102"), l.forUnit("5"), "a unit on two electrodes");
        assertEquals(labels(UnitLabels.REGION, "DG", UnitLabels.ELECTRODE_GROUP, "probeC", UnitLabels.ELECTRODE,
            "103"), l.forUnit("9"), "a blank electrode location: the group's location attribute stands in");
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void anElectrodeGroupColumnAndAUnitsOwnLocation() {
        SpikeTrains s = reader.read(fixture("nwb-electrode-group-column.nwb").toString());
        UnitLabels l = s.unitLabels();
        assertEquals(labels(UnitLabels.REGION, "MEC", UnitLabels.ELECTRODE_GROUP, "tetrode2"), l.forUnit("0"));
        assertEquals(labels(UnitLabels.REGION, "PaS", UnitLabels.ELECTRODE_GROUP, "tetrode1"), l.forUnit("1"),
            "the units' own location wins over the group's");
        assertEquals(labels(UnitLabels.REGION, "MEC", UnitLabels.ELECTRODE_GROUP, "tetrode2"), l.forUnit("2"));
        assertEquals(List.of("0", "2", "1"), l.inRegionOrder(s.units()));
    }

    @Test
    void anElectrodesTableElsewhereIsFoundThroughItsReference() {
        SpikeTrains s = reader.read(fixture("nwb-electrodes-elsewhere.nwb").toString());
        assertEquals(labels(UnitLabels.REGION, "V2", UnitLabels.ELECTRODE, "1"), s.unitLabels().forUnit("1"));
        assertEquals(labels(UnitLabels.REGION, "V1", UnitLabels.ELECTRODE, "0"), s.unitLabels().forUnit("2"));
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void aFileWithoutLabelsGivesNone() {
        Path p = TestRecording.create(3).writeNwb(dir.resolve("plain.nwb"));
        SpikeTrains s = reader.read(p.toString());
        assertTrue(s.unitLabels().isEmpty());
        assertEquals(List.of(), s.unitLabels().regionOrderFields());
        assertEquals(s.units(), s.unitLabels().inRegionOrder(s.units()));
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    /** Label columns that cannot be used are warnings naming the dataset; the spikes are read all the same. */
    @Test
    void malformedLabelColumnsAreWarnings() {
        Path shortColumn = unitsWith("short.nwb", (hdf, units) -> units.putDataset("location",
            new String[] {"CA1", "CA3"}));
        assertLabelWarning(shortColumn, shortColumn + ": /units/location has 2 entries: expected one location per "
            + "unit (3); not read");

        Path numbers = unitsWith("numbers.nwb", (hdf, units) -> units.putDataset("location", new long[] {1, 2, 3}));
        assertLabelWarning(numbers, numbers + ": /units/location has type long: expected text, one location per "
            + "unit; not read");

        Path outside = unitsWith("outside.nwb", (hdf, units) -> {
            WritableGroup el = hdf.putGroup("general").putGroup("extracellular_ephys").putGroup("electrodes");
            el.putDataset("id", new long[] {0, 1});
            el.putDataset("location", new String[] {"CA1", "CA3"});
            units.putDataset("electrodes", new long[] {0, 5, 1});
        });
        assertLabelWarning(outside, outside + ": /units/electrodes for unit 4 (row 1) = 5 is not a row of "
            + "/general/extracellular_ephys/electrodes (2 rows): expected row numbers 0..1; electrode labels not read");

        Path noTable = unitsWith("notable.nwb", (hdf, units) -> units.putDataset("electrodes", new long[] {0, 1, 2}));
        assertLabelWarning(noTable, noTable + ": /units/electrodes refers to an electrodes table, but its 'table' "
            + "attribute does not lead to one and there is no /general/extracellular_ephys/electrodes group: expected "
            + "the NWB electrodes table; electrode labels not read");

        Path badIndex = unitsWith("badindex.nwb", (hdf, units) -> {
            WritableGroup el = hdf.putGroup("general").putGroup("extracellular_ephys").putGroup("electrodes");
            el.putDataset("location", new String[] {"CA1", "CA3"});
            units.putDataset("electrodes", new long[] {0, 1, 1, 0});
            units.putDataset("electrodes_index", new long[] {2, 1, 4});
        });
        assertLabelWarning(badIndex, badIndex + ": /units/electrodes_index[1] = 1: expected non-decreasing end "
            + "offsets from 2 to 4 (the length of /units/electrodes); electrode labels not read");
    }

    private void assertLabelWarning(Path p, String warning) {
        SpikeTrains s = reader.read(p.toString());
        assertEquals(List.of("4", "9", "17"), s.units());
        assertEquals(5, s.spikeCount());
        assertEquals(List.of(warning), s.warnings());
        assertTrue(s.unitLabels().isEmpty(), s.unitLabels().toString());
    }

    /** Units left out by the selection or the minimum rate take their labels with them. */
    @Test
    void onlyKeptUnitsKeepTheirLabelsInColumnOrder() {
        TestRecording rec = TestRecording.create(3);
        // Rows 40, 2, 11, 5 (TestRecording.NWB_ROWS).
        Path p = rec.writeNwb(dir.resolve("rec.nwb"), (hdf, units) -> units.putDataset("location",
            new String[] {"V1", "CA1", "CA3", "CA1"}));
        RecordingReader recordings = new RecordingReader();
        BinnedRecording all = recordings.read(p.toString(), RecordingReader.Format.NWB, ReadOptions.defaults());
        assertEquals(TestRecording.UNITS, List.copyOf(all.unitLabels().byUnit().keySet()));
        assertEquals(List.of("2", "5", "11", "40"), all.unitLabels().inRegionOrder(all.units()));

        BinnedRecording some = recordings.read(p.toString(), RecordingReader.Format.NWB, ReadOptions.defaults()
            .withBinning(BinningOptions.defaults().withUnits(List.of("40", "5"))));
        assertEquals(List.of("40", "5"), some.units());
        assertEquals(List.of("40", "5"), List.copyOf(some.unitLabels().byUnit().keySet()));
        assertEquals("V1", some.unitLabels().get("40", UnitLabels.REGION));
        assertEquals(Map.of(), some.unitLabels().forUnit("2"));

        BinnedRecording fast = recordings.read(p.toString(), RecordingReader.Format.NWB, ReadOptions.defaults()
            .withBinning(BinningOptions.defaults().withMinRate(3.5)));
        assertEquals(fast.units(), List.copyOf(fast.unitLabels().byUnit().keySet()));
        assertTrue(!fast.droppedUnits().isEmpty() && fast.droppedUnits().stream()
            .allMatch(d -> fast.unitLabels().forUnit(d.unit()).isEmpty()), fast.droppedUnits().toString());
    }
}
