package org.poglm.result;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result directory: overwrites replace the whole previous result and nothing else; outputs never go into an input. */
class OutputDirectoryTest {
    @TempDir
    Path dir;
    private final Configuration conf = new Configuration();

    /** Entry names, without the local file system's hidden .crc checksum files. */
    private static List<String> names(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** A finished result with a truth, a report and charts, plus a file of the user's. */
    private Path previousResult() throws IOException {
        Path out = Files.createDirectories(dir.resolve("result"));
        Files.writeString(out.resolve("summary.csv"), "old");
        Files.writeString(out.resolve("truth.json"), "{}");
        Files.writeString(out.resolve("report.html"), "<html>");
        Files.createDirectories(out.resolve("charts"));
        Files.writeString(out.resolve("charts/fig.png"), "png");
        Files.createDirectories(out.resolve("configs/glm"));
        Files.writeString(out.resolve("configs/glm/params.json"), "{}");
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve(ResultLayout.SUCCESS), "old-run\n");
        return out;
    }

    @Test
    void anOverwriteLeavesNoFileOfThePreviousResultAndKeepsTheUsersFiles() throws IOException {
        Path out = previousResult();
        assertThrows(OutputException.class, () -> OutputDirectory.check(out.toString(), false, conf));
        OutputDirectory o = OutputDirectory.open(out.toString(), true, conf, "run2");
        o.write("summary.csv", "new");
        o.write("configs/h1/params.json", "{}");
        o.commit("run2\n");
        assertEquals(List.of(ResultLayout.SUCCESS, "configs", "notes.txt", "summary.csv"), names(out));
        assertEquals("new", Files.readString(out.resolve("summary.csv")));
        assertEquals(List.of("h1"), names(out.resolve("configs")), "the old configuration's folder is gone");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals("run2\n", Files.readString(out.resolve(ResultLayout.SUCCESS)));
    }

    @Test
    void aStagedNameThatIsNotTheJobsNeverReplacesAFileAndTheOldResultStaysFinished() throws IOException {
        Path out = previousResult();
        OutputDirectory o = OutputDirectory.open(out.toString(), true, conf, "run3");
        o.write("summary.csv", "new");
        o.write("notes.txt", "not mine to write");
        OutputException e = assertThrows(OutputException.class, () -> o.commit("run3\n"));
        assertTrue(e.getMessage().contains("refusing to replace notes.txt"), e.getMessage());
        o.abort();
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals("old", Files.readString(out.resolve("summary.csv")));
        assertTrue(Files.exists(out.resolve("truth.json")) && Files.exists(out.resolve(ResultLayout.SUCCESS)));
        assertFalse(Files.exists(out.resolve(ResultLayout.TEMPORARY)));
    }

    private String refused(Path out, Path input) {
        return assertThrows(OutputException.class,
            () -> OutputDirectory.checkOutsideInput(out.toString(), input.toString(), conf)).getMessage();
    }

    @Test
    void anOutputInsideOrEqualToAnInputFolderIsRefused() throws IOException {
        Path phy = Files.createDirectories(dir.resolve("kilosort"));
        Files.writeString(phy.resolve("params.py"), "sample_rate = 30000.0\n");
        String m = refused(phy.resolve("results"), phy);
        assertEquals("--out " + phy.resolve("results") + " is inside the input folder " + phy
            + ": expected a directory outside the input (results are never written into a recording or a"
            + " sorter's folder)", m);
        assertTrue(refused(phy, phy).startsWith("--out " + phy + " is the input folder " + phy + ":"));
        // The same place spelled as a file: URI, with a trailing slash or relative to the working directory.
        assertThrows(OutputException.class, () -> OutputDirectory.checkOutsideInput("file:" + phy + "/a/b",
            phy + "/", conf));
        String relative = Path.of("").toAbsolutePath().relativize(phy.resolve("r")).toString();
        assertThrows(OutputException.class, () -> OutputDirectory.checkOutsideInput(relative, phy.toString(), conf));
        // A sibling with a common prefix, and a folder elsewhere, are fine.
        assertDoesNotThrow(() -> OutputDirectory.checkOutsideInput(dir.resolve("kilosort-results").toString(),
            phy.toString(), conf));
        assertDoesNotThrow(() -> OutputDirectory.checkOutsideInput(dir.resolve("x/y").toString(), phy.toString(),
            conf));
    }

