package org.poglm.ingest.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.poglm.ingest.InputException;

/**
 * The text-table conventions of the local reader ({@code org.poglm.ingest.TextTable}), usable on
 * executors one line at a time: blank lines and {@code #} comment lines are skipped, the delimiter
 * comes from the header line (tab, else comma, else semicolon, else whitespace; the extension
 * decides for a one-name header), fields may be double-quoted with {@code ""} for a quote, numbers
 * are decimal ({@code 12}, {@code -0.5}, {@code 1e-3}, {@code .5}) or nan/inf/infinity.
 */
final class DelimitedText implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How fields are separated; {@link #toString()} is the label messages use. */
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

    private final Delimiter delimiter;

    DelimitedText(Delimiter delimiter) {
        this.delimiter = delimiter;
    }

    Delimiter delimiter() {
        return delimiter;
    }

    /** True for lines the reader skips: blank, {@code #} comments, a lone byte order mark. */
    static boolean skipped(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#") || s.equals("\uFEFF");
    }

    /** The delimiter a header line implies (see class doc). */
    static Delimiter sniff(String header, String extension) {
        if (header.indexOf('\t') >= 0) {
            return Delimiter.TAB;
        } else if (header.indexOf(',') >= 0) {
            return Delimiter.COMMA;
        } else if (header.indexOf(';') >= 0) {
            return Delimiter.SEMICOLON;
        } else if (WHITESPACE_RUN.matcher(header.strip()).find()) {
            return Delimiter.WHITESPACE;
        }
        return switch (extension) {
            case "tsv", "tab" -> Delimiter.TAB;
            case "txt" -> Delimiter.WHITESPACE;
            default -> Delimiter.COMMA;
        };
    }

    /** The fields of a line, or null when a double quote is not closed. */
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
            return null;
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

    /** A decimal number, NaN or an infinity as written in a data file; null for anything else. */
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

    /** Lower-case file extension without the dot, or "". */
    static String extension(Path p) {
        String name = p.getName();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The header line of a text file: its text (byte order mark removed), the byte offset where it
     * starts (as Hadoop's line reader numbers lines, after decompression for compressed files) and
     * its 1-based line number; null when the file has only blank and comment lines.
     */
    record Header(String text, long offset, long line) {
    }

    /** Reads lines from the start of the file until the header (first line that is not skipped). */
    static Header findHeader(Path p, Configuration conf) {
        try (InputStream raw = p.getFileSystem(conf).open(p)) {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            InputStream in = codec == null ? raw : codec.createInputStream(raw);
            LineScanner lines = new LineScanner(in);
            String line;
            while ((line = lines.next()) != null) {
                if (!skipped(line)) {
                    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
                    return new Header(text, lines.lineStart(), lines.lineNumber());
                }
            }
            return null;
        } catch (IOException e) {
            throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Splits a byte stream into UTF-8 lines at LF, CRLF or CR (as Hadoop's LineReader and
     * BufferedReader do), tracking the byte offset of each line.
     */
    static final class LineScanner {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int len;
        private int pos;
        private long consumed;
        private long lineStart;
        private long lineNumber;
        private boolean eof;

        LineScanner(InputStream in) {
            this.in = in;
        }

        long lineStart() {
            return lineStart;
        }

        long lineNumber() {
            return lineNumber;
        }

        private int read() throws IOException {
            if (pos == len) {
                if (eof) {
                    return -1;
                }
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    eof = true;
                    len = 0;
                    return -1;
                }
            }
            consumed++;
            return buf[pos++] & 0xff;
        }

        private int peek() throws IOException {
            if (pos == len) {
                if (eof) {
                    return -1;
                }
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    eof = true;
                    len = 0;
                    return -1;
                }
            }
            return buf[pos] & 0xff;
        }

        String next() throws IOException {
            long start = consumed;
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int b = read();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n' && b != '\r') {
                line.write(b);
                b = read();
            }
            if (b == '\r' && peek() == '\n') {
                read();
            }
            lineStart = start;
            lineNumber++;
            return line.toString(StandardCharsets.UTF_8);
        }
    }
}
