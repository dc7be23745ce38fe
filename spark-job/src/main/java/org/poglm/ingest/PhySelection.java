package org.poglm.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which phy/Kilosort clusters to read: {@code all}; labels ({@code good}, {@code mua,good}, any
 * label phy allows, case-insensitive) matched against cluster_group.tsv / cluster_KSLabel.tsv;
 * or cluster ids ({@code 3,17,42}), which select those clusters whatever their label.
 *
 * @param all    every cluster, labelled or not
 * @param labels lower-case labels to keep (empty unless selecting by label)
 * @param ids    cluster ids to keep, in order (empty unless selecting by id)
 */
public record PhySelection(boolean all, Set<String> labels, List<String> ids) {

    /** Clusters labelled good: the default, as curated units are what users fit. */
    public static final PhySelection GOOD = new PhySelection(false, Set.of("good"), List.of());
    public static final PhySelection ALL = new PhySelection(true, Set.of(), List.of());

    public PhySelection {
        labels = Set.copyOf(labels);
        ids = List.copyOf(ids);
        int kinds = (all ? 1 : 0) + (labels.isEmpty() ? 0 : 1) + (ids.isEmpty() ? 0 : 1);
        if (kinds != 1) {
            throw new IllegalArgumentException("a phy selection is exactly one of: all, labels, ids");
        }
    }

    /**
     * Parses {@code all}, {@code good}, {@code mua,good} or {@code 3,17,42}. Labels and ids cannot
     * be mixed (an id already selects a cluster whatever its label).
     */
    public static PhySelection parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InputException("phy unit selection is empty: expected all, a label list such as good or "
                + "mua,good, or cluster ids such as 3,17,42");
        }
        String t = text.strip();
        if (t.equalsIgnoreCase("all")) {
            return ALL;
        }
        Set<String> labels = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new InputException("phy unit selection '" + text
                    + "' has an empty item: expected comma-separated "
                    + "labels or cluster ids");
            }
            if (SpikeTrains.isInteger(p)) {
                ids.add(SpikeTrains.canonicalInteger(p));
            } else if (p.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                labels.add(p.toLowerCase(Locale.ROOT));
            } else {
                throw new InputException("phy unit selection '" + text + "': '" + p
                    + "' is neither a label nor a cluster "
                    + "id: expected all, labels such as good,mua, or integer cluster ids");
            }
        }
        if (!labels.isEmpty() && !ids.isEmpty()) {
            throw new InputException("phy unit selection '" + text + "' mixes labels " + labels + " and cluster ids "
                + ids + ": expected either labels or ids");
        }
        if (labels.contains("all")) {
            throw new InputException("phy unit selection '" + text + "': 'all' cannot be combined with other items");
        }
        return ids.isEmpty() ? new PhySelection(false, labels, List.of()) : new PhySelection(false, Set.of(), ids);
    }

    /** Cluster ids as a selection (e.g. from a unit list given for another format). */
    public static PhySelection ofIds(List<String> clusterIds) {
        List<String> ids = new ArrayList<>();
        for (String id : clusterIds) {
            if (!SpikeTrains.isInteger(id.strip())) {
                throw new InputException("phy cluster id '" + id + "' is not an integer: expected integer cluster ids");
            }
            ids.add(SpikeTrains.canonicalInteger(id.strip()));
        }
        return new PhySelection(false, Set.of(), ids);
    }

    @Override
    public String toString() {
        return all ? "all" : !labels.isEmpty()
            ? String.join(",", new java.util.TreeSet<>(labels)) : String.join(",", ids);
    }
}
