package org.poglm.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.poglm.ingest.InputException;
import org.poglm.ingest.InputFiles;
import org.poglm.ingest.Messages;
import org.poglm.ingest.SpikeTableOptions;

/**
 * A Parquet spike table (one file, or a folder of {@code *.parquet} part files) read by Spark
 * SQL's Parquet source: only the two columns are read, with the vectorised reader. Column types as
 * in the local {@code ParquetSpikeTableReader}: unit id an integer type (signed or unsigned) or a
 * string (stripped of surrounding white space); time double, float or an integer type, scaled by
 * {@link SpikeTableOptions#secondsPerUnit()}. Validity is a column expression, so invalid rows are
 * counted by the caller's aggregate; the first one is located by Spark's {@code _metadata} file
 * path and row index, on that error path only.
 */
final class ParquetSpikeSource extends SpikeSource {
    /** What Java's {@code String.strip()} removes, for ASCII and the separators Parquet ids may hold. */
    private static final String WHITE = " \t\n\u000B\f\r\u001C\u001D\u001E\u001F";
    private static final String INTEGER = "^[+-]?[0-9]+$";

    private final boolean folder;
    private final Dataset<Row> table;
    private final StructField unitField;
    private final StructField timeField;
    private final boolean stringUnit;

    ParquetSpikeSource(SparkSession spark, Path p, FileStatus st, SpikeTableOptions options) {
        super(spark, p, options);
        this.folder = st.isDirectory();
        String file = source();
        DataFrameReader reader = spark.read().options(InputFiles.readSettings(p));
        if (folder) {
            requirePartFiles(p);
            reader = reader.option("pathGlobFilter", "*.parquet");
        } else if (st.getLen() == 0) {
            throw new InputException(file + " is empty: expected a Parquet file");
        }
        try {
            // A path with a ':' goes to Spark qualified (file:/...), which Hadoop parses back unchanged.
            table = reader.parquet(InputFiles.readSettings(p).isEmpty() ? file
                : p.getFileSystem(hadoopConf).makeQualified(p).toString());
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + " is not a readable Parquet table (" + firstLine(e) + ")", e);
        }
        StructType schema = table.schema();
        unitField = field(schema, options.unitColumn());
        timeField = field(schema, options.timeColumn());
        DataType ut = unitField.dataType();
        stringUnit = ut.equals(DataTypes.StringType) || ut instanceof DecimalType;
        boolean integerUnit = ut.equals(DataTypes.LongType) || ut.equals(DataTypes.IntegerType)
            || ut.equals(DataTypes.ShortType) || ut.equals(DataTypes.ByteType)
            || ut instanceof DecimalType d && d.scale() == 0;
        requireType(unitField, integerUnit || ut.equals(DataTypes.StringType), "int32, int64 or string");
        DataType tt = timeField.dataType();
        requireType(timeField, tt.equals(DataTypes.DoubleType) || tt.equals(DataTypes.FloatType)
            || tt.equals(DataTypes.LongType) || tt.equals(DataTypes.IntegerType) || tt.equals(DataTypes.ShortType)
            || tt.equals(DataTypes.ByteType), "double or float (or an integer type)");
    }

    private void requirePartFiles(Path p) {
        try {
            for (FileStatus f : p.getFileSystem(hadoopConf).listStatus(p)) {
                String name = f.getPath().getName();
                if (f.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new InputException(p + ": cannot list (" + e.getMessage() + ")", e);
        }
        throw new InputException(p + " is a folder without *.parquet files: expected a Parquet spike table "
            + "(a .parquet file or a folder of .parquet part files)");
    }

    private StructField field(StructType schema, String name) {
        List<String> names = new ArrayList<>();
        StructField found = null;
        for (StructField f : schema.fields()) {
            names.add(f.name());
            if (found == null && f.name().strip().equalsIgnoreCase(name)) {
                found = f;
            }
        }
        if (found == null) {
            throw new InputException(source() + ": no column '" + name + "' in the Parquet schema " + names
                + ": expected " + expectedColumns());
        }
        return found;
    }

    private void requireType(StructField f, boolean ok, String allowed) {
        DataType t = f.dataType();
        if (t instanceof StructType || t instanceof ArrayType || t instanceof MapType) {
            throw new InputException(source() + ", column " + f.name() + ": type " + t.simpleString()
                + " is nested or repeated: expected a plain " + allowed + " column");
        }
        if (!ok) {
            throw new InputException(source() + ", column " + f.name() + ": type "
                + t.simpleString().toLowerCase(Locale.ROOT) + ": expected " + allowed);
        }
    }

    private static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** The unit id: stripped string, or bigint for integer columns. */
    private Column unit() {
        Column u = quoted(unitField.name());
        if (unitField.dataType().equals(DataTypes.StringType)) {
            return functions.trim(u, WHITE);
        }
        return stringUnit ? u.cast(DataTypes.StringType) : u.cast(DataTypes.LongType);
    }

    /** The time as stored, as a double (before scaling). */
    private Column rawTime() {
        return quoted(timeField.name()).cast(DataTypes.DoubleType);
    }

    private Column seconds() {
        return options.secondsPerUnit() == 1.0 ? rawTime() : rawTime().multiply(lit(options.secondsPerUnit()));
    }

    /** The {@link Invalid} code of a row, checked in the local reader's order. */
    private Column err() {
        Column u = quoted(unitField.name());
        Column t = rawTime();
        Column s = seconds();
        Column e = when(u.isNull(), Invalid.NULL_UNIT.code()).when(t.isNull(), Invalid.NULL_TIME.code());
        if (stringUnit) {
            e = e.when(unit().equalTo(""), Invalid.EMPTY_UNIT.code());
            if (options.integerIds()) {
                e = e.when(functions.not(unit().rlike(INTEGER)), Invalid.NON_INTEGER_UNIT.code());
            }
        }
        Column inf = lit(Double.POSITIVE_INFINITY);
        Column negInf = lit(Double.NEGATIVE_INFINITY);
        return e.when(isnan(t).or(t.equalTo(inf)).or(t.equalTo(negInf)), Invalid.NOT_FINITE.code())
            .when(t.lt(0), Invalid.NEGATIVE.code())
            .when(s.equalTo(inf), Invalid.SCALED_NOT_FINITE.code())
            .otherwise(Invalid.VALID.code());
    }

    @Override
    Dataset<Row> spikes() {
        Column ok = err().equalTo(0);
        return table.select(when(ok, unit()).as(UNIT), when(ok, seconds()).as(TIME), err().as(ERR),
            lit(null).cast(DataTypes.IntegerType).as(DECIMALS));
    }

    /**
     * Integer times are ticks of {@code secondsPerUnit}; float and double times carry no trace of
     * their clock, so their resolution is unknown (as in the local {@code ParquetSpikeTableReader}).
     */
    @Override
    double timeResolution(Integer maxDecimals) {
        DataType t = timeField.dataType();
        boolean ticks = t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType)
            || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType);
        return ticks ? options.secondsPerUnit() : Double.NaN;
    }

    @Override
    DataType unitType() {
        return stringUnit ? DataTypes.StringType : DataTypes.LongType;
    }

    @Override
    InputException firstInvalid(String summary) {
        List<Row> first = table
            .select(err().as(ERR), unit().as(UNIT), rawTime().as(TIME), col("_metadata.file_path").as("file"),
                col("_metadata.row_index").as("row"))
            .filter(col(ERR).notEqual(0)).orderBy("file", "row").limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalStateException(source() + ": invalid rows counted but none found again");
        }
        Row r = first.get(0);
        // By string: a part file's name may hold a ':', which new Path(parent, child) reads as a scheme.
        String file = folder ? source() + "/" + new Path(r.getString(3)).getName() : source();
        String where = file + " row " + (r.getLong(4) + 1) + ", column ";
        String u = unitField.name();
        String t = timeField.name();
        String unit = r.isNullAt(1) ? "null" : String.valueOf(r.get(1));
        String time = r.isNullAt(2) ? "null" : Double.toString(r.getDouble(2));
        String message = switch (Invalid.of(r.getInt(0))) {
            case NULL_UNIT -> where + u + ": null: expected a unit id";
            case NULL_TIME -> where + t + ": null: expected a spike time";
            case EMPTY_UNIT -> where + u + ": '': expected a non-empty unit id";
            case NON_INTEGER_UNIT -> where + u + ": '" + Messages.clip(unit) + "' is not an integer unit id";
            case NOT_FINITE -> where + t + ": '" + time + "' is not a finite number: expected a spike time";
            case NEGATIVE -> where + t + ": '" + time + "' is negative: expected a spike time >= 0";
            case SCALED_NOT_FINITE -> where + t + ": '" + time + "' times " + options.secondsPerUnit()
                + " s is not a finite number of seconds";
            default -> throw new IllegalStateException("unexpected invalid-row code in " + r);
        };
        return new InputException(message + summary);
    }

    @Override
    String at(Column condition, boolean time) {
        List<Row> first = table
            .select(err().as(ERR), when(err().equalTo(0), unit()).as(UNIT), when(err().equalTo(0), seconds()).as(TIME),
                rawTime().as("raw"), col("_metadata.file_path").as("file"), col("_metadata.row_index").as("row"))
            .filter(condition).orderBy("file", "row").limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalStateException(source() + ": no row found again for " + condition);
        }
        Row r = first.get(0);
        String file = folder ? source() + "/" + new Path(r.getString(4)).getName() : source();
        String value = time ? Double.toString(r.getDouble(3)) : String.valueOf(r.get(1));
        return Messages.at(file, "row " + (r.getLong(5) + 1), time ? timeField.name() : unitField.name(), value);
    }

    @Override
    InputException noRows() {
        return new InputException(source() + " has no rows: expected one row per spike with " + expectedColumns());
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
