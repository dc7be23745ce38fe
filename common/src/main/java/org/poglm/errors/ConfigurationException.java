package org.poglm.errors;

/**
 * A configuration or input value that cannot work, raised at construction time. The message
 * names the field, the offending value and what was expected.
 */
public class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ConfigurationException(String field, Object value, String expected) {
        super(field + " = " + render(value) + ": expected " + expected);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Throws unless {@code ok}. */
    public static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new ConfigurationException(field, value, expected);
        }
    }

    private static String render(Object value) {
        if (value instanceof double[] d) {
            return java.util.Arrays.toString(d);
        }
        if (value instanceof int[] i) {
            return java.util.Arrays.toString(i);
        }
        return String.valueOf(value);
    }
}
