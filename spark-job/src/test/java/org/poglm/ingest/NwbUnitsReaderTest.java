package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
}
