package org.poglm.ingest;

import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.poglm.data.Recording;

/**
 * One entry point for every input format: reads a recording and returns it binned, windowed
 * and checked against the piece length (SPEC §1), as a {@link BinnedRecording}.
 *
 * <p>Formats: {@link Format#SPIKES} spike tables (CSV/TSV/Parquet, {@link SpikeTableReader}),
 * {@link Format#COUNTS} count-matrix CSV ({@link CountMatrixCsvReader}), {@link Format#NPY}
 * count-matrix .npy ({@link CountMatrixNpyReader}), {@link Format#PHY} Kilosort/phy folders
 * ({@link PhyFolderReader}), {@link Format#NWB} NWB 2 units tables ({@link NwbUnitsReader}).
 * Count formats are not re-binned, but the window (start/end in whole bins), unit selection and
 * minimum rate apply to them as well.
 *
 * <p>{@link Format#AUTO} detects by content, then extension: a folder holding
 * {@code spike_times.npy} is PHY, a folder of {@code *.parquet} files is SPIKES; a file starting
 * with the HDF5 signature or named *.nwb/*.h5/*.hdf5 is NWB; the NumPy magic or *.npy is NPY;
 * the Parquet magic {@code PAR1} or *.parquet is SPIKES; any other file is read as text: SPIKES
 * when its header has the unit and time columns, else COUNTS.
 */
public final class RecordingReader {
    /** Input formats; AUTO detects one. */
    public enum Format {
        AUTO, SPIKES, COUNTS, NPY, PHY, NWB;

        /** Parses a format name, case-insensitive ("auto", "spikes", ...). */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return f;
                }
            }
            throw new InputException("input format '" + name
                + "': expected one of auto, spikes, counts, npy, phy, nwb");
        }
    }

    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    private final Configuration conf;
    private final InputFiles files;

    public RecordingReader() {
        this(new Configuration());
    }

    public RecordingReader(Configuration conf) {
        this.conf = conf;
        this.files = new InputFiles(conf);
    }

    /** Reads, bins and windows the recording at {@code path}. */
    public BinnedRecording read(String path, Format format, ReadOptions options) {
        Format f = format == Format.AUTO ? detect(path, options) : format;
        BinningOptions b = options.binning();
        switch (f) {
            case SPIKES:
                return Binner.bin(new SpikeTableReader(conf).read(path, options.table()), b);
            case PHY: {
                PhySelection sel = b.units() != null ? PhySelection.ofIds(b.units()) : options.phy();
                return Binner.bin(new PhyFolderReader(conf).read(path, sel), b);
            }
            case NWB:
                return Binner.bin(new NwbUnitsReader(conf).read(path), b);
            case NPY: {
                NpyArray a = new NpyReader(conf).read(path);
                Recording rec = CountMatrixNpyReader.toRecording(a, b.binWidth());
                return Binner.window(rec, a.source(), b, a.warnings());
            }
            case COUNTS: {
                Recording rec;
                try {
                    rec = new CountMatrixCsvReader(conf).read(path, b.binWidth());
                } catch (InputException e) {
                    if (format != Format.AUTO) {
                        throw e;
                    }
                    throw new InputException(e.getMessage() + " (read as a count matrix because the header has no '"
                        + options.table().unitColumn() + "' and '" + options.table().timeColumn()
                        + "' columns; for a spike table, name its columns)", e);
                }
                return Binner.window(rec, InputFiles.path(path).toString(), b, List.of());
            }
            default:
                throw new IllegalStateException("unhandled format " + f);
        }
    }

    /** The format AUTO would pick for {@code path} (see class doc). */
    public Format detect(String path, ReadOptions options) {
        Path p = InputFiles.path(path);
        FileStatus st = files.status(p, "file or folder");
        if (st.isDirectory()) {
            if (files.exists(new Path(p, "spike_times.npy"))) {
                return Format.PHY;
            }
            boolean parquet = files.list(p).stream()
                .anyMatch(s -> s.isFile() && s.getPath().getName().endsWith(".parquet"));
            if (parquet) {
                return Format.SPIKES;
            }
            throw new InputException(p
                + " is a folder without spike_times.npy or *.parquet files: expected a phy/Kilosort "
                + "output folder or a Parquet spike table");
        }
        if (st.getLen() == 0) {
            throw new InputException(p + " is empty: expected a recording (spike table, count matrix, .npy, NWB)");
        }
        byte[] head = files.head(p, 8);
        String ext = InputFiles.extension(p);
        if (InputFiles.startsWith(head, NwbUnitsReader.HDF5_MAGIC) || List.of("nwb", "h5", "hdf5").contains(ext)) {
            return Format.NWB;
        }
        if (InputFiles.startsWith(head, NpyReader.MAGIC) || ext.equals("npy")) {
            return Format.NPY;
        }
        if (InputFiles.startsWith(head, PARQUET_MAGIC) || ext.equals("parquet")) {
            return Format.SPIKES;
        }
        if (ext.equals("npz") || ext.equals("mat")) {
            throw new InputException(p + ": ." + ext.toLowerCase(Locale.ROOT) + " files are not supported: expected a "
                + "spike table (.csv/.tsv/.parquet), a count matrix (.csv/.npy), a phy folder or an NWB file");
        }
        return new SpikeTableReader(conf).hasSpikeColumns(p, options.table()) ? Format.SPIKES : Format.COUNTS;
    }
}
