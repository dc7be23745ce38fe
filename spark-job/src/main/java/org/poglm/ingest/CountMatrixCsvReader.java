package org.poglm.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.poglm.data.Recording;

/**
 * Reads a binned count matrix from CSV/TSV (SPEC §1 "a matrix of binned counts x[t][v]"): a
 * header {@code bin,<unit>,<unit>,...} (or just {@code <unit>,<unit>,...}), then one row per
 * bin in time order. Units are the columns, in file order. Counts are non-negative integers
 * ({@code 3} or {@code 3.0}) of at most 32767. When the {@code bin} column is present it must read
 * 0, 1, 2, ... (a check that no row was lost or reordered). Blank lines and {@code #} comment
 * lines are ignored. The file does not record its bin width: the caller supplies it.
 *
 * <p>Errors name the file, line, column and value, e.g.
 * {@code counts.csv line 17, column n3: '-1' is not a non-negative integer count}.
 */
public final class CountMatrixCsvReader {
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("\\+?[0-9]+");
    private static final Pattern WHOLE_DECIMAL = Pattern.compile("\\+?[0-9]+\\.0*");

    private final InputFiles files;

    public CountMatrixCsvReader() {
        this(new Configuration());
    }

    public CountMatrixCsvReader(Configuration conf) {
        this.files = new InputFiles(conf);
    }

    /** Reads the matrix; {@code binWidth} is the width in seconds the counts were binned with. */
    public Recording read(String path, double binWidth) {
        if (!(binWidth > 0) || !Double.isFinite(binWidth)) {
            throw new InputException("bin width " + binWidth + " s: expected a positive number of seconds");
        }
        Path p = InputFiles.path(path);
        FileStatus st = files.requireFile(p);
        String file = p.toString();
        if (st.getLen() == 0) {
            throw new InputException(file
                + " is empty: expected a header 'bin,<unit>,<unit>,...' and one row of counts "
                + "per bin");
        }
        try (TextTable table = new TextTable(file, files.open(p))) {
            List<String> header = table.header(InputFiles.extension(p));
            if (header == null) {
                throw new InputException(file + " has no header line (only blank or comment lines): expected "
                    + "'bin,<unit>,<unit>,...'");
            }
            long headerLine = table.lineNumber();
            boolean hasBin = header.get(0).strip().equalsIgnoreCase("bin");
            List<String> units = new ArrayList<>(header.subList(hasBin ? 1 : 0, header.size()));
            checkUnitNames(units, hasBin, file, headerLine);
            int width = header.size();
            int v = units.size();
            short[] counts = new short[Math.max(1024, v * 256)];
            int bins = 0;
            List<String> fields;
            while ((fields = table.next()) != null) {
                long line = table.lineNumber();
                if (fields.size() != width) {
                    throw InputException.atLine(file, line, fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                        + " (" + table.delimiter() + "-separated): expected " + width + " like the header");
                }
                if (hasBin) {
                    String raw = fields.get(0);
                    if (!NON_NEGATIVE_INTEGER.matcher(raw).matches() || raw.length() > 12
                        || Long.parseLong(raw.replace("+", "")) != bins) {
                        throw InputException.at(file, line, header.get(0), raw, "is not the expected bin number: "
                            + "expected " + bins + " (bins must be 0, 1, 2, ... in order, one row each)");
                    }
                }
                if ((long) (bins + 1) * v > Integer.MAX_VALUE - 8) {
                    throw InputException.atLine(file, line, "more than " + (Integer.MAX_VALUE - 8) / v + " bins of " + v
                        + " units: expected a matrix that fits in memory (use wider bins)");
                }
                if ((bins + 1) * v > counts.length) {
                    counts = Arrays.copyOf(counts, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * counts.length + v));
                }
                for (int j = 0; j < v; j++) {
                    int col = hasBin ? j + 1 : j;
                    counts[bins * v + j] = parseCount(fields.get(col), file, line, header.get(col));
                }
                bins++;
            }
            if (bins == 0) {
                throw new InputException(file + " has a header but no rows of counts: expected one row per bin");
            }
            return new Recording(Arrays.copyOf(counts, bins * v), bins, units, binWidth);
        }
    }

    private static void checkUnitNames(List<String> units, boolean hasBin, String file, long line) {
        if (units.isEmpty()) {
            throw InputException.atLine(file, line, "the header " + (hasBin ? "has only the 'bin' column" : "is empty")
                + ": expected one column per unit");
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < units.size(); j++) {
            String u = units.get(j).strip();
            int column = j + (hasBin ? 2 : 1);
            if (u.isEmpty()) {
                throw InputException.atLine(file, line, "column " + column + " of the header has no name: expected a "
                    + "unit name for every column");
            }
            if (!seen.add(u)) {
                throw InputException.atLine(file, line, "unit '" + Messages.clip(u) + "' names more than one "
                    + "column: expected unique unit names in the header (is the header line missing?)");
            }
            units.set(j, u);
        }
    }

    /** A count in [0, 32767], written as an integer or a whole decimal ("3.0"). */
    static short parseCount(String raw, String file, long line, String column) {
        String s = raw.strip();
        boolean integer = NON_NEGATIVE_INTEGER.matcher(s).matches();
        if (!integer && !WHOLE_DECIMAL.matcher(s).matches()) {
            throw InputException.at(file, line, column, raw, "is not a non-negative integer count");
        }
        String digits = s.replace("+", "");
        int dot = digits.indexOf('.');
        if (dot >= 0) {
            digits = digits.substring(0, dot);
        }
        digits = digits.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5 || Integer.parseInt(digits) > Short.MAX_VALUE) {
            throw InputException.at(file, line, column, raw, "is larger than " + Short.MAX_VALUE
                + ": expected at most " + Short.MAX_VALUE + " spikes per bin");
        }
        return (short) Integer.parseInt(digits);
    }
}
