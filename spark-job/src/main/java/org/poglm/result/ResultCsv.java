package org.poglm.result;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.univocity.parsers.common.CommonSettings;
import com.univocity.parsers.csv.CsvFormat;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;

/**
 * The one CSV codec of result directories and reports (RFC 4180: comma, double quotes, {@code ""}
 * for a quote inside, quoted fields may hold commas and line breaks), on univocity-parsers, the CSV
 * library Spark SQL itself uses (so it is on every classpath the job runs with). Fields are kept as
 * they are: no trimming, and an empty field reads back as the empty string (not applicable), never
 * as null. Line ends are {@code \n}; a byte order mark and {@code \r\n} are accepted on reading.
 */
public final class ResultCsv {
    private ResultCsv() {
    }

    /** RFC 4180 with {@code \n} line ends, fields as they are (no trimming), null written as empty, no size limits. */
    private static <S extends CommonSettings<CsvFormat>> S rfc4180(S s) {
        s.getFormat().setLineSeparator("\n");
        s.getFormat().setDelimiter(',');
        s.getFormat().setQuote('"');
        s.getFormat().setQuoteEscape('"');
        s.setIgnoreLeadingWhitespaces(false);
        s.setIgnoreTrailingWhitespaces(false);
        s.setNullValue("");
        s.setMaxCharsPerColumn(-1);
        s.setMaxColumns(100_000);
        return s;
    }

    private static CsvWriterSettings writerSettings() {
        CsvWriterSettings s = rfc4180(new CsvWriterSettings());
        s.setSkipEmptyLines(false);
        s.setEmptyValue("");
        s.setQuoteEscapingEnabled(true);
        return s;
    }

    private static CsvParserSettings parserSettings() {
        CsvParserSettings s = rfc4180(new CsvParserSettings());
        s.setSkipEmptyLines(true);
        s.setEmptyValue("");
        s.setLineSeparatorDetectionEnabled(false);
        return s;
    }

    /** Parses a whole CSV text into rows of fields. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (Row r : rows(text)) {
            rows.add(r.cells());
        }
        return rows;
    }

    /** One parsed row and the line of the file it ends on (1-based; a row ends where it starts unless a quoted field holds a line break). */
    public record Row(long line, List<String> cells) {
    }

    /** Parses a whole CSV text into rows with their line numbers. */
    public static List<Row> rows(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.replace("\r\n", "\n");
        CsvParser parser = new CsvParser(parserSettings());
        parser.beginParsing(new StringReader(t));
        List<Row> out = new ArrayList<>();
        String[] cells;
        while ((cells = parser.parseNext()) != null) {
            List<String> row = new ArrayList<>(cells.length);
            for (String c : cells) {
                row.add(c == null ? "" : c);
            }
            out.add(new Row(parser.getContext().currentLine(), row));
        }
        parser.stopParsing();
        return out;
    }

    /** A number as written in result files: every digit ({@link Double#toString}), empty for NaN (not applicable). */
    public static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A number as the report's tables show it: ten significant digits, integers plain, empty for NaN. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.10g", v).replaceFirst("0+(e|$)", "$1").replaceFirst("\\.(e|$)", "$1");
    }

    /** A cell as a number: empty is NaN (not applicable); null when it is not a number. */
    public static Double parseNumber(String cell) {
        String s = cell.strip();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Builds a CSV text row by row, quoting a field only when it holds a comma, quote or line break. */
    public static final class Writer {
        private final StringWriter out = new StringWriter();
        private final CsvWriter csv = new CsvWriter(out, writerSettings());

        public Writer row(List<String> fields) {
            csv.writeRow(fields.toArray(new Object[0]));
            return this;
        }

        public Writer row(String... fields) {
            return row(java.util.Arrays.asList(fields));
        }

        @Override
        public String toString() {
            csv.flush();
            return out.toString();
        }
    }
}
