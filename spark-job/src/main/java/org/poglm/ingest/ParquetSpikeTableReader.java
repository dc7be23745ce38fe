package org.poglm.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet spike table (one row per spike, same columns as {@link SpikeTableReader}) with
 * parquet-hadoop's low-level {@link ParquetReader} and {@link GroupReadSupport}, so no
 * SparkSession is needed. The path is one file, or a folder of {@code *.parquet} part files (as
 * Spark's {@code df.write.parquet} produces), read in name order.
 *
 * <p>Column types: unit id int32, int64 (signed or unsigned) or string (binary); time double or
 * float (or an integer type, scaled by {@link SpikeTableOptions#secondsPerUnit()}). Only the two
 * columns are read. Errors name the file, the 1-based row within it and the column.
 *
 * <p>Time resolution: integer times are ticks of {@code secondsPerUnit} seconds, which is their
 * resolution. Float and double times are left unknown: a binary float carries no trace of the
 * clock it was computed from (0.1 s and 1/30000 s steps both fill every mantissa bit), so unlike
 * the decimals of a text table there is nothing to infer a resolution from.
 */
public final class ParquetSpikeTableReader {
    private static final Set<PrimitiveTypeName> UNIT_TYPES =
        Set.of(PrimitiveTypeName.INT32, PrimitiveTypeName.INT64, PrimitiveTypeName.BINARY);
    private static final Set<PrimitiveTypeName> TIME_TYPES = Set.of(PrimitiveTypeName.DOUBLE, PrimitiveTypeName.FLOAT,
        PrimitiveTypeName.INT32, PrimitiveTypeName.INT64);

    private final InputFiles files;

    public ParquetSpikeTableReader() {
        this(new Configuration());
    }

    public ParquetSpikeTableReader(Configuration conf) {
        this.files = new InputFiles(conf);
    }

    public SpikeTrains read(String path, SpikeTableOptions options) {
        Path p = InputFiles.path(path);
        FileStatus st = files.status(p, "file or folder");
        List<Path> parts = new ArrayList<>();
        if (st.isDirectory()) {
            for (FileStatus f : files.list(p)) {
                if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                    parts.add(f.getPath());
                }
            }
            if (parts.isEmpty()) {
                throw new InputException(p + " is a folder without *.parquet files: expected a Parquet spike table "
                    + "(a .parquet file or a folder of .parquet part files)");
            }
        } else {
            parts.add(p);
        }
        // A row's order: its part file's index in the top bits, its 1-based row within the part below.
        List<String[]> names = new ArrayList<>();
        SpikeCollector spikes = new SpikeCollector((order, time, value) -> {
            int part = (int) (order >>> ROW_BITS);
            return Messages.at(parts.get(part).toString(), "row " + (order & ((1L << ROW_BITS) - 1)),
                names.get(part)[time ? 1 : 0], value);
        });
        boolean integerTimes = true;
        for (int i = 0; i < parts.size(); i++) {
            integerTimes &= readPart(parts.get(i), (long) i << ROW_BITS, options, spikes, names);
        }
        if (spikes.spikes() == 0) {
            throw new InputException(p + " has no rows: expected one row per spike with columns '"
                + options.unitColumn() + "' and '" + options.timeColumn() + "'");
        }
        return spikes.build(p.toString(), integerTimes ? options.secondsPerUnit() : Double.NaN, new ArrayList<>());
    }

    /** Bits of a row's order for the row within its part file (see {@link #read}). */
    private static final int ROW_BITS = 40;

    /**
     * Reads one part file into {@code spikes}, its rows ordered from {@code firstOrder}, adding its
     * unit and time column names to {@code names}; true when its time column holds integers (ticks).
     */
    private boolean readPart(Path part, long firstOrder, SpikeTableOptions options, SpikeCollector spikes,
        List<String[]> names) {
        String file = part.toString();
        if (files.requireFile(part).getLen() == 0) {
            throw new InputException(file + " is empty: expected a Parquet file");
        }
        MessageType schema;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(part, files.conf(part)))) {
            schema = r.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + " is not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        PrimitiveType unitType = column(schema, options.unitColumn(), UNIT_TYPES, "int32, int64 or string", file,
            options);
        PrimitiveType timeType = column(schema, options.timeColumn(), TIME_TYPES, "double or float", file, options);
        MessageType projection = new MessageType(schema.getName(), unitType, timeType);
        Configuration conf = new Configuration(files.conf(part));
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, projection.toString());
        boolean unsignedUnit = unitType.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation a && !a.isSigned();
        String unitName = unitType.getName();
        String timeName = timeType.getName();
        names.add(new String[] {unitName, timeName});
        long row = 0;
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), part).withConf(conf).build()) {
            Group g;
            while ((g = reader.read()) != null) {
                row++;
                String where = file + " row " + row + ", column ";
                int ui = g.getType().getFieldIndex(unitName);
                int ti = g.getType().getFieldIndex(timeName);
                if (g.getFieldRepetitionCount(ui) == 0) {
                    throw new InputException(where + unitName + ": null: expected a unit id");
                }
                if (g.getFieldRepetitionCount(ti) == 0) {
                    throw new InputException(where + timeName + ": null: expected a spike time");
                }
                String unit = switch (unitType.getPrimitiveTypeName()) {
                    case INT32 -> unsignedUnit ? Integer.toUnsignedString(g.getInteger(ui, 0))
                        : Integer.toString(g.getInteger(ui, 0));
                    case INT64 -> unsignedUnit
                        ? Long.toUnsignedString(g.getLong(ui, 0)) : Long.toString(g.getLong(ui, 0));
                    default -> g.getString(ui, 0).strip();
                };
                if (unit.isEmpty()) {
                    throw new InputException(where + unitName + ": '': expected a non-empty unit id");
                }
                if (options.integerIds() && !SpikeTrains.isInteger(unit)) {
                    throw new InputException(where + unitName + ": '" + Messages.clip(unit)
                        + "' is not an integer unit id");
                }
                double t = switch (timeType.getPrimitiveTypeName()) {
                    case DOUBLE -> g.getDouble(ti, 0);
                    case FLOAT -> g.getFloat(ti, 0);
                    case INT32 -> g.getInteger(ti, 0);
                    default -> g.getLong(ti, 0);
                };
                if (!Double.isFinite(t)) {
                    throw new InputException(where + timeName + ": '" + t
                        + "' is not a finite number: expected a spike time");
                }
                if (t < 0) {
                    throw new InputException(where + timeName + ": '" + t
                        + "' is negative: expected a spike time >= 0");
                }
                spikes.add(unit, t * options.secondsPerUnit(), firstOrder + row, null, t);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw new InputException(file + " row " + (row + 1) + ": cannot read (" + e.getMessage() + ")", e);
        }
        return timeType.getPrimitiveTypeName() == PrimitiveTypeName.INT32
            || timeType.getPrimitiveTypeName() == PrimitiveTypeName.INT64;
    }

    private static PrimitiveType column(MessageType schema, String name, Set<PrimitiveTypeName> allowed,
        String allowedText, String file, SpikeTableOptions options) {
        Type found = null;
        List<String> names = new ArrayList<>();
        for (Type t : schema.getFields()) {
            names.add(t.getName());
            if (t.getName().strip().equalsIgnoreCase(name)) {
                found = t;
            }
        }
        if (found == null) {
            throw new InputException(file + ": no column '" + name + "' in the Parquet schema " + names
                + ": expected columns '" + options.unitColumn() + "' and '" + options.timeColumn() + "'");
        }
        if (!found.isPrimitive() || found.isRepetition(Type.Repetition.REPEATED)) {
            throw new InputException(file + ", column " + found.getName() + ": type " + found.toString().strip()
                + " is nested or repeated: expected a plain " + allowedText + " column");
        }
        PrimitiveType pt = found.asPrimitiveType();
        if (!allowed.contains(pt.getPrimitiveTypeName())) {
            throw new InputException(file + ", column " + found.getName() + ": type "
                + pt.getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT) + ": expected " + allowedText);
        }
        return pt;
    }
}
