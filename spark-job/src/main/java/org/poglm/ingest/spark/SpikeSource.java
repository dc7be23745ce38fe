package org.poglm.ingest.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.poglm.ingest.DelimitedText;
import org.poglm.ingest.InputException;
import org.poglm.ingest.InputFiles;
import org.poglm.ingest.SpikeTableOptions;

/**
 * A spike table as a Spark SQL dataset, read on the executors: CSV/TSV text
 * ({@link TextSpikeSource}) or Parquet ({@link ParquetSpikeSource}). Detection as in the local
 * {@code SpikeTableReader}: a folder is Parquet, a file named {@code *.parquet} or starting with
 * {@code PAR1} is Parquet, any other file is text.
 */
abstract class SpikeSource {
    static final String UNIT = "unit";
    static final String TIME = "time";
    static final String ERR = "err";
    /** Decimal places of the time as written (text tables), null when unknown or on invalid rows. */
    static final String DECIMALS = "dec";
    /** 1 when the row's time is below the previous one of its unit in the same task ({@link OrderCheck}). */
    static final String DECREASES = "back";
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    protected final SparkSession spark;
    protected final Path path;
    protected final SpikeTableOptions options;
    /** The session's Hadoop configuration with {@link InputFiles#readSettings} for the path. */
    protected final Configuration hadoopConf;

    SpikeSource(SparkSession spark, Path path, SpikeTableOptions options) {
        this.spark = spark;
        this.path = path;
        this.options = options;
        this.hadoopConf = InputFiles.readConf(path, conf(spark));
    }

    /** The input path as messages name it. */
    String source() {
        return path.toString();
    }

    /**
     * One row per table row: {@code unit} (string, or bigint for integer Parquet columns),
     * {@code time} (double, seconds), {@code err} (int {@link Invalid} code, 0 = valid; unit and
     * time are null on invalid rows), {@link #DECIMALS} (int or null). Lazily evaluated: every
     * action reads the table again.
     */
    abstract Dataset<Row> spikes();

    /**
     * {@link #spikes()} with the int column {@link #DECREASES}, for the one scan that aggregates
     * per unit. This default adds it in a pass over each task's rows; a source whose parser sees
     * the rows in order anyway adds it there.
     */
    Dataset<Row> scan() {
        Dataset<Row> spikes = spikes();
        StructType schema = spikes.schema().add(DECREASES, DataTypes.IntegerType, false);
        int unit = spikes.schema().fieldIndex(UNIT);
        int time = spikes.schema().fieldIndex(TIME);
        return spikes.mapPartitions(new FlagDecreases(unit, time), Encoders.row(schema));
    }

    /** Appends the {@link #DECREASES} flag to each row of a task, in order. */
    private static final class FlagDecreases implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int unit;
        private final int time;

        FlagDecreases(int unit, int time) {
            this.unit = unit;
            this.time = time;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            OrderCheck order = new OrderCheck();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    Object[] values = new Object[r.length() + 1];
                    for (int i = 0; i < r.length(); i++) {
                        values[i] = r.get(i);
                    }
                    values[r.length()] = r.isNullAt(unit) || r.isNullAt(time) ? 0
                        : order.decreases(r.get(unit), r.getDouble(time));
                    return RowFactory.create(values);
                }
            };
        }
    }

    /**
     * The time resolution in seconds given the most decimal places of any valid time (null when
     * no row has any), NaN when unknown; as the local reader of the same format computes it.
     */
    double timeResolution(Integer maxDecimals) {
        return maxDecimals == null ? Double.NaN : DelimitedText.resolution(maxDecimals, options.secondsPerUnit());
    }

    /** The type of the {@code unit} column of {@link #spikes()}. */
    abstract DataType unitType();

    /**
     * The error to report for a table with invalid rows: the first invalid row in file order
     * (found with one more pass over the table), plus {@code summary} (counts per reason).
     */
    abstract InputException firstInvalid(String summary);

    /** The error for a table without rows. */
    abstract InputException noRows();

    /**
     * The first row in file order that satisfies {@code condition} (over the {@link #UNIT},
     * {@link #TIME} and {@link #ERR} columns of {@link #spikes()}) and its value in the time column
     * ({@code time}) or the unit column, as the local readers name them in messages
     * ({@code Messages.at}: {@code s.csv line 7, column time: '1e6'}). One or two more passes over
     * the table: for error messages only.
     *
     * @throws IllegalStateException when no row satisfies it
     */
    abstract String at(Column condition, boolean time);

    String expectedColumns() {
        return "columns '" + options.unitColumn() + "' and '" + options.timeColumn() + "'";
    }

    static Configuration conf(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    static SpikeSource open(SparkSession spark, String path, SpikeTableOptions options) {
        Path p = InputFiles.path(path);
        Configuration conf = InputFiles.readConf(p, conf(spark));
        FileStatus st;
        FileSystem fs;
        try {
            fs = p.getFileSystem(conf);
            st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new InputException(p + ": no such file or folder", e);
        } catch (IOException | RuntimeException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (st.isDirectory() || isParquet(fs, p)) {
            return new ParquetSpikeSource(spark, p, st, options);
        }
        return new TextSpikeSource(spark, p, st, options);
    }

    private static boolean isParquet(FileSystem fs, Path p) {
        if (InputFiles.extension(p).equals("parquet")) {
            return true;
        }
        try (InputStream in = fs.open(p)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && Arrays.equals(head, PARQUET_MAGIC);
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
