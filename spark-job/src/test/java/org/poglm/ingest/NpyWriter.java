package org.poglm.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-side writer of NumPy .npy files (format 1.0/2.0/3.0), any supported dtype and order. */
final class NpyWriter {
    private NpyWriter() {
    }

    /** Writes {@code values} (C order) with dtype {@code descr}, e.g. "<u8", ">f4", "|i1". */
    static Path write(Path file, String descr, int[] shape, boolean fortran, double[] values, int version)
        throws IOException {
        Files.write(file, bytes(descr, shape, fortran, values, version));
        return file;
    }

    static Path write(Path file, String descr, int[] shape, double[] values) throws IOException {
        return write(file, descr, shape, false, values, 1);
    }

    static Path writeLongs(Path file, String descr, int[] shape, long[] values) throws IOException {
        Files.write(file, bytes(descr, shape, false, values, 1, null));
        return file;
    }

    static byte[] bytes(String descr, int[] shape, boolean fortran, double[] values, int version) {
        return bytes(descr, shape, fortran, null, version, values);
    }

    static byte[] header(String dict, int version) {
        // Pad so that data starts on a 64-byte boundary, as numpy does; end with '\n'.
        int prefix = version == 1 ? 10 : 12;
        int len = dict.length() + 1;
        int pad = (64 - (prefix + len) % 64) % 64;
        String h = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        byte[] hb = h.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (version == 1) {
            out.write(hb.length & 0xff);
            out.write(hb.length >> 8);
        } else {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(hb.length);
            out.writeBytes(b.array());
        }
        out.writeBytes(hb);
        return out.toByteArray();
    }

    static String dict(String descr, int[] shape, boolean fortran) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
            + NpyArray.shapeText(shape) + ", }";
    }

    private static byte[] bytes(String descr, int[] shape, boolean fortran, long[] longs, int version,
        double[] doubles) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = descr.charAt(1);
        int size = Integer.parseInt(descr.substring(2));
        ByteBuffer data = ByteBuffer.allocate(n * size).order(order);
        for (int f = 0; f < n; f++) {
            int c = fortran ? cIndexOfFortran(f, shape) : f;
            if (kind == 'f') {
                double v = doubles != null ? doubles[c] : longs[c];
                if (size == 4) {
                    data.putFloat((float) v);
                } else {
                    data.putDouble(v);
                }
            } else {
                long v = longs != null ? longs[c] : (long) doubles[c];
                switch (size) {
                    case 1 -> data.put((byte) v);
                    case 2 -> data.putShort((short) v);
                    case 4 -> data.putInt((int) v);
                    default -> data.putLong(v);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(dict(descr, shape, fortran), version));
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    private static int cIndexOfFortran(int f, int[] shape) {
        int c = 0;
        int stride = 1;
        int[] cStride = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            cStride[k] = stride;
            stride *= shape[k];
        }
        int r = f;
        for (int k = 0; k < shape.length; k++) {
            c += (r % shape[k]) * cStride[k];
            r /= shape[k];
        }
        return c;
    }
}
