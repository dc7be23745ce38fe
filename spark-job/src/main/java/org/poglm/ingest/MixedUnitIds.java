package org.poglm.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A spike table whose unit column mixes integer ids ({@link SpikeTrains#isInteger}) and other
 * strings, and what to make of it. One rule for the local readers and the distributed one
 * ({@code org.poglm.ingest.spark}), which count the rows of each id alike:
 * <ul>
 * <li><b>Strays</b> (an error): the integer ids hold most rows (more than the other ids), and the
 * other ids hold at most 1% of all rows or one row each. A stray {@code abc} or {@code 1.5} in a
 * column of integers is a damaged row (a shifted field, a time in the wrong column), not a unit:
 * fitted, it would be an extra unit of one spike. The error names the first row (in file order)
 * holding one of them.</li>
 * <li><b>Names</b> (a warning): any other mix, e.g. as many named rows as integer ones, or a named
 * unit with more than 1% of the rows. Every id is then a name of its own (natural order, "007" and
 * "7" two units), as always; the warning says so.</li>
 * </ul>
 * A column of integers only, or of names only, is not mixed: nothing to say.
 *
 * @param integerRows rows with an integer id
 * @param otherRows   rows with any other id
 * @param others      the ids that are not integers, in {@link SpikeTrains#unitOrder} order
 * @param strays      true when the other ids are strays (an error), false when they are names
 */
public record MixedUnitIds(long integerRows, long otherRows, List<String> others, boolean strays) {
    /** The other ids hold at most this fraction of all rows to be strays (or one row each). */
    public static final double STRAY_FRACTION = 0.01;

    public MixedUnitIds {
        others = List.copyOf(others);
    }

    /**
     * The mix of the ids of a table, given the rows of each id (distinct ids as read); null when
     * every id is an integer or none is.
     */
    public static MixedUnitIds of(Map<String, Long> rowsById) {
        long integerRows = 0;
        long otherRows = 0;
        boolean oneRowEach = true;
        List<String> others = new ArrayList<>();
        for (Map.Entry<String, Long> e : rowsById.entrySet()) {
            if (SpikeTrains.isInteger(e.getKey())) {
                integerRows += e.getValue();
            } else {
                otherRows += e.getValue();
                others.add(e.getKey());
                oneRowEach &= e.getValue() == 1;
            }
        }
        if (integerRows == 0 || otherRows == 0) {
            return null;
        }
        others.sort(SpikeTrains.unitOrder(others));
        long rows = integerRows + otherRows;
        boolean strays = integerRows > otherRows && (otherRows <= STRAY_FRACTION * rows || oneRowEach);
        return new MixedUnitIds(integerRows, otherRows, others, strays);
    }

    /**
     * The error for strays, at the first row holding one: {@code at} is that row as messages name
     * it, with the id, e.g. {@code s.csv line 7, column unit: 'abc'}.
     */
    public InputException error(String at) {
        long rows = integerRows + otherRows;
        return new InputException(at + " is not an integer unit id: expected integer unit ids like the other rows ("
            + integerRows + " of " + rows + " rows; " + otherRows + " row" + (otherRows == 1 ? "" : "s")
            + " with other ids: " + Messages.abbreviate(clipped(), 5) + ")");
    }

    /** The warning for names mixed with integer ids. */
    public String warning(String source) {
        return source + ": unit ids mix integers (" + integerRows + " row" + (integerRows == 1 ? "" : "s")
            + ") and names (" + otherRows + " row" + (otherRows == 1 ? "" : "s") + ": "
            + Messages.abbreviate(clipped(), 10) + "); every id is read as a name, a unit of its own";
    }

    private List<String> clipped() {
        return others.stream().map(Messages::clip).toList();
    }
}
