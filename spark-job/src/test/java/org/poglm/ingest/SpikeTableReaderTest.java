package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SpikeTableReaderTest {
    @TempDir
    Path dir;
    private final SpikeTableReader reader = new SpikeTableReader();

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private SpikeTrains read(Path p) {
        return reader.read(p.toString(), SpikeTableOptions.defaults());
    }

    private String error(Path p, SpikeTableOptions o) {
        return assertThrows(InputException.class, () -> reader.read(p.toString(), o)).getMessage();
    }

    @Test
    void readsACsvWithIntegerIdsInNumericOrder() throws IOException {
        SpikeTrains s = read(file("s.csv", "unit,time\n10,0.5\n2,0.25\n10,0.75\n007,1.0\n"));
        assertEquals(List.of("2", "7", "10"), s.units(), "numeric order, '007' canonicalised");
        assertArrayEquals(new double[] {0.5, 0.75}, s.times("10"));
        assertEquals(4, s.spikeCount());
        assertEquals(0.01, s.timeResolution(), "times written with at most 2 decimals");
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void stringIdsUseNaturalOrder() throws IOException {
        SpikeTrains s = read(file("s.csv", "unit,time\nn10,1\nn2,1\nb,1\nn1,1\n"));
        assertEquals(List.of("b", "n1", "n2", "n10"), s.units());
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
            Arguments.of("s.tsv", "unit\ttime\n1\t0.5\n"),
            Arguments.of("s.csv", "unit;time\n1;0.5\n"),
            Arguments.of("s.txt", "unit   time\n1  0.5\n"),
            Arguments.of("s.csv", "\"unit\",\"time\"\n\"1\",0.5\n"),
            Arguments.of("s.csv", "\uFEFFunit,time\r\n1,0.5\r\n"),
            Arguments.of("s.dat", "# exported by my lab\n\nUnit , Time \n\n1 , 0.5\n\n\n"));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void detectsDelimitersQuotesBomCommentsAndBlankLines(String name, String content) throws IOException {
        SpikeTrains s = read(file(name, content));
        assertEquals(List.of("1"), s.units());
        assertArrayEquals(new double[] {0.5}, s.times("1"));
    }

    @Test
    void otherColumnNamesExtraColumnsAndTimeUnits() throws IOException {
        Path p = file("s.csv", "amplitude,t_ms,cluster\n3.2,1500,4\n1.1,250,4\n");
        SpikeTrains s = reader.read(p.toString(), SpikeTableOptions.defaults().withColumns("cluster", "t_ms")
            .withSecondsPerUnit(0.001));
        assertArrayEquals(new double[] {0.25, 1.5}, s.times("4"), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"0.0125,4", "12,0", "12.,0", "'  1.50 ',2", "1.5e-3,4", "2.50E1,1", "3e2,-2", "-.5,1", "+7E+0,0",
        "1e-99999999,1000000", "nan,-2147483648", "1d,-2147483648"})
    void decimalPlacesAsWritten(String number, int places) {
        assertEquals(places, DelimitedText.decimals(number));
    }

    @Test
    void theTimeResolutionOfATextTableIsItsFinestDecimal() throws IOException {
        Path p = file("r.csv", "unit,time\n1,0.5\n1,1.25\n2,7.375e-1\n2,3\n");
        assertEquals(1e-4, read(p).timeResolution(), "7.375e-1 has 4 decimal places");
        Path ms = file("ms.csv", "unit,t_ms\n1,1500.5\n1,250\n");
        SpikeTrains s = reader.read(ms.toString(), SpikeTableOptions.defaults().withColumns("unit", "t_ms")
            .withSecondsPerUnit(0.001));
        assertEquals(1e-4, s.timeResolution(), 1e-18, "0.1 ms");
        // The binner refuses bins finer than that, as for phy and NWB.
        Path coarse = file("coarse.csv", "unit,time\n1,0.25\n1,0.5\n2,1.75\n");
        InputException e = assertThrows(InputException.class,
            () -> Binner.bin(read(coarse), BinningOptions.defaults().withBinWidth(0.001).withPieceBins(10)));
        assertEquals(coarse + ": bin width 0.001 s is finer than the data's time resolution 0.01 s: expected a bin"
            + " width >= 0.01 s", e.getMessage());
        assertEquals(176, Binner.bin(read(coarse), BinningOptions.defaults().withPieceBins(10)).bins());
    }

    @Test
    void unsortedTimesAreSortedWithAWarning() throws IOException {
        SpikeTrains s = read(file("s.csv", "unit,time\n1,0.5\n1,0.2\n2,0.1\n2,0.3\n"));
        assertArrayEquals(new double[] {0.2, 0.5}, s.times("1"));
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).endsWith("spike times were not sorted; sorted them (unit 1)"),
            s.warnings().get(0));
    }

    @Test
    void rowsSortedByUnitThenTimeAreNotUnsorted() throws IOException {
        SpikeTrains s = read(file("s.csv", "unit,time\n1,0.5\n1,0.9\n2,0.1\n"));
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void nonNumericTimeNamesLineColumnAndValue() throws IOException {
        Path p = file("s.csv", "unit,time\n1,0.5\n\n1,abc\n");
        String m = error(p, SpikeTableOptions.defaults());
        assertEquals(p + " line 4, column time: 'abc' is not a number: expected a spike time", m);
    }

    @ParameterizedTest
    @CsvSource({"NaN,is not a finite number", "inf,is not a finite number", "-Infinity,is not a finite number",
        "-0.5,is negative", "1d,is not a number", "0x1p3,is not a number"})
    void badTimesAreRejected(String value, String problem) throws IOException {
        Path p = file("s.csv", "unit,time\n1," + value + "\n");
        assertEquals(p + " line 2, column time: '" + value + "' " + problem + (problem.equals("is negative")
            ? ": expected a spike time >= 0" : ": expected a spike time"), error(p, SpikeTableOptions.defaults()));
    }

    @Test
    void integerIdsCanBeRequired() throws IOException {
        Path p = file("s.csv", "unit,time\n1,0.5\nunit_b,0.6\n");
        assertEquals(p + " line 3, column unit: 'unit_b' is not an integer unit id",
            error(p, SpikeTableOptions.defaults().withIntegerIds(true)));
        assertEquals(List.of("1", "unit_b"), read(p).units(), "allowed by default");
    }

    /** A column of integer ids, 3 units over 2 s, with {@code stray} as the unit of row {@code at} (0-based). */
    private Path integerIdsWithAStray(String name, String stray, int at) throws IOException {
        StringBuilder b = new StringBuilder("unit,time\n");
        for (int i = 0; i < 150; i++) {
            b.append(i == at ? stray : Integer.toString(i % 3 + 1)).append(',').append(i * 0.013).append('\n');
        }
        return file(name, b.toString());
    }

    @ParameterizedTest
    @CsvSource({"abc,abc", "1.5,1.5", "'\"7a\"',7a", "' 2e3 ',2e3"})
    void aStrayIdInAColumnOfIntegerIdsIsAnError(String written, String id) throws IOException {
        Path p = integerIdsWithAStray("stray.csv", written, 57);
        assertEquals(p + " line 59, column unit: '" + id + "' is not an integer unit id: expected integer unit ids"
            + " like the other rows (149 of 150 rows; 1 row with other ids: " + id + ")", error(p,
            SpikeTableOptions.defaults()));
    }

    @Test
    void aFewStraysNameTheFirstInTheFile() throws IOException {
        StringBuilder b = new StringBuilder("unit,time\n");
        for (int i = 0; i < 500; i++) {
            String unit = i == 300 ? "x" : i == 120 || i == 400 ? "0.5" : Integer.toString(i % 4);
            b.append(unit).append(',').append(i * 0.01).append('\n');
        }
        Path p = file("strays.csv", b.toString());
        assertEquals(p + " line 122, column unit: '0.5' is not an integer unit id: expected integer unit ids like the"
            + " other rows (497 of 500 rows; 3 rows with other ids: 0.5, x)", error(p, SpikeTableOptions.defaults()));
    }

    @Test
    void namesMixedWithIntegerIdsAreNamesWithAWarning() throws IOException {
        // As many named rows as integer ones: names.
        Path half = file("half.csv", "unit,time\n1,0.5\nunit_b,0.6\n");
        SpikeTrains s = read(half);
        assertEquals(List.of("1", "unit_b"), s.units());
        assertEquals(List.of(half + ": unit ids mix integers (1 row) and names (1 row: unit_b); every id is read as"
            + " a name, a unit of its own"), s.warnings());
        // A named unit with more than 1% of the rows (here 5 of 150) is a unit, not a stray.
        StringBuilder b = new StringBuilder("unit,time\n");
        for (int i = 0; i < 150; i++) {
            b.append(i % 30 == 7 ? "mua" : Integer.toString(i % 3 + 1)).append(',').append(i * 0.013).append('\n');
        }
        Path mua = file("mua.csv", b.toString());
        SpikeTrains m = read(mua);
        assertEquals(List.of("1", "2", "3", "mua"), m.units());
        assertEquals(5, m.times("mua").length);
        assertEquals(List.of(mua + ": unit ids mix integers (145 rows) and names (5 rows: mua); every id is read as a"
            + " name, a unit of its own"), m.warnings());
        // Names only, or integers only: nothing to say.
        assertTrue(read(file("names.csv", "unit,time\nn10,1\nn2,1\nb,1.5\n")).warnings().isEmpty());
        assertTrue(read(file("ints.csv", "unit,time\n10,1\n2,1\n007,1.5\n")).warnings().isEmpty());
    }

    @Test
    void theStrayRuleWeighsRows() {
        // Strays: integer ids hold most rows, the others at most 1% of them or one row each.
        assertTrue(MixedUnitIds.of(java.util.Map.of("1", 99L, "x", 1L)).strays());
        assertTrue(MixedUnitIds.of(java.util.Map.of("1", 500L, "2", 490L, "x", 7L, "y", 3L)).strays());
        assertTrue(MixedUnitIds.of(java.util.Map.of("1", 3L, "x", 1L, "y", 1L)).strays(), "one row each");
        assertFalse(MixedUnitIds.of(java.util.Map.of("1", 1L, "x", 1L)).strays(), "not most rows");
        assertFalse(MixedUnitIds.of(java.util.Map.of("1", 90L, "x", 2L, "y", 8L)).strays(), "y holds 8% of the rows");
        assertNull(MixedUnitIds.of(java.util.Map.of("1", 90L, "+2", 8L)));
        assertNull(MixedUnitIds.of(java.util.Map.of("a", 90L, "b", 8L)));
    }

    @Test
    void emptyUnitIdIsAnError() throws IOException {
        Path p = file("s.csv", "unit,time\n,0.5\n");
        assertTrue(error(p, SpikeTableOptions.defaults()).contains("line 2, column unit: '' is not a unit id"));
    }

    @Test
    void missingColumnNamesTheHeaderFoundAndTheOneExpected() throws IOException {
        Path p = file("s.csv", "cluster,time\n1,0.5\n");
        assertEquals(p + " line 1: no column 'unit' in the header [cluster, time] (,-separated): expected columns "
            + "'unit' and 'time'", error(p, SpikeTableOptions.defaults()));
    }

    @Test
    void duplicatedColumnIsAnError() throws IOException {
        Path p = file("s.csv", "unit,time,time\n1,0.5,0.6\n");
        assertTrue(error(p, SpikeTableOptions.defaults()).contains("column 'time' appears twice"));
    }

    @Test
    void emptyFileHeaderOnlyAndShortRowsAreErrors() throws IOException {
        Path empty = file("e.csv", "");
        assertTrue(error(empty, SpikeTableOptions.defaults()).startsWith(empty + " is empty: expected a header line"));
        Path blank = file("b.csv", "\n\n# nothing\n");
        assertTrue(error(blank, SpikeTableOptions.defaults()).contains("has no header line"));
        Path header = file("h.csv", "unit,time\n\n");
        assertTrue(error(header, SpikeTableOptions.defaults()).contains("has a header but no spike rows"));
        Path shortRow = file("r.csv", "unit,time\n1,0.5\n2\n");
        assertEquals(shortRow + " line 3: 1 field (,-separated): expected at least 2 to reach column 'time'",
            error(shortRow, SpikeTableOptions.defaults()));
    }

    @Test
    void unterminatedQuoteIsAnError() throws IOException {
        Path p = file("q.csv", "unit,time\n\"1,0.5\n");
        assertTrue(error(p, SpikeTableOptions.defaults()).contains("line 2: unterminated double quote"));
    }

    @Test
    void aFolderWithoutParquetFilesIsNotASpikeTable() {
        String m = assertThrows(InputException.class,
            () -> reader.read(dir.toString(), SpikeTableOptions.defaults())).getMessage();
        assertTrue(m.contains("without *.parquet files"), m);
    }

    @Test
    void optionsAreValidated() {
        assertThrows(InputException.class, () -> SpikeTableOptions.defaults().withColumns("t", "T"));
        assertThrows(InputException.class, () -> SpikeTableOptions.defaults().withColumns("", "time"));
        assertThrows(InputException.class, () -> SpikeTableOptions.defaults().withSecondsPerUnit(0));
    }
}
