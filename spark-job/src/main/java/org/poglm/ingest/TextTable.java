package org.poglm.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Line-by-line reading of a delimited text table (CSV, TSV, semicolon- or space-separated), with
 * 1-based line numbers as an editor shows them. Blank lines and lines starting with '#' are
 * skipped; a UTF-8 byte order mark is ignored; fields may be double-quoted (as R's
 * {@code write.csv} does), with {@code ""} for a quote inside.
 */
final class TextTable implements AutoCloseable {
    /** How fields are separated. */
    enum Delimiter {
        COMMA(","), TAB("tab"), SEMICOLON(";"), WHITESPACE("whitespace");

        private final String label;

        Delimiter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private final String file;
    private final BufferedReader in;
    private long lineNumber;
    private Delimiter delimiter;

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

    Delimiter delimiter() {
        return delimiter;
    }

    /**
     * Reads the header (the first line that is not blank or a comment), choosing the delimiter
     * from it: a tab, else a comma, else a semicolon, else whitespace; when the header is one
     * single name the file extension decides. Returns the trimmed, unquoted column names, or null
     * for a file with no header at all.
     */
    List<String> header(String extension) {
        String line = nextLine();
        if (line == null) {
            return null;
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        if (line.indexOf('\t') >= 0) {
            delimiter = Delimiter.TAB;
        } else if (line.indexOf(',') >= 0) {
            delimiter = Delimiter.COMMA;
        } else if (line.indexOf(';') >= 0) {
            delimiter = Delimiter.SEMICOLON;
        } else if (WHITESPACE_RUN.matcher(line.strip()).find()) {
            delimiter = Delimiter.WHITESPACE;
        } else {
            delimiter = switch (extension) {
                case "tsv", "tab" -> Delimiter.TAB;
                case "txt" -> Delimiter.WHITESPACE;
                default -> Delimiter.COMMA;
            };
        }
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
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#") && !s.equals("\uFEFF")) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new InputException(file + " line " + (lineNumber + 1) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    List<String> split(String line) {
        if (delimiter == Delimiter.WHITESPACE) {
            List<String> out = new ArrayList<>();
            for (String f : WHITESPACE_RUN.split(line.strip())) {
                out.add(unquote(f));
            }
            return out;
        }
        char sep = switch (delimiter) {
            case TAB -> '\t';
            case SEMICOLON -> ';';
            default -> ',';
        };
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                inQuotes = true;
                quoted = true;
                field.setLength(0);
            } else if (c == sep) {
                out.add(quoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                quoted = false;
            } else if (!(quoted && Character.isWhitespace(c))) {
                field.append(c);
            }
        }
        if (inQuotes) {
            throw InputException.atLine(file, lineNumber, "unterminated double quote: expected a closing '\"'");
        }
        out.add(quoted ? field.toString() : field.toString().strip());
        return out;
    }

    private static String unquote(String f) {
        if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
            return f.substring(1, f.length() - 1).replace("\"\"", "\"");
        }
        return f;
    }

    /** Index of a column by name, ignoring case and surrounding spaces; -1 if absent. */
    static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(name.strip())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses a decimal number as written in a data file ("12", "-0.5", "1e-3", ".5"); NaN and
     * infinities spelled "nan", "inf", "infinity" (any case, optional sign) come back as such, so
     * the caller can name them. Returns null for anything else (including Java-only forms such as
     * "1d" or hexadecimal floats).
     */
    static Double parseNumber(String s) {
        String t = s.strip();
        if (DECIMAL.matcher(t).matches()) {
            return Double.valueOf(t);
        }
        String l = t.toLowerCase(Locale.ROOT);
        String body = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
        if (body.equals("nan")) {
            return Double.NaN;
        }
        if (body.equals("inf") || body.equals("infinity")) {
            return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
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
