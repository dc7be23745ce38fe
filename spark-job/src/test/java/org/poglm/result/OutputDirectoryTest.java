package org.poglm.result;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
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
}
