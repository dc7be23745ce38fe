package org.poglm.ingest.spark;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.poglm.ingest.InputException;
import org.poglm.ingest.SpikeTrains;

/**
 * The units of a spike table, from the per-id aggregate (never from the spikes): ids as read,
 * canonicalised when every id is an integer ("007" and "7" are unit 7, merged with a warning, as
 * the local {@code SpikeCollector} does), in the documented order of {@link SpikeTrains#unitOrder},
 * with each unit's row count and first and last spike time.
 */
final class UnitIds {
    /** One id as it appears in the table, with its aggregate. */
    record Raw(Object key, String id, long rows, double first, double last) {
    }

    private final List<String> ids;
    private final Map<String, List<Raw>> spellings;

    private UnitIds(List<String> ids, Map<String, List<Raw>> spellings) {
        this.ids = ids;
        this.spellings = spellings;
    }

    static UnitIds of(List<Raw> raw, String source, List<String> warnings) {
        boolean allIntegers = raw.stream().allMatch(r -> SpikeTrains.isInteger(r.id()));
        // Spellings in string order: the local reader keeps file order, which a distributed read does not have.
        Map<String, List<Raw>> byId = new TreeMap<>();
        for (Raw r : raw) {
            String id = allIntegers ? canonicalInteger(r.id()) : r.id();
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Raw>> e : byId.entrySet()) {
            List<Raw> rs = e.getValue();
            rs.sort(Comparator.comparing(Raw::id));
            for (int i = 1; i < rs.size(); i++) {
                warnings.add(source + ": unit ids '" + rs.get(0).id() + "' and '" + rs.get(i).id()
                    + "' are the same integer " + e.getKey() + "; merged them");
            }
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(SpikeTrains.unitOrder(ids));
        Map<String, List<Raw>> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            ordered.put(id, byId.get(id));
        }
        return new UnitIds(List.copyOf(ids), ordered);
    }

    static String canonicalInteger(String id) {
        return new BigInteger(id.startsWith("+") ? id.substring(1) : id).toString();
    }

    /** Unit ids in column order. */
    List<String> ids() {
        return ids;
    }

    /** The table's keys (as in the unit column) of a unit. */
    List<Raw> spellings(String id) {
        return spellings.get(id);
    }

    double first(String id) {
        return spellings.get(id).stream().mapToDouble(Raw::first).min().orElse(Double.NaN);
    }

    double last(String id) {
        return spellings.get(id).stream().mapToDouble(Raw::last).max().orElse(Double.NaN);
    }

    /**
     * Resolves a unit selection to indices into {@link #ids()}, in the order given (null = all),
     * as the local {@code Binner} does: an id matches exactly, or numerically when both are
     * integers ("07" selects unit 7); a unit selected twice is kept once, with a warning.
     */
    int[] select(List<String> wanted, String source, List<String> warnings) {
        if (wanted == null) {
            int[] all = new int[ids.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String w : wanted) {
            int i = ids.indexOf(w);
            if (i < 0 && SpikeTrains.isInteger(w)) {
                String c = canonicalInteger(w);
                for (int j = 0; j < ids.size(); j++) {
                    if (SpikeTrains.isInteger(ids.get(j)) && canonicalInteger(ids.get(j)).equals(c)) {
                        i = j;
                        break;
                    }
                }
            }
            if (i < 0) {
                throw new InputException(source + ": selected unit '" + Msg.clip(w)
                    + "' is not in the data; units there: " + Msg.abbreviate(ids, 20));
            }
            if (!chosen.add(i)) {
                warnings.add(source + ": unit " + ids.get(i) + " is selected more than once; kept once");
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }
}
