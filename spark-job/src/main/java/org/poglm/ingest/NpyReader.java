package org.poglm.ingest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Reads NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0 (numpy.lib.format): the magic
 * {@code \x93NUMPY}, a version, a little-endian header length (2 bytes in 1.0, 4 in 2.0/3.0),
 * and a Python dict literal with {@code 'descr'}, {@code 'fortran_order'} and {@code 'shape'},
 * followed by the raw data.
 *
 * <p>Supported dtypes: bool ({@code |b1}), signed and unsigned integers of 1, 2, 4 and 8 bytes
 * ({@code |i1 <i2 >i4 <u8} ...), float32 and float64 ({@code <f4 >f8}), either byte order, C or
 * Fortran order (values are returned in C order). uint64 values above 2^63-1 are an error.
 * Structured, object (pickled), string, complex, float16 and datetime arrays are rejected with
 * the dtype named.
 *
 * <p>The header's size claim is checked against the file: a declared shape that needs more bytes
 * than the file holds is an error naming the shape, dtype and both byte counts; extra bytes after
 * the data are a warning (numpy ignores them too).
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK = 1 << 16;

    private final InputFiles files;

    public NpyReader() {
        this(new Configuration());
    }

    public NpyReader(Configuration conf) {
        this.files = new InputFiles(conf);
    }

    /** Reads the array at {@code path} (any Hadoop file system URI or a local path). */
    public NpyArray read(String path) {
        Path p = InputFiles.path(path);
        FileStatus st = files.requireFile(p);
        try (InputStream in = files.open(p)) {
            return read(p.toString(), in, st.getLen());
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses an .npy stream of {@code length} bytes; {@code file} names it in messages. */
    static NpyArray read(String file, InputStream stream, long length) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, CHUNK));
        byte[] magic = new byte[8];
        int got = in.readNBytes(magic, 0, 8);
        if (got < 8 || !InputFiles.startsWith(magic, MAGIC)) {
            throw new InputException(file
                + " is not a NumPy .npy file: expected the magic bytes \\x93NUMPY at the start");
        }
        int major = magic[6] & 0xff;
        int minor = magic[7] & 0xff;
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = readLittleEndian(in, 2, file);
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLength = readLittleEndian(in, 4, file);
            prefix = 12;
        } else {
            throw new InputException(file + ": .npy format version " + major + "." + minor
                + " is not supported: expected 1.0, 2.0 or 3.0");
        }
        if (prefix + headerLength > length) {
            throw new InputException(file + ": header length " + headerLength + " bytes is longer than the file ("
                + length + " bytes): expected a complete .npy header");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = parseHeader(header, file);
        Dtype dtype = Dtype.parse(dict.get("descr"), file);
        Object fo = dict.get("fortran_order");
        if (!(fo instanceof Boolean)) {
            throw new InputException(file + ": header field 'fortran_order' is " + render(fo)
                + ": expected True or False");
        }
        boolean fortran = (Boolean) fo;
        int[] shape = parseShape(dict.get("shape"), file);

        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new InputException(file + ": shape " + NpyArray.shapeText(shape) + " has more than "
                    + (Integer.MAX_VALUE - 8) + " elements: expected an array that fits in memory");
            }
        }
        long needed = count * dtype.size;
        long available = length - prefix - headerLength;
        if (available < needed) {
            throw new InputException(file + ": header declares shape " + NpyArray.shapeText(shape) + " of dtype '"
                + dtype.descr + "' = " + needed + " bytes of data, but the file has only " + available
                + " bytes after its " + (prefix + headerLength) + "-byte header: expected " + needed + " bytes"
                + " (truncated file or wrong header)");
        }
        List<String> warnings = new ArrayList<>();
        if (available > needed) {
            warnings.add(file + ": " + (available - needed) + " bytes after the data of shape "
                + NpyArray.shapeText(shape) + " and dtype '" + dtype.descr + "' were ignored");
        }
        int n = (int) count;
        long[] longs = dtype.kind == 'f' ? null : new long[n];
        double[] doubles = dtype.kind == 'f' ? new double[n] : null;
        int[] target = fortran && shape.length > 1 ? fortranToC(shape) : null;
        byte[] chunk = new byte[Math.max(dtype.size, CHUNK / dtype.size * dtype.size)];
        int i = 0;
        while (i < n) {
            int elements = Math.min(n - i, chunk.length / dtype.size);
            try {
                in.readFully(chunk, 0, elements * dtype.size);
            } catch (EOFException e) {
                throw new InputException(file + ": the file ended inside the data at element " + i + " of " + n
                    + ": expected " + needed + " bytes of data", e);
            }
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, elements * dtype.size).order(dtype.order);
            for (int k = 0; k < elements; k++, i++) {
                int at = target == null ? i : target[i];
                if (doubles != null) {
                    doubles[at] = dtype.size == 4 ? b.getFloat() : b.getDouble();
                } else {
                    long v = dtype.readInteger(b);
                    if (dtype.kind == 'u' && dtype.size == 8 && v < 0) {
                        throw new InputException(file + ": value " + Long.toUnsignedString(v) + " at flat index " + at
                            + " is larger than 2^63-1: expected values that fit a signed 64-bit integer");
                    }
                    longs[at] = v;
                }
            }
        }
        return new NpyArray(file, dtype.descr, shape, longs, doubles, warnings);
    }

    /** C-order flat index of each element, in the file's Fortran (column-major) order. */
    private static int[] fortranToC(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int[] cStride = new int[shape.length];
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            cStride[k] = s;
            s *= shape[k];
        }
        int[] idx = new int[shape.length];
        int[] target = new int[n];
        for (int f = 0; f < n; f++) {
            int c = 0;
            for (int k = 0; k < shape.length; k++) {
                c += idx[k] * cStride[k];
            }
            target[f] = c;
            // Odometer with the first axis fastest (Fortran order).
            for (int k = 0; k < shape.length; k++) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return target;
    }

    private static long readLittleEndian(DataInputStream in, int bytes, String file) throws IOException {
        byte[] b = in.readNBytes(bytes);
        if (b.length < bytes) {
            throw new InputException(file + ": the file ends inside the .npy preamble: expected a header length");
        }
        long v = 0;
        for (int k = bytes - 1; k >= 0; k--) {
            v = (v << 8) | (b[k] & 0xff);
        }
        return v;
    }

    private static int[] parseShape(Object shape, String file) {
        if (!(shape instanceof List<?> dims)) {
            throw new InputException(file + ": header field 'shape' is " + render(shape)
                + ": expected a tuple of integers");
        }
        int[] out = new int[dims.size()];
        for (int k = 0; k < out.length; k++) {
            Object d = dims.get(k);
            if (!(d instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw new InputException(file + ": header field 'shape' is " + render(shape)
                    + ": expected non-negative integer dimensions");
            }
            out[k] = (int) (long) l;
        }
        return out;
    }

    /** Parses the header dict; requires the three keys numpy writes. */
    static Map<String, Object> parseHeader(String header, String file) {
        Object parsed;
        try {
            PyLiteral p = new PyLiteral(header.strip());
            parsed = p.value();
            p.end();
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": .npy header " + Messages.clip(header.strip())
                + " is not a Python dict "
                + "literal (" + e.getMessage() + "): expected {'descr': ..., 'fortran_order': ..., 'shape': (...)}");
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new InputException(file + ": .npy header " + Messages.clip(header.strip())
                + " is not a dict: expected {'descr': ..., 'fortran_order': ..., 'shape': (...)}");
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        m.forEach((k, v) -> dict.put(String.valueOf(k), v));
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new InputException(file + ": .npy header has no '" + key + "' key: expected 'descr', "
                    + "'fortran_order' and 'shape' (found " + dict.keySet() + ")");
            }
        }
        return dict;
    }

    private static String render(Object o) {
        if (o instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(o);
    }

    /** An element type from a dtype descr string such as {@code <u8}. */
    private record Dtype(String descr, char kind, int size, ByteOrder order) {
        static Dtype parse(Object descr, String file) {
            String supported = "expected bool '|b1', integers ('|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8') "
                + "or floats ('<f4', '<f8'), either byte order";
            if (!(descr instanceof String d)) {
                throw new InputException(file + ": dtype " + render(descr)
                    + " (structured or unknown) is not supported: "
                    + supported);
            }
            if (d.length() < 3 || "<>|=".indexOf(d.charAt(0)) < 0) {
                throw new InputException(file + ": dtype '" + d + "' is not supported: " + supported);
            }
            char kind = d.charAt(1);
            int size;
            try {
                size = Integer.parseInt(d.substring(2));
            } catch (NumberFormatException e) {
                throw new InputException(file + ": dtype '" + d + "' is not supported: " + supported, e);
            }
            boolean ok = switch (kind) {
                case 'b' -> size == 1;
                case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                case 'f' -> size == 4 || size == 8;
                default -> false;
            };
            if (!ok) {
                throw new InputException(file + ": dtype '" + d + "' is not supported: " + supported);
            }
            // numpy writes '<' or '>' for multi-byte types, '|' when order does not matter;
            // '=' (native) only appears in hand-made headers: read it as little-endian.
            ByteOrder order = d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return new Dtype(d, kind, size, order);
        }

        long readInteger(ByteBuffer b) {
            return switch (size) {
                case 1 -> kind == 'i' ? b.get() : b.get() & 0xffL;
                case 2 -> kind == 'i' ? b.getShort() : b.getShort() & 0xffffL;
                case 4 -> kind == 'i' ? b.getInt() : b.getInt() & 0xffffffffL;
                default -> b.getLong();
            };
        }
    }

    /**
     * A parser for the Python literals that appear in .npy headers: dicts, tuples, lists, quoted
     * strings, True/False/None and integers (with Python 2's optional 'L' suffix).
     */
    private static final class PyLiteral {
        private final String s;
        private int i;

        PyLiteral(String s) {
            this.s = s;
        }

        void end() {
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected text at character " + (i + 1));
            }
        }

        Object value() {
            skip();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                return dict();
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            }
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return integer();
            }
            for (String word : List.of("True", "False", "None")) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
                }
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at character " + (i + 1));
        }

        private Map<Object, Object> dict() {
            Map<Object, Object> m = new LinkedHashMap<>();
            i++;
            while (true) {
                skip();
                if (peek() == '}') {
                    i++;
                    return m;
                }
                Object k = value();
                skip();
                expect(':');
                m.put(k, value());
                skip();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at character " + (i + 1));
                }
            }
        }

        private List<Object> sequence(char close) {
            List<Object> l = new ArrayList<>();
            i++;
            while (true) {
                skip();
                if (peek() == close) {
                    i++;
                    return l;
                }
                l.add(value());
                skip();
                if (peek() == ',') {
                    i++;
                } else if (peek() != close) {
                    throw new IllegalArgumentException("expected ',' or '" + close + "' at character " + (i + 1));
                }
            }
        }

        private String string(char quote) {
            int start = ++i;
            while (i < s.length() && s.charAt(i) != quote) {
                i++;
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            return s.substring(start, i++);
        }

        private Long integer() {
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                i++;
            }
            try {
                return Long.valueOf(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad integer '" + digits + "'");
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at character " + (i + 1));
            }
            i++;
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(i);
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
