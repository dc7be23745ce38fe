package org.poglm.ingest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * How values are written into input messages ({@link InputException}s and warnings). Public only
 * so that the distributed reader ({@code org.poglm.ingest.spark}) writes its messages with the
 * same code as the local readers, and a table read either way is reported in the same words.
 */
public final class Messages {
    private Messages() {
    }

    /** A number of seconds for messages: up to 9 significant digits, no exponent, no trailing zeros. */
    public static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(9)).stripTrailingZeros().toPlainString();
    }

    /** A rate for messages, 3 significant digits. */
    public static String fmt3(double x) {
        if (!Double.isFinite(x) || x == 0) {
            return fmt(x);
        }
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** "a, b, c and 7 more" for long lists in messages: at most {@code max} items are named. */
    public static String abbreviate(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    /**
     * A value at a row of a file, as input messages name it:
     * {@code <file> <row>, column <column>: '<value>'}, e.g. {@code s.csv line 7, column time: '1e6'}
     * or {@code part-0.parquet row 18, column unit: 'abc'} (the value {@link #clip clipped}).
     */
    public static String at(String file, String row, String column, String value) {
        return file + " " + row + ", column " + column + ": '" + clip(value) + "'";
    }

    /** Keeps error messages to one readable line even when a value is huge or multi-line. */
    public static String clip(String value) {
        return clip(value, 60);
    }

    /** Like {@link #clip(String)} with a chosen maximum length. */
    public static String clip(String value, int max) {
        if (value == null) {
            return "null";
        }
        String v = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return v.length() > max ? v.substring(0, max - 3) + "..." : v;
    }
}
