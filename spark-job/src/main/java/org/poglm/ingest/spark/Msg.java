package org.poglm.ingest.spark;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Message formatting shared by the distributed readers. These mirror the package-private helpers
 * of {@code org.poglm.ingest} ({@code Binner.fmt}, {@code Binner.fmt3},
 * {@code SpikeTrains.abbreviate}, {@code InputException.clip}) so that messages of the
 * distributed path read exactly like the local ones.
 */
final class Msg {
    private Msg() {
    }

    /** A number of seconds for messages: up to 9 significant digits, no exponent, no trailing zeros. */
    static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(9)).stripTrailingZeros().toPlainString();
    }

    /** A rate for messages, 3 significant digits. */
    static String fmt3(double x) {
        if (!Double.isFinite(x) || x == 0) {
            return fmt(x);
        }
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** "a, b, c and 7 more" for long lists in messages. */
    static String abbreviate(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    /** Keeps a value to one readable line of at most 60 characters. */
    static String clip(String value) {
        return clip(value, 60);
    }

    static String clip(String value, int max) {
        if (value == null) {
            return "null";
        }
        String v = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return v.length() > max ? v.substring(0, max - 3) + "..." : v;
    }

    /** "1 row" / "3 rows". */
    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
