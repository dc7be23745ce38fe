package org.poglm.ingest.spark;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.poglm.ingest.DelimitedText;
import org.poglm.ingest.InputException;
import org.poglm.ingest.InputFiles;
import org.poglm.ingest.Messages;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.ingest.SpikeTrains;

import scala.Tuple2;

/**
 * A CSV/TSV/semicolon/whitespace spike table read by Hadoop's {@link TextInputFormat} (split
 * across tasks; compressed files are decompressed by their codec) and parsed on the executors
 * with the local reader's rules ({@link DelimitedText}). The header is found on the driver, which
 * reads only the file's first lines; executors drop every line up to it by byte offset.
 *
 * <p>Each row carries the byte offset of its line, so the first invalid row can be found without
 * collecting anything, and its 1-based line number is the count of lines before it plus one
 * (one more distributed pass, only on that error path). It also carries the decimal places its
 * time is written with (the table's time resolution, as the local reader infers it) and whether
 * its time went back from the previous row of its unit in the task ({@link OrderCheck}).
 */
final class TextSpikeSource extends SpikeSource {
    static final String RAW = "raw";
    static final String POS = "pos";
    static final StructType SCHEMA = new StructType()
        .add(UNIT, DataTypes.StringType, true)
        .add(TIME, DataTypes.DoubleType, true)
        .add(ERR, DataTypes.IntegerType, false)
        .add(RAW, DataTypes.StringType, true)
        .add(POS, DataTypes.LongType, false)
        .add(DECIMALS, DataTypes.IntegerType, true)
        .add(DECREASES, DataTypes.IntegerType, false);

    private final TextHeader header;
    private final DelimitedText text;
    private final List<String> names;
    private final int unitIndex;
    private final int timeIndex;

    TextSpikeSource(SparkSession spark, Path p, FileStatus st, SpikeTableOptions options) {
        super(spark, p, options);
        String file = source();
        if (st.getLen() == 0) {
            throw new InputException(file + " is empty: expected a header line with " + expectedColumns()
                + " and one row per spike");
        }
        header = TextHeader.find(p, hadoopConf);
        if (header == null) {
            throw new InputException(file + " has no header line (only blank or comment lines): expected "
                + expectedColumns());
        }
        text = new DelimitedText(DelimitedText.sniff(header.text(), InputFiles.extension(p)));
        names = text.split(header.text());
        if (names == null) {
            throw InputException.atLine(file, header.line(), DelimitedText.UNTERMINATED_QUOTE);
        }
        unitIndex = requireColumn(options.unitColumn());
        timeIndex = requireColumn(options.timeColumn());
    }

    private int requireColumn(String name) {
        int i = DelimitedText.column(names, name);
        String where = source() + " line " + header.line() + ": ";
        if (i < 0) {
            throw new InputException(where + "no column '" + name + "' in the header "
                + Messages.clip(names.toString(), 200) + " (" + text.delimiter() + "-separated): expected "
                + expectedColumns());
        }
        for (int j = i + 1; j < names.size(); j++) {
            if (names.get(j).strip().equalsIgnoreCase(name)) {
                throw new InputException(where + "column '" + name + "' appears twice in the header " + names
                    + ": expected it once");
            }
        }
        return i;
    }

