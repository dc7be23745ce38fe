package org.poglm.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The conventions of a delimited text table (CSV, TSV, semicolon- or whitespace-separated), one
 * line at a time: blank lines and lines starting with {@code #} are skipped, the delimiter comes
 * from the header line ({@link #sniff}), fields may be double-quoted (as R's {@code write.csv}
 * does) with {@code ""} for a quote inside, numbers are decimal or nan/inf/infinity
 * ({@link #parseNumber}).
 *
 * <p>Public so that the local reader ({@link TextTable}, which reads a stream) and the distributed
 * one ({@code org.poglm.ingest.spark}, which parses lines on the executors) read a table by the
 * same code. That is also why this class does no I/O, reports an unclosed quote by returning null
 * rather than by throwing (only the caller knows the line number), and is {@link Serializable}.
 */
public final class DelimitedText implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The problem to report, after the line, for a line whose {@link #split} is null. */
    public static final String UNTERMINATED_QUOTE = "unterminated double quote: expected a closing '\"'";

    /** How fields are separated; {@link #toString()} is the label messages use. */
    public enum Delimiter {
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

    /** Splits lines at {@code delimiter}, usually the one {@link #sniff} found in the header. */
    public DelimitedText(Delimiter delimiter) {
        this.delimiter = delimiter;
    }

    public Delimiter delimiter() {
        return delimiter;
    }

    /** True for lines a reader skips: blank, {@code #} comments, a lone byte order mark. */
    public static boolean skipped(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#") || s.equals("\uFEFF");
    }

    /**
     * The delimiter a header line (byte order mark removed) implies: a tab, else a comma, else a
     * semicolon, else whitespace; when the header is one single name, the file extension
     * (lower case, without the dot) decides.
     */
    public static Delimiter sniff(String header, String extension) {
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

    /**
     * The fields of a line, trimmed unless quoted and unquoted; null when a double quote is not
     * closed (the caller reports {@link #UNTERMINATED_QUOTE} at its line).
     */
    public List<String> split(String line) {
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
    public static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(name.strip())) {
                return i;
            }
        }
        return -1;
    }

    /** {@link #decimals} of a table without any number: its resolution is unknown. */
    public static final int NO_DECIMALS = Integer.MIN_VALUE;

    /**
     * The decimal places a number is written with, which bound the resolution of the clock that
     * made it: "0.0125" 4, "12" and "12." 0, "1.5e-3" 4, "2.50E1" 1, "3e2" -2. Trailing zeros count
     * ("0.500" was written to the millisecond). {@link #NO_DECIMALS} for a string that is not a
     * decimal number (NaN, infinities, anything {@link #parseNumber} refuses).
     */
    public static int decimals(String s) {
        String t = s.strip();
        if (!DECIMAL.matcher(t).matches()) {
            return NO_DECIMALS;
        }
        int e = Math.max(t.indexOf('e'), t.indexOf('E'));
        String mantissa = e < 0 ? t : t.substring(0, e);
        int dot = mantissa.indexOf('.');
        long places = dot < 0 ? 0 : mantissa.length() - dot - 1;
        if (e >= 0) {
            String exp = t.substring(e + 1);
            // An exponent beyond any double is clamped; its resolution is unknown either way.
            places -= exp.length() > 6 ? (exp.startsWith("-") ? -1_000_000 : 1_000_000) : Long.parseLong(exp);
        }
        return (int) Math.max(-1_000_000, Math.min(1_000_000, places));
    }

    /**
     * The time resolution, in seconds, of a text column whose numbers have at most
     * {@code maxDecimals} decimal places ({@link #decimals}) in a unit of {@code secondsPerUnit}
     * seconds: 10^-maxDecimals x secondsPerUnit. NaN (unknown) for {@link #NO_DECIMALS} or a
     * resolution outside the range of positive doubles.
     */
    public static double resolution(int maxDecimals, double secondsPerUnit) {
        if (maxDecimals == NO_DECIMALS) {
            return Double.NaN;
        }
        double r = Double.parseDouble("1e" + (-(long) maxDecimals)) * secondsPerUnit;
        return r > 0 && Double.isFinite(r) ? r : Double.NaN;
    }

    /**
     * Parses a decimal number as written in a data file ("12", "-0.5", "1e-3", ".5"); NaN and
     * infinities spelled "nan", "inf", "infinity" (any case, optional sign) come back as such, so
     * the caller can name them. Returns null for anything else (including Java-only forms such as
     * "1d" or hexadecimal floats).
     */
    public static Double parseNumber(String s) {
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
}
