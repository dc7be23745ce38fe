package org.poglm.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Line-by-line reading of a delimited text table (CSV, TSV, semicolon- or space-separated), with
 * 1-based line numbers as an editor shows them. Blank lines and lines starting with '#' are
 * skipped; a UTF-8 byte order mark is ignored; fields may be double-quoted (as R's
 * {@code write.csv} does), with {@code ""} for a quote inside. The line rules are
 * {@link DelimitedText}'s, shared with the distributed reader; this class adds the stream, the
 * line numbers and the errors that name them.
 */
final class TextTable implements AutoCloseable {
    private final String file;
    private final BufferedReader in;
    private long lineNumber;
    private DelimitedText text;

    TextTable(String file, InputStream stream) {
        this.file = file;
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    String file() {
        return file;
    }

    /** Line number of the line last returned by {@link #next()} (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /** The delimiter {@link #header} chose; null before it. */
    DelimitedText.Delimiter delimiter() {
        return text == null ? null : text.delimiter();
    }

    /**
     * Reads the header (the first line that is not blank or a comment), choosing the delimiter
     * from it ({@link DelimitedText#sniff}: a tab, else a comma, else a semicolon, else
     * whitespace; when the header is one single name the file extension decides). Returns the
     * trimmed, unquoted column names, or null for a file with no header at all.
     */
    List<String> header(String extension) {
        String line = nextLine();
        if (line == null) {
            return null;
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        text = new DelimitedText(DelimitedText.sniff(line, extension));
        return split(line);
    }

    /** The fields of the next data line, or null at the end of the file. */
    List<String> next() {
        String line = nextLine();
        return line == null ? null : split(line);
    }

    private String nextLine() {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!DelimitedText.skipped(line)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new InputException(file + " line " + (lineNumber + 1) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private List<String> split(String line) {
        List<String> fields = text.split(line);
        if (fields == null) {
            throw InputException.atLine(file, lineNumber, DelimitedText.UNTERMINATED_QUOTE);
        }
        return fields;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing an input we only read from cannot lose data.
        }
    }
}
