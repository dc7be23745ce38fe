package org.poglm.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.poglm.ingest.UnitLabels;
import org.poglm.result.UnitRow;

/**
 * How the report names and orders the recorded units: with the input's labels (units.csv) units are
 * ordered by region, then electrode group (or shank and depth for phy; {@link UnitLabels#inRegionOrder})
 * and named with their region, e.g. {@code 7 (amygdala_right)}; without labels as the recording has them.
 */
record UnitDisplay(Map<String, Map<String, String>> labels) {
    static final UnitDisplay NONE = new UnitDisplay(Map.of());

    /** The labels of units.csv (each unit's first row), or none when the result has no units.csv. */
    static UnitDisplay of(ResultData data) {
        List<UnitRow> rows = data.units();
        if (rows == null) {
            return NONE;
        }
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (UnitRow r : rows) {
            if (!r.labels().values().stream().allMatch(String::isEmpty)) {
                labels.putIfAbsent(r.unit(), r.labels());
            }
        }
        return new UnitDisplay(labels);
    }

    /** {@code units} in region order when they are labelled, else as given. */
    List<String> order(List<String> units) {
        Map<String, Map<String, String>> known = new LinkedHashMap<>();
        for (String u : units) {
            Map<String, String> l = labels.getOrDefault(u, Map.of());
            Map<String, String> set = new LinkedHashMap<>();
            l.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    set.put(k, v);
                }
            });
            if (!set.isEmpty()) {
                known.put(u, set);
            }
        }
        if (known.isEmpty()) {
            return units;
        }
        try {
            return new UnitLabels(known).inRegionOrder(units);
        } catch (IllegalArgumentException e) {
            return units;       // labels of a field the ingest does not know: keep the recording's order
        }
    }

    /** The unit's name with its region (or phy group), as charts show it. */
    String name(String unit) {
        Map<String, String> l = labels.getOrDefault(unit, Map.of());
        String tag = l.getOrDefault(UnitLabels.REGION, "");
        if (tag.isEmpty()) {
            tag = l.getOrDefault(UnitLabels.GROUP, "");
        }
        return tag.isEmpty() ? unit : unit + " (" + tag + ")";
    }

    /** Positions of {@code units} in display order: element i is the index in {@code units} of the i-th shown. */
    int[] positions(List<String> units) {
        List<String> ordered = order(units);
        int[] out = new int[units.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = units.indexOf(ordered.get(i));
        }
        return out;
    }
}
