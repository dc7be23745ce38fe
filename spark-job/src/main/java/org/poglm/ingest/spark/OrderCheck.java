package org.poglm.ingest.spark;

import java.util.HashMap;
import java.util.Map;

/**
 * Notices unsorted input while the table is scanned, one task's rows at a time in file order:
 * a row whose time is below the previous time of the same unit in the same task. Only the
 * count per unit reaches the driver (with the per-unit aggregate), never a spike. Disorder that
 * lies only across two tasks' shares of the table is not seen; binning does not depend on row
 * order, so this only decides whether the "not sorted" note is given.
 */
final class OrderCheck {
    private final Map<Object, double[]> last = new HashMap<>();

    /** 1 when {@code time} is below the previous time of {@code unit} in this task, else 0. */
    int decreases(Object unit, double time) {
        double[] previous = last.get(unit);
        if (previous == null) {
            last.put(unit, new double[] {time});
            return 0;
        }
        int back = time < previous[0] ? 1 : 0;
        previous[0] = time;
        return back;
    }
}
