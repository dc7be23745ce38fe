package org.poglm.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * Reads the units table of an NWB 2 file (HDF5, read with jhdf): the ragged column
 * {@code /units/spike_times} (seconds, all units concatenated), its index
 * {@code /units/spike_times_index} (for each unit, the exclusive end offset of its spikes in
 * {@code spike_times}) and {@code /units/id} (one integer id per unit). The time resolution is the
 * {@code resolution} attribute of {@code spike_times} when it is positive, else unknown.
 *
 * <p>Each unit's brain region, electrode group and electrode, when the file says them (a
 * {@code location} column, the {@code electrodes} region into the electrodes table, an
 * {@code electrode_group} column), are read as {@link SpikeTrains#unitLabels()}: see
 * {@link NwbUnitLabels}. Missing labels are absent; labels that cannot be read are a warning, never
 * an error.
 *
 * <p>jhdf needs random access to a local file: a path on another file system (hdfs://, s3a://)
 * is copied to a local temporary file first, which is deleted afterwards.
 *
 * <p>Errors: not an HDF5 file, a file shorter than its superblock's end-of-file address (a
 * truncated copy or download) or one jhdf cannot parse (named with what was being read), no
 * {@code /units} group, a missing dataset, an index that decreases or points beyond
 * {@code spike_times}, index and id of different lengths, duplicate ids, non-finite or negative
 * times (as in every other format: spike times are seconds from the start of the recording).
 */
public final class NwbUnitsReader {
    static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final InputFiles files;

    public NwbUnitsReader() {
        this(new Configuration());
    }

    public NwbUnitsReader(Configuration conf) {
        this.files = new InputFiles(conf);
    }

    /** Reads every unit of the file's {@code /units} table. */
    public SpikeTrains read(String path) {
        Path p = InputFiles.path(path);
        files.requireFile(p);
        String file = p.toString();
        try (InputFiles.LocalCopy local = files.localCopy(p, ".nwb")) {
            if (!hasHdf5Signature(local.file())) {
                throw new InputException(file
                    + " is not an HDF5 file (no signature \\x89HDF\\r\\n\\x1a\\n): expected an "
                    + "NWB 2 file");
            }
            Reading reading = new Reading();
            try (HdfFile hdf = new HdfFile(local.file())) {
                requireComplete(hdf, local.file(), file);
                return readUnits(hdf, file, reading);
            } catch (InputException e) {
                throw e;
            } catch (RuntimeException e) {
                // jhdf fails on a cut or damaged file in many ways (HdfException, BufferUnderflowException,
                // IllegalArgumentException, UncheckedIOException, ...): all of them are bad input.
                throw new InputException(file + ": cannot read " + reading.what + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Messages.clip(e.getMessage(), 160))
                    + "): expected a complete HDF5 file (NWB 2); is it truncated or damaged?", e);
            }
        }
    }

    /** What the reader is reading, for the message when jhdf fails. */
    private static final class Reading {
        String what = "the HDF5 superblock";
    }

    /**
     * jhdf reads past the end of a truncated file without failing (the missing bytes come back as
     * garbage), so the file's length is checked against the end-of-file address its superblock
     * records (HDF5 format spec, "End of File Address", relative to the superblock's base).
     */
    static void requireComplete(HdfFile hdf, java.nio.file.Path local, String file) {
        long eof = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
        if (eof <= 0) {
            return; // undefined address: nothing to check against
        }
        long needed = hdf.getUserBlockSize() + eof;
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (size < needed) {
            throw new InputException(file + " has " + size + " bytes but its HDF5 superblock says it ends at byte "
                + needed + ": expected a complete HDF5 file (NWB 2); it looks truncated (an interrupted copy or "
                + "download?)");
        }
    }

    /** The HDF5 signature sits at offset 0, or at 512, 1024, 2048, ... after a user block. */
    static boolean hasHdf5Signature(java.nio.file.Path file) {
        try {
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                long pos = 0;
                for (long offset = 0; offset + 8 <= size; offset = offset == 0 ? 512 : offset * 2) {
                    in.skipNBytes(offset - pos);
                    byte[] b = in.readNBytes(8);
                    pos = offset + b.length;
                    if (InputFiles.startsWith(b, HDF5_MAGIC)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static SpikeTrains readUnits(HdfFile hdf, String file, Reading reading) {
        reading.what = "the root group";
        Node unitsNode = hdf.getChildren().get("units");
        if (!(unitsNode instanceof Group units)) {
            throw new InputException(file + " has no /units group: expected an NWB file with a units table (top-level "
                + "entries: " + String.join(", ", hdf.getChildren().keySet()) + ")");
        }
        reading.what = "the /units group";
        Dataset timesDs = dataset(units, "spike_times", file);
        Dataset indexDs = dataset(units, "spike_times_index", file);
        Dataset idDs = dataset(units, "id", file);
        reading.what = "/units/spike_times";
        double[] times = toDoubles(timesDs, file);
        reading.what = "/units/spike_times_index";
        long[] index = toLongs(indexDs, file);
        reading.what = "/units/id";
        long[] ids = toLongs(idDs, file);
        reading.what = "the resolution attribute of /units/spike_times";
        double resolution = resolution(timesDs);
        if (index.length != ids.length) {
            throw new InputException(file + ": /units/spike_times_index has " + index.length
                + " entries but /units/id has "
                + ids.length + ": expected one index entry per unit");
        }
        long previous = 0;
        for (int u = 0; u < index.length; u++) {
            if (index[u] < previous) {
                throw new InputException(file + ": /units/spike_times_index[" + u + "] = " + index[u]
                    + " is less than the previous entry " + previous + ": expected non-decreasing end offsets");
            }
            if (index[u] > times.length) {
                throw new InputException(file + ": /units/spike_times_index[" + u + "] = " + index[u]
                    + " is beyond the end of /units/spike_times (" + times.length + " spikes): expected offsets <= "
                    + times.length);
            }
            previous = index[u];
        }
        List<String> warnings = new ArrayList<>();
        if (index.length > 0 && index[index.length - 1] < times.length) {
            warnings.add(file + ": the last " + (times.length - index[index.length - 1]) + " entries of "
                + "/units/spike_times belong to no unit (spike_times_index ends at " + index[index.length - 1]
                + ") and "
                + "were ignored");
        }
        Map<String, double[]> byUnit = new LinkedHashMap<>();
        Set<Long> seen = new HashSet<>();
        long start = 0;
        Map<String, SpikeTrains.LastSpike> lastSpikes = new HashMap<>();
        for (int u = 0; u < ids.length; u++) {
            if (!seen.add(ids[u])) {
                throw new InputException(file + ": /units/id[" + u + "] = " + ids[u]
                    + " repeats an earlier id: expected "
                    + "unique unit ids");
            }
            double[] t = new double[(int) (index[u] - start)];
            int latest = -1;
            for (int k = 0; k < t.length; k++) {
                double x = times[(int) start + k];
                if (!Double.isFinite(x)) {
                    throw new InputException(file + ": /units/spike_times[" + (start + k) + "] (unit " + ids[u] + ") = "
                        + x + ": expected a finite spike time in seconds");
                }
                if (x < 0) {
                    throw new InputException(file + ": /units/spike_times[" + (start + k) + "] (unit " + ids[u] + ") = "
                        + x + " is negative: expected a spike time >= 0 s");
                }
                t[k] = x;
                if (latest < 0 || x > t[latest]) {
                    latest = k;
                }
            }
            byUnit.put(Long.toString(ids[u]), t);
            if (latest >= 0) {
                long at = start + latest;
                lastSpikes.put(Long.toString(ids[u]), new SpikeTrains.LastSpike(at, file + ": /units/spike_times["
                    + at + "] (unit " + ids[u] + "): '" + t[latest] + "'"));
            }
            start = index[u];
        }
        if (byUnit.isEmpty()) {
            throw new InputException(file + ": /units has no units (/units/id is empty): expected at least one unit");
        }
        reading.what = "the unit labels";
        UnitLabels labels;
        try {
            labels = NwbUnitLabels.read(hdf, units, List.copyOf(byUnit.keySet()), file, warnings);
        } catch (RuntimeException e) {
            // Labels are not needed for a fit: whatever jhdf fails on here, the spikes are still good.
            labels = UnitLabels.NONE;
            warnings.add(file + ": cannot read the unit labels (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + Messages.clip(e.getMessage(), 160)) + "); units have none");
        }
        return SpikeTrains.of(byUnit, labels, file, resolution, warnings).withLastSpikes(lastSpikes);
    }

    private static Dataset dataset(Group units, String name, String file) {
        Node n = units.getChildren().get(name);
        if (n == null) {
            throw new InputException(file + " has no /units/" + name + " dataset: expected spike_times, "
                + "spike_times_index and id in /units (found: " + String.join(", ", units.getChildren().keySet())
                + ")");
        }
        if (!(n instanceof Dataset d)) {
            throw new InputException(file + ": /units/" + name + " is a " + n.getType() + ": expected a dataset");
        }
        return d;
    }

    /** The spike_times 'resolution' attribute (seconds) if positive, else NaN (NWB uses -1 for unknown). */
    private static double resolution(Dataset times) {
        Attribute a = times.getAttributes().get("resolution");
        if (a == null) {
            return Double.NaN;
        }
        Object v = a.getData();
        double r = v instanceof Number num ? num.doubleValue() : v instanceof double[] d && d.length == 1
            ? d[0] : Double.NaN;
        return r > 0 && Double.isFinite(r) ? r : Double.NaN;
    }

    private static Object flatData(Dataset d, String file) {
        if (d.isScalar() || d.getDimensions().length != 1) {
            throw new InputException(file + ": " + d.getPath() + " has shape "
                + java.util.Arrays.toString(d.getDimensions())
                + ": expected a 1-D dataset");
        }
        if (d.isEmpty()) {
            return new double[0];
        }
        return d.getData(); // a jhdf failure here is reported by read(), with what was being read
    }

    static double[] toDoubles(Dataset d, String file) {
        Object data = flatData(d, file);
        if (data instanceof double[] x) {
            return x;
        }
        if (data instanceof float[] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i];
            }
            return out;
        }
        throw new InputException(file + ": " + d.getPath() + " has type " + d.getJavaType().getSimpleName()
            + ": expected float64 or float32 spike times in seconds");
    }

    static long[] toLongs(Dataset d, String file) {
        Object data = flatData(d, file);
        if (data instanceof long[] x) {
            return x;
        }
        if (data instanceof double[] x && x.length == 0) {
            return new long[0];
        }
        long[] out;
        if (data instanceof int[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i];
            }
        } else if (data instanceof short[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i];
            }
        } else if (data instanceof byte[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i];
            }
        } else if (data instanceof BigInteger[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                if (x[i].bitLength() > 63) {
                    throw new InputException(file + ": " + d.getPath() + "[" + i + "] = " + x[i]
                        + " is larger than 2^63-1: expected a smaller integer");
                }
                out[i] = x[i].longValue();
            }
        } else {
            throw new InputException(file + ": " + d.getPath() + " has type " + d.getJavaType().getSimpleName()
                + ": expected integers");
        }
        return out;
    }
}
