package org.poglm.report;

import java.util.Locale;

/** HTML text helpers: escaping and number formatting for the report page. */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for element content and double- or single-quoted attribute values: {@code & < > " '}.
     * Null becomes the empty string.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (r != null) {
                    sb.append(r);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** A number with {@code decimals} decimals and a true minus sign; "–" (not applicable) for NaN. */
    static String num(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "\u2013";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "\u2212\u221e";
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.matches("-0\\.?0*")) {
            s = s.substring(1);
        }
        return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
    }

    /** A value for a data-v sort attribute: plain Java digits, empty for NaN (sorts last). */
    static String sortKey(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** Seconds as "3.2 s", "4 min 05 s" or "1 h 02 min". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "\u2013";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
