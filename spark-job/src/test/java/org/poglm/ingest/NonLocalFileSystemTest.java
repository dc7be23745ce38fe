package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.ingest.RecordingReader.Format;

/**
 * Every reader through a non-local, read-only Hadoop file system (as for hdfs:// or s3a://):
 * same pieces as locally, nothing written, NWB's temporary local copy deleted.
 */
class NonLocalFileSystemTest {
    @TempDir
    static Path dir;
    static TestRecording rec;
    static final RecordingReader READER = new RecordingReader(ElsewhereFileSystem.configuration());

    @BeforeAll
    static void write() throws IOException {
        rec = TestRecording.create(7);
        rec.writeSpikeCsv(dir.resolve("spikes.csv"));
        rec.writeParquet(dir.resolve("spikes.parquet"));
        rec.writePhy(dir.resolve("phy"), false);
        rec.writeNwb(dir.resolve("units.nwb"));
        rec.writeCountNpy(dir.resolve("counts.npy"), ">f4", true);
        rec.writeCountCsv(dir.resolve("counts.csv"), false);
        Path parts = Files.createDirectories(dir.resolve("parts.parquet"));
        Files.copy(dir.resolve("spikes.parquet"), parts.resolve("part-0.parquet"));
    }

    @Test
    void everyFormatReadsIdenticallyFromANonLocalFileSystem() {
        for (String name : List.of("spikes.csv", "spikes.parquet", "parts.parquet", "phy", "units.nwb", "counts.npy",
            "counts.csv")) {
            String uri = ElsewhereFileSystem.uri(dir.resolve(name));
            BinnedRecording r = READER.read(uri, Format.AUTO, ReadOptions.defaults());
            assertEquals(rec.expectedPieces(), r.recording().cut(100, 0), name);
            assertTrue(r.source().startsWith("elsewhere:"), r.source());
        }
    }

    @Test
    void nwbIsCopiedToATemporaryLocalFileThatIsDeleted() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countTempCopies(tmp);
        SpikeTrains s = new NwbUnitsReader(ElsewhereFileSystem.configuration())
            .read(ElsewhereFileSystem.uri(dir.resolve("units.nwb")));
        assertEquals(rec.spikeCount(), s.spikeCount());
        assertEquals(before, countTempCopies(tmp));
        // Also after a failure.
        Path fake = Files.writeString(dir.resolve("fake.nwb"), "not hdf5");
        assertThrows(InputException.class, () -> new NwbUnitsReader(ElsewhereFileSystem.configuration())
            .read(ElsewhereFileSystem.uri(fake)));
        assertEquals(before, countTempCopies(tmp));
    }

    @Test
    void missingNonLocalPathIsNamed() {
        String uri = ElsewhereFileSystem.uri(dir.resolve("absent.csv"));
        InputException e = assertThrows(InputException.class, () -> READER.read(uri, Format.AUTO,
            ReadOptions.defaults()));
        // Hadoop prints scheme-only URIs as elsewhere:/path, as it prints file:///x as file:/x.
        assertEquals(new org.apache.hadoop.fs.Path(uri) + ": no such file or folder", e.getMessage());
        assertTrue(e.getMessage().startsWith("elsewhere:/") && e.getMessage().contains("absent.csv"), e.getMessage());
    }

    private static long countTempCopies(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("poglm-input-")).count();
        }
    }
}
