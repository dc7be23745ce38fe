package org.poglm.data;

/** How history features treat bins outside a piece (SPEC §1). */
public enum Padding {
    /** Bins outside the piece count as zero, as in the paper's code. */
    ZERO,
    /** Visible bins of the neighbouring pieces of the same recording are used. */
    CONTEXT;

    public static Padding parse(String s) {
        for (Padding p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new org.poglm.errors.ConfigurationException("padding", s, "one of zero, context");
    }
}
