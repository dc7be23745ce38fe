package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Recording;

class CountMatrixCsvReaderTest {
    @TempDir
    Path dir;
    private final CountMatrixCsvReader reader = new CountMatrixCsvReader();

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String error(Path p) {
        return assertThrows(InputException.class, () -> reader.read(p.toString(), 0.01)).getMessage();
    }

    @Test
    void readsWithABinColumn() throws IOException {
        Recording r = reader.read(file("counts.csv", "bin,n0,n1,n2\n0,1,0,2\n1,0,3,0\n2,1.0,0,0\n\n\n").toString(),
            0.02);
        assertEquals(3, r.bins());
        assertEquals(List.of("n0", "n1", "n2"), r.units());
        assertEquals(0.02, r.binWidth());
        assertEquals(2, r.count(0, 2));
        assertEquals(3, r.count(1, 1));
        assertEquals(1, r.count(2, 0), "whole decimals such as 1.0 are counts");
    }

    @Test
    void readsWithoutABinColumnAndKeepsColumnOrder() throws IOException {
        Recording r = reader.read(file("counts.tsv", "40\t2\t11\n1\t2\t3\n4\t5\t6\n").toString(), 0.01);
        assertEquals(List.of("40", "2", "11"), r.units());
        assertEquals(6, r.count(1, 2));
    }

    @Test
    void negativeCountNamesFileLineColumnAndValue() throws IOException {
        StringBuilder sb = new StringBuilder("bin,n0,n1,n2,n3\n");
        for (int b = 0; b < 15; b++) {
            sb.append(b).append(",0,1,0,").append(b == 15 ? "-1" : "0").append('\n');
        }
        sb.append("15,0,0,0,-1\n");
        Path p = file("counts.csv", sb.toString());
        assertEquals(p + " line 17, column n3: '-1' is not a non-negative integer count", error(p));
    }

    @Test
    void nonIntegerAndTooLargeCountsAreErrors() throws IOException {
        Path frac = file("f.csv", "a,b\n1,2.5\n");
        assertEquals(frac + " line 2, column b: '2.5' is not a non-negative integer count", error(frac));
        Path word = file("w.csv", "a,b\n1,NA\n");
        assertEquals(word + " line 2, column b: 'NA' is not a non-negative integer count", error(word));
        Path big = file("g.csv", "a,b\n1,40000\n");
        assertEquals(big + " line 2, column b: '40000' is larger than 32767: expected at most 32767 spikes per bin",
            error(big));
        Path max = file("m.csv", "a\n32767\n");
        assertEquals(Short.MAX_VALUE, reader.read(max.toString(), 0.01).count(0, 0));
    }

    @Test
    void binColumnMustCountUpFromZero() throws IOException {
        Path gap = file("gap.csv", "bin,a\n0,1\n1,1\n3,1\n");
        assertEquals(gap
            + " line 4, column bin: '3' is not the expected bin number: expected 2 (bins must be 0, 1, 2, ... "
            + "in order, one row each)", error(gap));
        Path one = file("one.csv", "bin,a\n1,1\n");
        assertTrue(error(one).contains("line 2, column bin: '1' is not the expected bin number: expected 0"));
        Path swapped = file("sw.csv", "BIN,a\n0,1\n2,1\n1,1\n");
        assertTrue(error(swapped).contains("line 3, column BIN: '2'"));
    }

    @Test
    void rowsMustMatchTheHeaderWidth() throws IOException {
        Path p = file("w.csv", "bin,a,b\n0,1,2\n1,1\n");
        assertEquals(p + " line 3: 2 fields (,-separated): expected 3 like the header", error(p));
    }

    @Test
    void headerProblemsAreErrors() throws IOException {
        Path dup = file("d.csv", "0,1,0\n1,0,0\n");
        assertTrue(error(dup).contains("line 1: unit '0' names more than one column"), error(dup));
        Path onlyBin = file("b.csv", "bin\n0\n");
        assertTrue(error(onlyBin).contains("has only the 'bin' column"));
        Path empty = file("e.csv", "");
        assertTrue(error(empty).startsWith(empty + " is empty"));
        Path noRows = file("n.csv", "a,b\n\n");
        assertTrue(error(noRows).contains("no rows of counts"));
        Path unnamed = file("u.csv", "bin,a,,c\n0,1,2,3\n");
        assertTrue(error(unnamed).contains("column 3 of the header has no name"), error(unnamed));
    }

    @Test
    void binWidthIsValidated() throws IOException {
        Path p = file("c.csv", "a\n1\n");
        assertThrows(InputException.class, () -> reader.read(p.toString(), 0));
    }

    @Test
    void largerMatricesGrowCorrectly() throws IOException {
        StringBuilder sb = new StringBuilder("bin,a,b,c\n");
        for (int t = 0; t < 5000; t++) {
            sb.append(t).append(',').append(t % 7).append(',').append(t % 11).append(',').append(t % 13).append('\n');
        }
        Recording r = reader.read(file("big.csv", sb.toString()).toString(), 0.01);
        assertEquals(5000, r.bins());
        for (int t = 0; t < 5000; t += 97) {
            assertEquals(t % 7, r.count(t, 0));
            assertEquals(t % 13, r.count(t, 2));
        }
    }
}
