package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.poglm.data.Recording;

class NpyReaderTest {
    @TempDir
    Path dir;
    private final NpyReader reader = new NpyReader();

    /** Values that exercise each dtype's range, 6 of them (a 2 x 3 array). */
    private static double[] valuesFor(char kind, int size) {
        if (kind == 'f') {
            return new double[] {0.5, -1.25, 3, 1e-3, 2.5e10, -0.0};
        }
        if (kind == 'b') {
            return new double[] {1, 0, 0, 1, 1, 0};
        }
        long max = kind == 'u' ? (size == 8 ? Long.MAX_VALUE : (1L << (8 * size)) - 1) : (1L << (8 * size - 1)) - 1;
        long min = kind == 'u' ? 0 : -max - 1;
        double[] v = {min, 0, 1, max, 7, min + 3};
        if (size == 8) { // doubles cannot hold every long; keep exact values
            v = new double[] {kind == 'u' ? 0 : -(1L << 52), 0, 1, 1L << 52, 7, 3};
        }
        return v;
    }

    static Stream<Arguments> dtypes() {
        List<Arguments> out = new ArrayList<>();
        for (String t : List.of("i1", "u1", "b1")) {
            out.add(Arguments.of("|" + t, false, 1));
        }
        for (String t : List.of("i2", "i4", "i8", "u2", "u4", "u8", "f4", "f8")) {
            for (String order : List.of("<", ">")) {
                out.add(Arguments.of(order + t, false, 1));
            }
        }
        out.add(Arguments.of("<i8", true, 1));
        out.add(Arguments.of(">f8", true, 2));
        out.add(Arguments.of("<u4", false, 2));
        out.add(Arguments.of("<f4", false, 3));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("dtypes")
    void readsEveryDtypeOrderAndVersion(String descr, boolean fortran, int version) throws IOException {
        double[] values = valuesFor(descr.charAt(1), Integer.parseInt(descr.substring(2)));
        Path p = NpyWriter.write(dir.resolve("a.npy"), descr, new int[] {2, 3}, fortran, values, version);
        NpyArray a = reader.read(p.toString());
        assertEquals(descr, a.dtype());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals(descr.charAt(1) != 'f', a.isInteger());
        double[] expected = values.clone();
        if (descr.endsWith("f4")) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) expected[i];
            }
        }
        assertArrayEquals(expected, a.toDoubles(), descr + (fortran ? " F" : " C") + " v" + version);
        assertEquals(expected[5], a.getDouble(1, 2));
        assertTrue(a.warnings().isEmpty());
    }

    @Test
    void fortranOrderOfAThreeDimensionalArrayComesBackInCOrder() throws IOException {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Path p = NpyWriter.write(dir.resolve("f.npy"), "<i2", new int[] {2, 3, 4}, true, v, 1);
        byte[] raw = Files.readAllBytes(p);
        // In the file, element (1,0,0) = 12 comes second (first axis fastest).
        ByteBuffer data = ByteBuffer.wrap(raw, raw.length - 48, 48).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, data.getShort());
        assertEquals(12, data.getShort());
        assertArrayEquals(v, reader.read(p.toString()).toDoubles());
    }

    @Test
    void unsignedValuesAreNotSignExtended() throws IOException {
        Path p = NpyWriter.writeLongs(dir.resolve("u.npy"), "<u4", new int[] {2}, new long[] {4_000_000_000L, 255});
        assertArrayEquals(new long[] {4_000_000_000L, 255}, reader.read(p.toString()).toLongs());
        Path q = NpyWriter.writeLongs(dir.resolve("u1.npy"), "|u1", new int[] {1}, new long[] {200});
        assertEquals(200, reader.read(q.toString()).getLong(0));
    }

    @Test
    void uint64AboveLongMaxIsAnError() throws IOException {
        Path p = NpyWriter.writeLongs(dir.resolve("big.npy"), "<u8", new int[] {2}, new long[] {5, -1});
        String m = assertThrows(InputException.class, () -> reader.read(p.toString())).getMessage();
        assertEquals(p
            + ": value 18446744073709551615 at flat index 1 is larger than 2^63-1: expected values that fit a "
            + "signed 64-bit integer", m);
    }

    @Test
    void scalarAndEmptyArrays() throws IOException {
        NpyArray s = reader.read(NpyWriter.write(dir.resolve("s.npy"), "<f8", new int[0],
            new double[] {2.5}).toString());
        assertEquals(0, s.ndim());
        assertEquals(1, s.size());
        NpyArray e = reader.read(NpyWriter.write(dir.resolve("e.npy"), "<i8", new int[] {0}, new double[0]).toString());
        assertEquals(0, e.size());
    }

    @Test
    void aHeaderThatClaimsMoreDataThanTheFileHoldsIsAnError() throws IOException {
        byte[] full = NpyWriter.bytes("<i8", new int[] {1000, 4}, false, new double[4000], 1);
        Path p = Files.write(dir.resolve("lie.npy"), Arrays.copyOf(full, 128 + 800));
        String m = assertThrows(InputException.class, () -> reader.read(p.toString())).getMessage();
        assertEquals(p
            + ": header declares shape (1000, 4) of dtype '<i8' = 32000 bytes of data, but the file has only "
            + "800 bytes after its 128-byte header: expected 32000 bytes (truncated file or wrong header)", m);
    }

    @Test
    void extraBytesAfterTheDataAreAWarning() throws IOException {
        byte[] full = NpyWriter.bytes("<i2", new int[] {3}, false, new double[] {1, 2, 3}, 1);
        byte[] more = Arrays.copyOf(full, full.length + 5);
        NpyArray a = reader.read(Files.write(dir.resolve("x.npy"), more).toString());
        assertArrayEquals(new long[] {1, 2, 3}, a.toLongs());
        assertTrue(a.warnings().get(0).contains("5 bytes after the data"), a.warnings().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f2", "<c16", "|O", "<U10", "|S5", "<M8[ns]", "<i3", "<b1x"})
    void unsupportedDtypesAreNamed(String descr) throws IOException {
        byte[] h = NpyWriter.header(NpyWriter.dict(descr, new int[] {1}, false), 1);
        Path p = Files.write(dir.resolve("bad.npy"), concat(h, new byte[16]));
        String m = assertThrows(InputException.class, () -> reader.read(p.toString())).getMessage();
        assertTrue(m.contains("dtype '" + descr + "' is not supported"), m);
    }

    @Test
    void structuredDtypeIsRejected() throws IOException {
        byte[] h = NpyWriter.header(
            "{'descr': [('t', '<f8'), ('c', '<i4')], 'fortran_order': False, 'shape': (2,), }", 1);
        Path p = Files.write(dir.resolve("st.npy"), concat(h, new byte[24]));
        assertTrue(assertThrows(InputException.class, () -> reader.read(p.toString())).getMessage()
            .contains("(structured or unknown) is not supported"));
    }

    @Test
    void malformedFilesAreErrors() throws IOException {
        Path notNpy = Files.writeString(dir.resolve("n.npy"), "hello, world");
        assertTrue(assertThrows(InputException.class, () -> reader.read(notNpy.toString())).getMessage()
            .contains("is not a NumPy .npy file"));
        byte[] v4 = NpyWriter.header(NpyWriter.dict("<i8", new int[] {1}, false), 1);
        v4[6] = 4;
        Path p4 = Files.write(dir.resolve("v4.npy"), concat(v4, new byte[8]));
        assertTrue(assertThrows(InputException.class, () -> reader.read(p4.toString())).getMessage()
            .contains(".npy format version 4.0 is not supported"));
        byte[] noShape = NpyWriter.header("{'descr': '<i8', 'fortran_order': False, }", 1);
        Path ns = Files.write(dir.resolve("ns.npy"), concat(noShape, new byte[8]));
        assertTrue(assertThrows(InputException.class, () -> reader.read(ns.toString())).getMessage()
            .contains("has no 'shape' key"));
        byte[] garbage = NpyWriter.header("{'descr': '<i8', 'fortran_order': False, 'shape': (1,", 1);
        Path g = Files.write(dir.resolve("g.npy"), concat(garbage, new byte[8]));
        assertTrue(assertThrows(InputException.class, () -> reader.read(g.toString())).getMessage()
            .contains("is not a Python dict literal"));
        byte[] neg = NpyWriter.header("{'descr': '<i8', 'fortran_order': False, 'shape': (-1,), }", 1);
        Path n = Files.write(dir.resolve("neg.npy"), concat(neg, new byte[8]));
        assertTrue(assertThrows(InputException.class, () -> reader.read(n.toString())).getMessage()
            .contains("expected non-negative integer dimensions"));
    }

    @Test
    void python2StyleLongShapesParse() throws IOException {
        byte[] h = NpyWriter.header("{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 1L)}", 1);
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(4).putLong(9);
        NpyArray a = reader.read(Files.write(dir.resolve("py2.npy"), concat(h, d.array())).toString());
        assertArrayEquals(new int[] {2, 1}, a.shape());
        assertArrayEquals(new long[] {4, 9}, a.toLongs());
    }

    @Test
    void countMatricesFromIntegerAndWholeFloatArrays() throws IOException {
        double[] v = {0, 1, 2, 3, 4, 5};
        for (String descr : List.of("<i4", "<f8", ">f4", "|u1")) {
            Path p = NpyWriter.write(dir.resolve("c.npy"), descr, new int[] {3, 2}, v);
            Recording r = new CountMatrixNpyReader().read(p.toString(), 0.005);
            assertEquals(3, r.bins());
            assertEquals(List.of("0", "1"), r.units());
            assertEquals(5, r.count(2, 1), descr);
            assertEquals(0.005, r.binWidth());
        }
    }

    @Test
    void countMatrixErrorsNameRowColumnAndValue() throws IOException {
        Path frac = NpyWriter.write(dir.resolve("frac.npy"), "<f8", new int[] {2, 3}, new double[] {0, 1, 2, 3, 2.5,
            0});
        String m = assertThrows(InputException.class, () -> new CountMatrixNpyReader().read(frac.toString(), 0.01))
            .getMessage();
        assertEquals(frac
            + " row 1, column 1: '2.5' is not a whole number: expected non-negative integer counts (a float "
            + "array used for counts must hold whole numbers)", m);
        Path nan = NpyWriter.write(dir.resolve("nan.npy"), "<f4", new int[] {1, 2}, new double[] {Double.NaN, 0});
        assertTrue(assertThrows(InputException.class, () -> new CountMatrixNpyReader().read(nan.toString(), 0.01))
            .getMessage().contains("row 0, column 0: 'NaN' is not a whole number"));
        Path negative = NpyWriter.write(dir.resolve("neg.npy"), "<i8", new int[] {2, 2}, new double[] {0, 0, 0, -1});
        assertEquals(negative + " row 1, column 1: '-1' is not a non-negative integer count", assertThrows(
            InputException.class, () -> new CountMatrixNpyReader().read(negative.toString(), 0.01)).getMessage());
        Path big = NpyWriter.write(dir.resolve("big.npy"), "<i4", new int[] {1, 1}, new double[] {40000});
        assertTrue(assertThrows(InputException.class, () -> new CountMatrixNpyReader().read(big.toString(), 0.01))
            .getMessage().contains("'40000' is larger than 32767"));
        Path oneD = NpyWriter.write(dir.resolve("v.npy"), "<i8", new int[] {100}, new double[100]);
        assertEquals(oneD + ": shape (100,) is 1-D: expected a 2-D count matrix (rows = bins, columns = units)",
            assertThrows(InputException.class, () -> new CountMatrixNpyReader().read(oneD.toString(),
                0.01)).getMessage());
    }

    @Test
    void wholeNumberNamesThePositionOfAFractionalValue() throws IOException {
        NpyArray a = reader.read(NpyWriter.write(dir.resolve("w.npy"), "<f8", new int[] {3}, new double[] {1, 2, 0.5})
            .toString());
        assertEquals(2, a.wholeNumber(1));
        assertFalse(a.isInteger());
        String m = assertThrows(InputException.class, a::toLongs).getMessage();
        assertTrue(m.contains("index 2: '0.5' is not a whole number"), m);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
