package org.poglm.ingest;

import java.util.Arrays;
import java.util.List;

/**
 * A numeric array read from a NumPy {@code .npy} file by {@link NpyReader}: its shape, its dtype
 * ({@code descr}, e.g. {@code <u8}) and its values in C (row-major) order whatever the file's
 * order. Integer and bool dtypes hold {@code long} values, float dtypes {@code double} values;
 * both can be read either way.
 */
public final class NpyArray {
    private final String source;
    private final String descr;
    private final int[] shape;
    private final long[] longs;
    private final double[] doubles;
    private final List<String> warnings;

    NpyArray(String source, String descr, int[] shape, long[] longs, double[] doubles, List<String> warnings) {
        this.source = source;
        this.descr = descr;
        this.shape = shape.clone();
        this.longs = longs;
        this.doubles = doubles;
        this.warnings = List.copyOf(warnings);
    }

    /** The file it came from. */
    public String source() {
        return source;
    }

    /** The dtype as the header gave it, e.g. {@code <f8}, {@code |u1}, {@code >i4}. */
    public String dtype() {
        return descr;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    /** Number of elements (1 for a 0-d array). */
    public int size() {
        return longs != null ? longs.length : doubles.length;
    }

    /** True for integer and bool dtypes (values are exact longs). */
    public boolean isInteger() {
        return longs != null;
    }

    /** Warnings about the file (e.g. bytes after the data), in order. */
    public List<String> warnings() {
        return warnings;
    }

    /** Element at a C-order flat index, as a double (exact for floats and integers up to 2^53). */
    public double getDouble(int flat) {
        return longs != null ? longs[flat] : doubles[flat];
    }

    /** Element at a C-order flat index of an integer array. */
    public long getLong(int flat) {
        if (longs == null) {
            throw new IllegalStateException(source + " has float dtype '" + descr + "': use wholeNumber or getDouble");
        }
        return longs[flat];
    }

    /**
     * Element at a C-order flat index as a whole number: exact for integer dtypes; for float
     * dtypes the value must be a finite whole number, else an {@link InputException} naming the
     * position and value.
     */
    public long wholeNumber(int flat) {
        if (longs != null) {
            return longs[flat];
        }
        double d = doubles[flat];
        if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw new InputException(source + " " + position(flat) + ": '" + d + "' is not a whole number: expected "
                + "whole numbers in this float array (dtype '" + descr + "')");
        }
        return (long) d;
    }

    /** "index 5" for 1-D arrays, "row 3, column 1" for 2-D, "index (1, 2, 3)" otherwise. */
    public String position(int flat) {
        if (shape.length == 2) {
            return "row " + flat / shape[1] + ", column " + flat % shape[1];
        }
        if (shape.length <= 1) {
            return "index " + flat;
        }
        int[] idx = new int[shape.length];
        int r = flat;
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = r % shape[k];
            r /= shape[k];
        }
        return "index " + shapeText(idx);
    }

    /** Element at a 2-D position (row, column) as a double. */
    public double getDouble(int row, int column) {
        return getDouble(flatIndex(row, column));
    }

    private int flatIndex(int row, int column) {
        if (shape.length != 2) {
            throw new IllegalStateException(source + " has shape " + shapeText(shape) + ", not 2-D");
        }
        return row * shape[1] + column;
    }

    /** A copy of the values as longs (integer dtypes only; floats must be whole numbers). */
    public long[] toLongs() {
        if (longs != null) {
            return longs.clone();
        }
        long[] out = new long[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = wholeNumber(i);
        }
        return out;
    }

    /** A copy of the values as doubles. */
    public double[] toDoubles() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[longs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = longs[i];
        }
        return out;
    }

    /** Python-style shape text: {@code (3,)}, {@code (3, 4)}, {@code ()}. */
    public static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    @Override
    public String toString() {
        return "NpyArray[" + source + ", " + descr + ", shape " + shapeText(shape) + "]";
    }
}
