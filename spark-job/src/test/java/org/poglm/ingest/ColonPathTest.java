package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.ingest.RecordingReader.Format;

/**
 * Input paths with a ':' in a file or folder name (timestamped recordings such as
 * {@code session_2024-05-01T10:30.csv}) read like any other, in every format, given absolute or
 * relative; real URIs keep their scheme. Hadoop's {@code new Path(String)} takes whatever comes
 * before the first ':' of a relative path for a URI scheme, so {@link InputFiles#path} is the one
 * place paths are made.
 */
class ColonPathTest {
    @TempDir
    static Path dir;
    static TestRecording rec;
    static Path folder;
    static final RecordingReader READER = new RecordingReader();

    @BeforeAll
    static void writeAllFormats() throws IOException {
        rec = TestRecording.create(11);
        // The folder's name has a ':' too.
        folder = Files.createDirectories(dir.resolve("session_2024-05-01T10:30"));
        rec.writeSpikeCsv(folder.resolve("spikes_10:30.csv"));
        rec.writeParquet(folder.resolve("spikes_10:30.parquet"));
        rec.writePhy(folder.resolve("kilosort_10:30"), false);
        rec.writeNwb(folder.resolve("units_10:30.nwb"));
        rec.writeCountNpy(folder.resolve("counts_10:30.npy"), "<i8", false);
        rec.writeCountCsv(folder.resolve("counts_10:30.csv"), false);
        Path parts = Files.createDirectories(folder.resolve("parts_10:30.parquet"));
        Files.copy(folder.resolve("spikes_10:30.parquet"), parts.resolve("part-0.parquet"));
    }

    static final List<String> NAMES = List.of("spikes_10:30.csv", "spikes_10:30.parquet", "kilosort_10:30",
        "units_10:30.nwb", "counts_10:30.npy", "counts_10:30.csv", "parts_10:30.parquet");

    @Test
    void everyFormatReadsFromAnAbsolutePathWithColons() {
        for (String name : NAMES) {
            String path = folder.resolve(name).toString();
            BinnedRecording r = READER.read(path, Format.AUTO, ReadOptions.defaults());
            assertEquals(rec.expectedPieces(), r.recording().cut(100, 0), name);
            assertEquals(path, r.source(), "messages name the path as given");
        }
    }

    @Test
    void everyFormatReadsFromAFileUri() {
        for (String name : NAMES) {
            String uri = "file://" + folder.resolve(name);
            BinnedRecording r = READER.read(uri, Format.AUTO, ReadOptions.defaults());
            assertEquals(rec.expectedPieces(), r.recording().cut(100, 0), name);
        }
    }

    /**
     * A relative path whose first name has a ':' is where Hadoop sees a scheme: the files are made
     * in the working directory (the module folder under Maven) and deleted afterwards.
     */
    @Test
    void relativePathsWithAColonInTheFirstNameRead() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        String stamp = "poglm-colon-test-" + ProcessHandle.current().pid() + "_2024-05-01T10:30";
        List<Path> made = new ArrayList<>();
        try {
            Path csv = made(made, rec.writeSpikeCsv(cwd.resolve(stamp + ".csv")));
            Path npy = made(made, rec.writeCountNpy(cwd.resolve(stamp + ".npy"), "<i8", false));
            Path sub = made(made, Files.createDirectories(cwd.resolve(stamp)));
            Path phy = made(made, rec.writePhy(sub.resolve("kilosort"), false));
            made(made, rec.writeNwb(sub.resolve("units.nwb")));
            Path parquet = made(made, rec.writeParquet(sub.resolve("spikes.parquet")));
            for (String relative : List.of(stamp + ".csv", stamp + ".npy", stamp + "/kilosort", stamp + "/units.nwb",
                stamp + "/spikes.parquet")) {
                BinnedRecording r = READER.read(relative, Format.AUTO, ReadOptions.defaults());
                assertEquals(rec.expectedPieces(), r.recording().cut(100, 0), relative);
                assertTrue(r.source().endsWith(relative), r.source());
            }
            assertTrue(csv.toFile().isFile() && npy.toFile().isFile() && phy.toFile().isDirectory()
                && parquet.toFile().isFile());
            // Errors name the file as given too.
            InputException e = assertThrows(InputException.class,
                () -> READER.read(stamp + "-missing.csv", Format.AUTO, ReadOptions.defaults()));
            assertEquals("./" + stamp + "-missing.csv: no such file or folder", e.getMessage());
        } finally {
            for (int i = made.size() - 1; i >= 0; i--) {
                deleteTree(made.get(i));
            }
        }
    }

    private static Path made(List<Path> made, Path p) {
        made.add(p);
        return p;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    @Test
    void thePathHelperKeepsUrisAndReadsEverythingElseAsALocalPath() {
        org.apache.hadoop.fs.Path rel = InputFiles.path("session_2024-05-01T10:30.csv");
        assertNull(rel.toUri().getScheme());
        assertEquals("session_2024-05-01T10:30.csv", rel.getName());
        assertEquals("./session_2024-05-01T10:30.csv", rel.toString());
        org.apache.hadoop.fs.Path inFolder = InputFiles.path("rec:1/spikes.csv");
        assertNull(inFolder.toUri().getScheme());
        assertEquals("spikes.csv", inFolder.getName());
        assertEquals("rec:1", inFolder.getParent().getName());
        org.apache.hadoop.fs.Path abs = InputFiles.path("/data/session_2024-05-01T10:30.csv");
        assertNull(abs.toUri().getScheme());
        assertEquals("/data/session_2024-05-01T10:30.csv", abs.toString());
        assertEquals("plain.csv", InputFiles.path("plain.csv").toString());
        assertEquals("data/plain.csv", InputFiles.path("data/plain.csv").toString());

        for (String uri : List.of("hdfs://nn:8020/rec/session_10:30.csv", "file:/tmp/a:b.csv", "file:///tmp/a.csv",
            "s3a://bucket/rec/a.parquet", "elsewhere:///x/y.nwb", "viewfs://cluster/a")) {
            org.apache.hadoop.fs.Path p = InputFiles.path(uri);
            assertEquals(new org.apache.hadoop.fs.Path(uri), p, uri);
            assertEquals(uri.substring(0, uri.indexOf(':')), p.toUri().getScheme(), uri);
        }
        assertEquals("hdfs", InputFiles.path("hdfs://nn:8020/rec/session_10:30.csv").toUri().getScheme());
        assertEquals("session_10:30.csv", InputFiles.path("hdfs://nn:8020/rec/session_10:30.csv").getName());
        InputException blank = assertThrows(InputException.class, () -> InputFiles.path(" "));
        assertEquals("input path is empty: expected a file or folder", blank.getMessage());
    }
}
