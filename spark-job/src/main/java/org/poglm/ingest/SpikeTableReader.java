package org.poglm.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Reads a spike table: one row per spike, with a unit-id column and a spike-time column
 * (default {@code unit,time}, seconds; SPEC §1 "a set of visible neurons with spike times").
 *
 * <p>Text tables: CSV, TSV, semicolon- or whitespace-separated; the delimiter is taken from the
 * header line (tab, else comma, else semicolon, else whitespace), or from the extension when the
 * header has a single name. Other columns are ignored. Blank lines and {@code #} comment lines are
 * skipped. Parquet tables (a file, or a folder of {@code *.parquet} part files as Spark writes
 * them) are read by {@link ParquetSpikeTableReader}; this class dispatches to it by content
 * ({@code PAR1} magic) or extension.
 *
 * <p>Validation (errors name file, line and column): missing columns (naming the header found),
 * empty file, times that are not numbers, NaN, infinite or negative, empty unit ids, non-integer
 * ids when integer ids are required, and stray non-integer ids ({@code abc}, {@code 1.5}) in a
 * column of integer ids ({@link MixedUnitIds}: an error naming the first; names mixed with
 * integer ids otherwise get a warning). Rows need not be sorted: each unit's times are sorted,
 * with a warning when they were not.
 *
 * <p>Time resolution: a text table does not record the clock its times came from, but it cannot
 * hold times finer than the decimals it is written with, so the resolution is 10^-d time units,
 * d the most decimal places of any time ({@link DelimitedText#decimals}; "0.0125" and "1.25e-2"
 * both give 4). The binner refuses a bin width finer than that. A table whose times were all
 * written with few decimals by chance (a handful of spikes) reads as coarser than its clock.
 */
public final class SpikeTableReader {
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    private final InputFiles files;

    public SpikeTableReader() {
        this(new Configuration());
    }

    public SpikeTableReader(Configuration conf) {
        this.files = new InputFiles(conf);
    }

    /** Reads the table at {@code path} (any Hadoop file system URI or a local path). */
    public SpikeTrains read(String path, SpikeTableOptions options) {
        Path p = InputFiles.path(path);
        FileStatus st = files.status(p, "file or folder");
        if (st.isDirectory() || isParquet(p)) {
            return new ParquetSpikeTableReader(files.conf()).read(path, options);
        }
        return readText(p, st, options);
    }

    /** True when the file starts with the Parquet magic {@code PAR1} or is named *.parquet. */
    boolean isParquet(Path p) {
        return InputFiles.extension(p).equals("parquet") || InputFiles.startsWith(files.head(p, 4), PARQUET_MAGIC);
    }

    /**
     * True when the header (first non-comment line) of a text file has both the unit and the time
     * column; used to tell spike tables from count matrices.
     */
    boolean hasSpikeColumns(Path p, SpikeTableOptions options) {
        try (TextTable table = new TextTable(p.toString(), files.open(p))) {
            List<String> header = table.header(InputFiles.extension(p));
            return header != null && DelimitedText.column(header, options.unitColumn()) >= 0
                && DelimitedText.column(header, options.timeColumn()) >= 0;
        }
    }

    private SpikeTrains readText(Path p, FileStatus st, SpikeTableOptions options) {
        String file = p.toString();
        String expectedColumns = "columns '" + options.unitColumn() + "' and '" + options.timeColumn() + "'";
        if (st.getLen() == 0) {
            throw new InputException(file + " is empty: expected a header line with " + expectedColumns
                + " and one row per spike");
        }
        try (TextTable table = new TextTable(file, files.open(p))) {
            List<String> header = table.header(InputFiles.extension(p));
            if (header == null) {
                throw new InputException(file + " has no header line (only blank or comment lines): expected "
                    + expectedColumns);
            }
            long headerLine = table.lineNumber();
            int ui = requireColumn(header, options.unitColumn(), file, headerLine, expectedColumns, table);
            int ti = requireColumn(header, options.timeColumn(), file, headerLine, expectedColumns, table);
            String unitName = header.get(ui);
            String timeName = header.get(ti);
            SpikeCollector spikes = new SpikeCollector(
                (line, time, value) -> Messages.at(file, "line " + line, time ? timeName : unitName, value));
            int needed = Math.max(ui, ti) + 1;
            int decimals = DelimitedText.NO_DECIMALS;
            List<String> fields;
            while ((fields = table.next()) != null) {
                long line = table.lineNumber();
                if (fields.size() < needed) {
                    throw InputException.atLine(file, line, fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                        + " (" + table.delimiter() + "-separated): expected at least " + needed + " to reach column '"
                        + header.get(needed - 1) + "'");
                }
                String unit = fields.get(ui);
                if (unit.isEmpty()) {
                    throw InputException.at(file, line, unitName, unit, "is not a unit id: expected a non-empty id");
                }
                if (options.integerIds() && !SpikeTrains.isInteger(unit)) {
                    throw InputException.at(file, line, unitName, unit, "is not an integer unit id");
                }
                String raw = fields.get(ti);
                double t = parseTime(raw, file, line, timeName) * options.secondsPerUnit();
                decimals = Math.max(decimals, DelimitedText.decimals(raw));
                spikes.add(unit, t, line, raw, t);
            }
            if (spikes.spikes() == 0) {
                throw new InputException(file + " has a header but no spike rows: expected at least one row with "
                    + expectedColumns);
            }
            return spikes.build(file, DelimitedText.resolution(decimals, options.secondsPerUnit()), new ArrayList<>());
        }
    }

    private static int requireColumn(List<String> header, String name, String file, long line, String expected,
        TextTable table) {
        int i = DelimitedText.column(header, name);
        if (i < 0) {
            String found = Messages.clip(header.toString(), 200);
            throw InputException.atLine(file, line, "no column '" + name + "' in the header " + found + " ("
                + table.delimiter() + "-separated): expected " + expected);
        }
        for (int j = i + 1; j < header.size(); j++) {
            if (header.get(j).strip().equalsIgnoreCase(name)) {
                throw InputException.atLine(file, line, "column '" + name + "' appears twice in the header " + header
                    + ": expected it once");
            }
        }
        return i;
    }

    /** A spike time: a finite, non-negative decimal number (in the table's time unit). */
    static double parseTime(String raw, String file, long line, String column) {
        Double t = DelimitedText.parseNumber(raw);
        if (t == null) {
            throw InputException.at(file, line, column, raw, "is not a number: expected a spike time");
        }
        if (t.isNaN() || t.isInfinite()) {
            throw InputException.at(file, line, column, raw, "is not a finite number: expected a spike time");
        }
        if (t < 0) {
            throw InputException.at(file, line, column, raw, "is negative: expected a spike time >= 0");
        }
        return t;
    }
}
