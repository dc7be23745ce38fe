package org.poglm.ingest.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.poglm.ingest.SpikeTrains;

/**
 * The units of a spike table, from the per-id aggregate (never from the spikes): ids as read,
 * canonicalised when every id is an integer ("007" and "7" are unit 7, merged with a warning, by
 * the local readers' {@link SpikeTrains#mergeIntegerSpellings}), in the documented order of
 * {@link SpikeTrains#unitOrder}, with each unit's row count and first and last spike time.
 */
final class UnitIds {
    /**
     * One id as it appears in the table, with its aggregate; {@code decreases} counts rows whose
     * time went back from the previous row of the id in the same task.
     */
    record Raw(Object key, String id, long rows, double first, double last, long decreases) {
    }

    private final List<String> ids;
    private final Map<String, List<Raw>> spellings;

    private UnitIds(List<String> ids, Map<String, List<Raw>> spellings) {
        this.ids = ids;
        this.spellings = spellings;
    }

    /** The units of {@code raw}, whose ids are distinct (one aggregate row per id). */
    static UnitIds of(List<Raw> raw, String source, List<String> warnings) {
        Map<String, Raw> byId = new HashMap<>();
        for (Raw r : raw) {
            byId.put(r.id(), r);
        }
        // Spellings in string order: the local reader keeps file order, which a distributed read does not have.
        Map<String, List<String>> units = SpikeTrains.mergeIntegerSpellings(byId.keySet(), true, source, warnings);
        List<String> ids = new ArrayList<>(units.keySet());
        ids.sort(SpikeTrains.unitOrder(ids));
        Map<String, List<Raw>> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            ordered.put(id, units.get(id).stream().map(byId::get).toList());
        }
        return new UnitIds(List.copyOf(ids), ordered);
    }

    /** Unit ids in column order. */
    List<String> ids() {
        return ids;
    }

    /** The table's keys (as in the unit column) of a unit. */
    List<Raw> spellings(String id) {
        return spellings.get(id);
    }

    /** Units (in column order) with times that went back somewhere in the table, as far as the scan saw. */
    List<String> unsorted() {
        return ids.stream().filter(id -> spellings.get(id).stream().anyMatch(r -> r.decreases() > 0)).toList();
    }

    double first(String id) {
        return spellings.get(id).stream().mapToDouble(Raw::first).min().orElse(Double.NaN);
    }

    double last(String id) {
        return spellings.get(id).stream().mapToDouble(Raw::last).max().orElse(Double.NaN);
    }
}