    @Test
    void anOutputEqualToAnInputFileOrItsFolderIsRefusedButANewFolderNextToItIsFine() throws IOException {
        Path file = Files.writeString(dir.resolve("rec.csv"), "unit,time\n1,0.5\n");
        assertTrue(refused(file, file).startsWith("--out " + file + " is the input " + file + ":"));
        assertEquals("--out " + dir + " is the folder that holds the input " + file
            + ": expected a directory of its own (a new folder next to the input is fine)", refused(dir, file));
        assertDoesNotThrow(() -> OutputDirectory.checkOutsideInput(dir.resolve("rec-results").toString(),
            file.toString(), conf));
        // Another file system is another place, even with the same path; a missing input is the reader's to report.
        Configuration other = new Configuration();
        other.set("fs.elsewhere.impl", "org.poglm.ingest.ElsewhereFileSystem");
        assertDoesNotThrow(() -> OutputDirectory.checkOutsideInput("elsewhere://" + dir + "/rec.csv/x",
            file.toString(), other));
        assertDoesNotThrow(() -> OutputDirectory.checkOutsideInput(dir.resolve("missing/out").toString(),
            dir.resolve("missing").toString(), conf));
        assertDoesNotThrow(() -> OutputDirectory.checkOutsideInput(dir.toString(), null, conf));
    }

    /** Every file below {@code p} whose name is a Hadoop checksum's ({@code .<name>.crc}). */
    static List<Path> checksums(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(x -> x.getFileName().toString().endsWith(".crc")).toList();
        }
    }

    @Test
    void aLocalResultIsPlainFilesWithoutChecksumFiles() throws IOException {
        Path out = dir.resolve("plain");
        OutputDirectory o = OutputDirectory.open(out.toString(), false, conf, "run1");
        o.write("summary.csv", "config_id\nglm\n");
        o.write("configs/glm/params.json", "{}");
        o.commit("run1\n");
        assertEquals(List.of(ResultLayout.SUCCESS, "configs", "summary.csv"), names(out));
        assertEquals(List.of(), checksums(out));
        // Hadoop's checksummed local file system reads it all the same (no checksum: nothing to check).
        FileSystem local = FileSystem.getLocal(conf);
        try (var in = local.open(new org.apache.hadoop.fs.Path(out.resolve("summary.csv").toUri()))) {
            assertEquals("config_id\nglm\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        // Other file systems are not touched: only the local one is unwrapped.
        Configuration other = new Configuration();
        other.set("fs.elsewhere.impl", "org.poglm.ingest.ElsewhereFileSystem");
        org.apache.hadoop.fs.Path elsewhere = new org.apache.hadoop.fs.Path("elsewhere://" + dir + "/x");
        assertEquals(elsewhere.getFileSystem(other).getClass(),
            OutputDirectory.fileSystem(elsewhere, other).getClass());
        assertTrue(OutputDirectory.fileSystem(new org.apache.hadoop.fs.Path(out.toUri()), conf)
            instanceof RawLocalFileSystem);
    }

    @Test
    void anOverwriteOfAResultWithChecksumFilesLeavesNoneBehind() throws IOException {
        // A result as the checksummed local file system wrote it (before results were plain files).
        Path out = dir.resolve("checksummed");
        FileSystem local = FileSystem.getLocal(conf);
        for (String name : List.of("summary.csv", "truth.json", "report.html", "configs/glm/params.json",
            ResultLayout.SUCCESS)) {
            try (var os = local.create(new org.apache.hadoop.fs.Path(out.resolve(name).toUri()))) {
                os.write("old".getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertTrue(Files.exists(out.resolve(".summary.csv.crc")) && Files.exists(out.resolve("._SUCCESS.crc")));
        OutputDirectory o = OutputDirectory.open(out.toString(), true, conf, "run2");
        o.write("summary.csv", "a new summary, longer than the old one");
        o.commit("run2\n");
        assertEquals(List.of(), checksums(out), "no checksum of the old result survives it");
        assertEquals(List.of(ResultLayout.SUCCESS, "notes.txt", "summary.csv"), names(out));
        // Nothing stale for the checksummed file system to trip over.
        try (var in = local.open(new org.apache.hadoop.fs.Path(out.resolve("summary.csv").toUri()))) {
            assertEquals("a new summary, longer than the old one",
                new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
