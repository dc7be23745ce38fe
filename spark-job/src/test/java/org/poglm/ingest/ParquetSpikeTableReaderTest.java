package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetSpikeTableReaderTest {
    @TempDir
    Path dir;
    private final SpikeTableReader reader = new SpikeTableReader();

    /** Writes rows of (unit, time) given as strings, converted to the schema's types; null = missing. */
    private Path write(String name, String schemaText, String[][] rows) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(schemaText);
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w =
            ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
            for (String[] r : rows) {
                Group g = f.newGroup();
                for (int c = 0; c < r.length; c++) {
                    if (r[c] == null) {
                        continue;
                    }
                    String field = schema.getFields().get(c).getName();
                    switch (schema.getFields().get(c).asPrimitiveType().getPrimitiveTypeName()) {
                        case INT32 -> g.append(field, Integer.parseInt(r[c]));
                        case INT64 -> g.append(field, Long.parseLong(r[c]));
                        case FLOAT -> g.append(field, Float.parseFloat(r[c]));
                        case DOUBLE -> g.append(field, Double.parseDouble(r[c]));
                        default -> g.append(field, r[c]);
                    }
                }
                w.write(g);
            }
        }
        return file;
    }

    private static final String[][] ROWS = {{"12", "0.5"}, {"3", "0.25"}, {"12", "0.125"}};

    @ParameterizedTest
    @ValueSource(strings = {"int32", "int64", "binary"})
    void unitColumnMayBeIntLongOrString(String type) throws IOException {
        String unit = type.equals("binary") ? "binary unit (STRING)" : type + " unit";
        Path p = write("s_" + type + ".parquet", "message m { required " + unit + "; required double time; }", ROWS);
        SpikeTrains s = reader.read(p.toString(), SpikeTableOptions.defaults());
        assertEquals(List.of("3", "12"), s.units());
        assertArrayEquals(new double[] {0.125, 0.5}, s.times("12"));
        assertTrue(s.warnings().get(0).contains("not sorted"), s.warnings().toString());
    }

    @Test
    void aStrayIdInAStringColumnOfIntegerIdsNamesItsPartAndRow() throws IOException {
        String[][] rows = new String[120][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new String[] {i == 77 ? "n/a" : Integer.toString(i % 4), Double.toString(i * 0.01)};
        }
        Path folder = dir.resolve("t.parquet");
        write("t.parquet/part-0.parquet", "message m { required binary unit (STRING); required double time; }",
            java.util.Arrays.copyOfRange(rows, 0, 50));
        Path part1 = write("t.parquet/part-1.parquet", "message m { required binary unit (STRING); required double"
            + " time; }", java.util.Arrays.copyOfRange(rows, 50, 120));
        String e = assertThrows(InputException.class,
            () -> reader.read(folder.toString(), SpikeTableOptions.defaults())).getMessage();
        assertEquals("file:" + part1 + " row 28, column unit: 'n/a' is not an integer unit id: expected integer unit"
            + " ids like the other rows (119 of 120 rows; 1 row with other ids: n/a)", e);
    }

    @Test
    void integerTimesAreTicksWhoseLengthIsTheResolutionFloatTimesHaveNone() throws IOException {
        Path ticks = write("ticks.parquet", "message m { required int32 unit; required int64 time; }",
            new String[][] {{"1", "300"}, {"1", "15000"}, {"2", "600"}});
        SpikeTrains s = reader.read(ticks.toString(), SpikeTableOptions.defaults().withSecondsPerUnit(1 / 30000.0));
        assertEquals(1 / 30000.0, s.timeResolution());
        assertArrayEquals(new double[] {0.01, 0.5}, s.times("1"), 1e-15);
        Path doubles = write("d.parquet", "message m { required int32 unit; required double time; }", ROWS);
        assertTrue(Double.isNaN(reader.read(doubles.toString(), SpikeTableOptions.defaults()).timeResolution()));
    }

    @Test
    void floatTimesAndOtherColumnNames() throws IOException {
        Path p = write("f.parquet",
            "message m { optional binary name (STRING); required float t; required int32 amp; }",
            new String[][] {{"pyr_a", "0.5", "3"}, {"int_b", "0.75", "1"}});
        SpikeTrains s = reader.read(p.toString(), SpikeTableOptions.defaults().withColumns("name", "t"));
        assertEquals(List.of("int_b", "pyr_a"), s.units());
        assertArrayEquals(new double[] {0.75}, s.times("int_b"));
    }

    @Test
    void missingColumnNamesTheSchema() throws IOException {
        Path p = write("m.parquet", "message m { required int32 cluster; required double time; }", ROWS);
        String m = assertThrows(InputException.class, () -> reader.read(p.toString(), SpikeTableOptions.defaults()))
            .getMessage();
        assertEquals(p
            + ": no column 'unit' in the Parquet schema [cluster, time]: expected columns 'unit' and 'time'", m);
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        Path p = write("w.parquet", "message m { required int32 unit; required binary time (STRING); }", ROWS);
        String m = assertThrows(InputException.class, () -> reader.read(p.toString(), SpikeTableOptions.defaults()))
            .getMessage();
        assertEquals(p + ", column time: type binary: expected double or float", m);
    }

    @Test
    void nullsNegativeTimesAndNonIntegerIdsNameTheRow() throws IOException {
        Path nulls = write("n.parquet", "message m { required int32 unit; optional double time; }",
            new String[][] {{"1", "0.5"}, {"1", null}});
        assertEquals(nulls + " row 2, column time: null: expected a spike time",
            assertThrows(InputException.class, () -> reader.read(nulls.toString(), SpikeTableOptions.defaults()))
                .getMessage());
        Path neg = write("neg.parquet", "message m { required int32 unit; required double time; }",
            new String[][] {{"1", "0.5"}, {"1", "0.7"}, {"1", "-0.1"}});
        assertEquals(neg + " row 3, column time: '-0.1' is negative: expected a spike time >= 0",
            assertThrows(InputException.class, () -> reader.read(neg.toString(), SpikeTableOptions.defaults()))
                .getMessage());
        Path str = write("str.parquet", "message m { required binary unit (STRING); required double time; }",
            new String[][] {{"1", "0.5"}, {"x1", "0.7"}});
        assertEquals(str + " row 2, column unit: 'x1' is not an integer unit id", assertThrows(InputException.class,
            () -> reader.read(str.toString(), SpikeTableOptions.defaults().withIntegerIds(true))).getMessage());
    }

    @Test
    void aFolderOfPartsIsOneTable() throws IOException {
        write("t.parquet/part-00001.parquet", "message m { required int32 unit; required double time; }",
            new String[][] {{"1", "0.5"}});
        write("t.parquet/part-00000.parquet", "message m { required int32 unit; required double time; }",
            new String[][] {{"1", "0.25"}, {"2", "0.1"}});
        Files.writeString(dir.resolve("t.parquet/_SUCCESS"), "");
        SpikeTrains s = reader.read(dir.resolve("t.parquet").toString(), SpikeTableOptions.defaults());
        assertArrayEquals(new double[] {0.25, 0.5}, s.times("1"));
        assertTrue(s.warnings().isEmpty(), "parts are read in name order: " + s.warnings());
    }

    @Test
    void aCorruptOrEmptyParquetFileIsAnError() throws IOException {
        Path bad = Files.write(dir.resolve("bad.parquet"), "PAR1 this is not parquet".getBytes());
        assertTrue(assertThrows(InputException.class, () -> reader.read(bad.toString(), SpikeTableOptions.defaults()))
            .getMessage().contains("is not a readable Parquet file"));
        Path empty = write("empty.parquet", "message m { required int32 unit; required double time; }",
            new String[0][]);
        assertTrue(assertThrows(InputException.class, () -> reader.read(empty.toString(), SpikeTableOptions.defaults()))
            .getMessage().contains("has no rows"));
    }
}
