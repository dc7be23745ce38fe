package org.poglm.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.poglm.errors.ConfigurationException;

/** Parses the command line's grid values: comma-separated lists, with integer ranges {@code a-b}. */
public final class GridValues {
    private GridValues() {
    }

    /** "0-9", "1,2,5", "0-2,7": integers, ranges inclusive, in the order given, duplicates removed. */
    public static List<Long> longs(String option, String text) {
        List<Long> out = new ArrayList<>();
        for (String part : split(option, text)) {
            int dash = part.indexOf('-', 1);
            try {
                if (dash > 0) {
                    long a = Long.parseLong(part.substring(0, dash).trim());
                    long b = Long.parseLong(part.substring(dash + 1).trim());
                    if (b < a) {
                        throw new ConfigurationException(option, part, "a range low-high with low <= high");
                    }
                    if (b - a > 100_000) {
                        throw new ConfigurationException(option, part, "a range of at most 100000 values");
                    }
                    for (long v = a; v <= b; v++) {
                        add(out, v);
                    }
                } else {
                    add(out, Long.parseLong(part));
                }
            } catch (NumberFormatException e) {
                throw new ConfigurationException(option, part, "integers or ranges like 0-9, separated by commas");
            }
        }
        return out;
    }

    public static List<Integer> ints(String option, String text) {
        List<Integer> out = new ArrayList<>();
        for (long v : longs(option, text)) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ConfigurationException(option, v, "an integer of at most 10 digits");
            }
            out.add((int) v);
        }
        return out;
    }

    public static List<Double> doubles(String option, String text) {
        return parse(option, text, s -> {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        }, "finite numbers separated by commas");
    }

    public static List<String> strings(String option, String text) {
        return parse(option, text, s -> s, "names separated by commas");
    }

    public static <T> List<T> parse(String option, String text, Function<String, T> f, String expected) {
        List<T> out = new ArrayList<>();
        for (String part : split(option, text)) {
            try {
                add(out, f.apply(part));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(option, part, expected);
            }
        }
        return out;
    }

    private static <T> void add(List<T> out, T v) {
        if (!out.contains(v)) {
            out.add(v);
        }
    }

    private static List<String> split(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException(option, "''", "at least one value");
        }
        List<String> parts = new ArrayList<>();
        for (String p : text.split(",", -1)) {
            String s = p.trim();
            if (s.isEmpty()) {
                throw new ConfigurationException(option, "'" + text + "'", "values separated by single commas");
            }
            parts.add(s);
        }
        return parts;
    }
}
