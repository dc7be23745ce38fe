package org.poglm.ingest.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a row of a spike table is invalid. The code travels in the {@code err} column of a
 * {@link SpikeSource}'s spikes (0 = valid) so that invalid rows are counted by the same aggregate
 * that counts spikes, without collecting any row.
 */
enum Invalid {
    VALID("valid"),
    NULL_UNIT("a null unit id"),
    EMPTY_UNIT("an empty unit id"),
    NON_INTEGER_UNIT("a unit id that is not an integer"),
    NULL_TIME("a null time"),
    NOT_FINITE("a time that is NaN or infinite"),
    NEGATIVE("a negative time"),
    TOO_FEW_FIELDS("too few fields"),
    UNTERMINATED_QUOTE("an unterminated double quote"),
    NOT_A_NUMBER("a time that is not a number"),
    SCALED_NOT_FINITE("a time that is infinite in seconds");

    private final String label;

    Invalid(String label) {
        this.label = label;
    }

    int code() {
        return ordinal();
    }

    static Invalid of(int code) {
        return values()[code];
    }

    /**
     * "(12 invalid rows in all: 10 with a negative time, 2 with a null time)" when more than one
     * row is invalid, else "".
     */
    static String summary(long[] byCode) {
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (int c = 1; c < byCode.length; c++) {
            if (byCode[c] > 0) {
                total += byCode[c];
                parts.add(byCode[c] + " with " + of(c).label);
            }
        }
        if (total <= 1) {
            return "";
        }
        return " (" + total + " invalid rows in all: " + String.join(", ", parts) + ")";
    }
}
