package org.poglm.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.poglm.data.Recording;

/**
 * Reads a binned count matrix from a NumPy {@code .npy} file (SPEC §1 "a matrix of binned counts
 * x[t][v]"): a 2-D array, rows = bins in time order, columns = units. Integer dtypes, or float
 * dtypes holding whole numbers (as {@code np.histogram} output often is); counts must be in
 * [0, 32767]. Columns are named by their 0-based index ("0", "1", ...), as numpy indexes them,
 * so {@code x[:, 3]} is unit "3". The file does not record its bin width: the caller supplies it.
 */
public final class CountMatrixNpyReader {
    private final NpyReader npy;

    public CountMatrixNpyReader() {
        this(new Configuration());
    }

    public CountMatrixNpyReader(Configuration conf) {
        this.npy = new NpyReader(conf);
    }

    /** Reads the matrix; {@code binWidth} is the width in seconds the counts were binned with. */
    public Recording read(String path, double binWidth) {
        return toRecording(npy.read(path), binWidth);
    }

    /** Checks and converts a 2-D array of counts; errors name the row, column and value. */
    public static Recording toRecording(NpyArray a, double binWidth) {
        if (!(binWidth > 0) || !Double.isFinite(binWidth)) {
            throw new InputException("bin width " + binWidth + " s: expected a positive number of seconds");
        }
        int[] shape = a.shape();
        if (shape.length != 2) {
            throw new InputException(a.source() + ": shape " + NpyArray.shapeText(shape) + " is " + shape.length
                + "-D: expected a 2-D count matrix (rows = bins, columns = units)");
        }
        int bins = shape[0];
        int units = shape[1];
        if (bins == 0 || units == 0) {
            throw new InputException(a.source() + ": shape " + NpyArray.shapeText(shape)
                + " is empty: expected at least one bin and one unit");
        }
        short[] counts = new short[bins * units];
        for (int i = 0; i < counts.length; i++) {
            long c;
            if (a.isInteger()) {
                c = a.getLong(i);
            } else {
                double d = a.getDouble(i);
                if (!Double.isFinite(d) || d != Math.rint(d)) {
                    throw new InputException(a.source() + " " + a.position(i) + ": '" + d + "' is not a whole number: "
                        + "expected non-negative integer counts (a float array used for counts must hold whole "
                        + "numbers)");
                }
                c = (long) d;
            }
            if (c < 0) {
                throw new InputException(a.source() + " " + a.position(i) + ": '" + c
                    + "' is not a non-negative integer count");
            }
            if (c > Short.MAX_VALUE) {
                throw new InputException(a.source() + " " + a.position(i) + ": '" + c + "' is larger than "
                    + Short.MAX_VALUE + ": expected at most " + Short.MAX_VALUE + " spikes per bin");
            }
            counts[i] = (short) c;
        }
        List<String> names = new ArrayList<>(units);
        for (int v = 0; v < units; v++) {
            names.add(Integer.toString(v));
        }
        return new Recording(counts, bins, names, binWidth);
    }
}