    /** Every line of the file with its byte offset, blank and comment lines included. */
    private JavaPairRDD<LongWritable, Text> lines() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Job job;
        try {
            job = Job.getInstance(new Configuration(hadoopConf));
            // The Path overload: a comma in the name is not a list of paths.
            FileInputFormat.setInputPaths(job, path);
        } catch (IOException e) {
            throw new InputException(source() + ": cannot configure the read (" + e.getMessage() + ")", e);
        }
        // A path with a ':' cannot go through Hadoop's glob expansion (see ColonSafeTextInputFormat).
        Class<? extends TextInputFormat> format = InputFiles.readSettings(path).isEmpty() ? TextInputFormat.class
            : ColonSafeTextInputFormat.class;
        return jsc.newAPIHadoopRDD(job.getConfiguration(), format, LongWritable.class, Text.class);
    }

    @Override
    Dataset<Row> spikes() {
        JavaRDD<Row> rows = lines().mapPartitions(new Parser(text, header.offset(), unitIndex, timeIndex,
            options.integerIds(), options.secondsPerUnit()));
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The parser sees each task's lines in file order, so it flags decreasing times itself. */
    @Override
    Dataset<Row> scan() {
        return spikes();
    }

    @Override
    DataType unitType() {
        return DataTypes.StringType;
    }

    @Override
    InputException firstInvalid(String summary) {
        List<Row> first = spikes().filter(functions.col(ERR).notEqual(0)).orderBy(POS).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalStateException(source() + ": invalid rows counted but none found again");
        }
        Row r = first.get(0);
        long pos = r.getLong(r.fieldIndex(POS));
        long line = lines().filter(t -> t._1().get() < pos).count() + 1;
        String raw = r.isNullAt(r.fieldIndex(RAW)) ? "" : r.getString(r.fieldIndex(RAW));
        String file = source();
        String unitName = names.get(unitIndex);
        String timeName = names.get(timeIndex);
        String message = switch (Invalid.of(r.getInt(r.fieldIndex(ERR)))) {
            case TOO_FEW_FIELDS -> {
                int n = Integer.parseInt(raw);
                int needed = Math.max(unitIndex, timeIndex) + 1;
                yield file + " line " + line + ": " + n + " field" + (n == 1 ? "" : "s") + " ("
                    + text.delimiter() + "-separated): expected at least " + needed + " to reach column '"
                    + names.get(needed - 1) + "'";
            }
            case UNTERMINATED_QUOTE -> file + " line " + line + ": " + DelimitedText.UNTERMINATED_QUOTE;
            case EMPTY_UNIT -> at(file, line, unitName, raw, "is not a unit id: expected a non-empty id");
            case NON_INTEGER_UNIT -> at(file, line, unitName, raw, "is not an integer unit id");
            case NOT_A_NUMBER -> at(file, line, timeName, raw, "is not a number: expected a spike time");
            case NOT_FINITE -> at(file, line, timeName, raw, "is not a finite number: expected a spike time");
            case NEGATIVE -> at(file, line, timeName, raw, "is negative: expected a spike time >= 0");
            case SCALED_NOT_FINITE -> at(file, line, timeName, raw, "times " + options.secondsPerUnit()
                + " s is not a finite number of seconds");
            default -> throw new IllegalStateException("unexpected invalid-row code in " + r);
        };
        return new InputException(message + summary);
    }

    @Override
    String at(Column condition, boolean time) {
        List<Row> first = spikes().filter(condition).orderBy(POS).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalStateException(source() + ": no row found again for " + condition);
        }
        long pos = first.get(0).getLong(first.get(0).fieldIndex(POS));
        long line = lines().filter(t -> t._1().get() < pos).count() + 1;
        String text = lines().filter(t -> t._1().get() == pos).map(t -> t._2().toString()).first();
        int column = time ? timeIndex : unitIndex;
        return Messages.at(source(), "line " + line, names.get(column), this.text.split(text).get(column));
    }

    private static String at(String file, long line, String column, String value, String problem) {
        return file + " line " + line + ", column " + column + ": '" + Messages.clip(value) + "' " + problem;
    }

    @Override
    InputException noRows() {
        return new InputException(source() + " has a header but no spike rows: expected at least one row with "
            + expectedColumns());
    }

    /** Parses the lines of one split into rows of {@link #SCHEMA}, on an executor. */
    static final class Parser implements FlatMapFunction<Iterator<Tuple2<LongWritable, Text>>, Row> {
        private static final long serialVersionUID = 1L;
        private final DelimitedText text;
        private final long headerOffset;
        private final int unitIndex;
        private final int timeIndex;
        private final boolean integerIds;
        private final double secondsPerUnit;

        Parser(DelimitedText text, long headerOffset, int unitIndex, int timeIndex, boolean integerIds,
            double secondsPerUnit) {
            this.text = text;
            this.headerOffset = headerOffset;
            this.unitIndex = unitIndex;
            this.timeIndex = timeIndex;
            this.integerIds = integerIds;
            this.secondsPerUnit = secondsPerUnit;
        }

        @Override
        public Iterator<Row> call(Iterator<Tuple2<LongWritable, Text>> lines) {
            OrderCheck order = new OrderCheck();
            return new Iterator<>() {
                private Row next;

                @Override
                public boolean hasNext() {
                    while (next == null && lines.hasNext()) {
                        Tuple2<LongWritable, Text> t = lines.next();
                        long pos = t._1().get();
                        if (pos > headerOffset) {
                            next = parse(t._2().toString(), pos, order);
                        }
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = next;
                    next = null;
                    return r;
                }
            };
        }

        /** The row for one line, or null for a skipped (blank or comment) line. */
        Row parse(String line, long pos, OrderCheck order) {
            if (DelimitedText.skipped(line)) {
                return null;
            }
            List<String> fields = text.split(line);
            if (fields == null) {
                return invalid(Invalid.UNTERMINATED_QUOTE, null, pos);
            }
            if (fields.size() <= Math.max(unitIndex, timeIndex)) {
                return invalid(Invalid.TOO_FEW_FIELDS, Integer.toString(fields.size()), pos);
            }
            String unit = fields.get(unitIndex);
            if (unit.isEmpty()) {
                return invalid(Invalid.EMPTY_UNIT, unit, pos);
            }
            if (integerIds && !SpikeTrains.isInteger(unit)) {
                return invalid(Invalid.NON_INTEGER_UNIT, unit, pos);
            }
            String raw = fields.get(timeIndex);
            Double t = DelimitedText.parseNumber(raw);
            if (t == null) {
                return invalid(Invalid.NOT_A_NUMBER, raw, pos);
            }
            if (t.isNaN() || t.isInfinite()) {
                return invalid(Invalid.NOT_FINITE, raw, pos);
            }
            if (t < 0) {
                return invalid(Invalid.NEGATIVE, raw, pos);
            }
            double seconds = t * secondsPerUnit;
            if (!Double.isFinite(seconds)) {
                return invalid(Invalid.SCALED_NOT_FINITE, raw, pos);
            }
            return RowFactory.create(unit, seconds, 0, null, pos, DelimitedText.decimals(raw),
                order.decreases(unit, seconds));
        }

        private static Row invalid(Invalid why, String raw, long pos) {
            return RowFactory.create(null, null, why.code(), raw, pos, null, 0);
        }
    }
}
