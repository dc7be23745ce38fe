package org.poglm.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the input says about each unit besides its spikes: where it was recorded (brain region,
 * electrode group, channel, depth, shank) and how the spike sorter or its curator labelled it.
 * Results, tables and heat maps show these next to the unit id, and a heat map orders its units
 * by {@link #regionOrderFields()} when there are any.
 *
 * <p>The field names are this class's constants, the same whatever the format, so that a report
 * can rely on them; a reader sets only the fields its input holds. A field a unit has no value for
 * (missing from the file, or blank) is absent, never an empty string.
 * <ul>
 * <li>NWB 2 ({@link NwbUnitsReader}): {@link #REGION}, {@link #ELECTRODE_GROUP},
 * {@link #ELECTRODE};</li>
 * <li>phy/Kilosort ({@link PhyFolderReader}): {@link #GROUP}, {@link #KS_LABEL},
 * {@link #CHANNEL}, {@link #DEPTH}, {@link #SHANK};</li>
 * <li>spike tables, count matrices and .npy counts: none ({@link #NONE}).</li>
 * </ul>
 * Values are text as the file writes them (a depth stays "1234.5", not a parsed double); a unit
 * with several electrodes gets their distinct values joined by {@link #SEPARATOR}.
 *
 * @param byUnit unit id -> field name -> value, for the units that have at least one label, in
 *               column order, fields in the order of the constants below; unmodifiable
 */
public record UnitLabels(Map<String, Map<String, String>> byUnit) {

    /**
     * Brain region of the unit (NWB: the units table's {@code location} column, else the
     * {@code location} of its electrodes in the electrodes table, else its electrode group's
     * {@code location} attribute).
     */
    public static final String REGION = "region";
    /**
     * Name of the NWB electrode group (the probe, shank or wire bundle) the unit was recorded on:
     * the group the units table's {@code electrode_group} column or the electrodes table's
     * {@code group} column refers to, else the electrodes table's {@code group_name}.
     */
    public static final String ELECTRODE_GROUP = "electrode_group";
    /** NWB: id (the electrodes table's {@code id}) of the electrode(s) the unit was recorded on. */
    public static final String ELECTRODE = "electrode";
    /**
     * phy: the cluster's label as the unit selection reads it: the curator's from
     * {@code cluster_group.tsv}, else Kilosort's from {@code cluster_KSLabel.tsv} (good, mua,
     * noise, ... in lower case).
     */
    public static final String GROUP = "group";
    /**
     * phy: Kilosort's automatic label ({@code cluster_KSLabel.tsv}, else the {@code KSLabel}
     * column of {@code cluster_info.tsv}), lower case.
     */
    public static final String KS_LABEL = "ks_label";
    /** phy: the cluster's peak channel ({@code ch} in {@code cluster_info.tsv}). */
    public static final String CHANNEL = "channel";
    /** phy: depth of the cluster's peak channel along the probe, µm ({@code depth} in cluster_info.tsv). */
    public static final String DEPTH = "depth";
    /** phy: the probe shank of the cluster's peak channel ({@code sh} in {@code cluster_info.tsv}). */
    public static final String SHANK = "shank";

    /** Every field, in the order a table shows them. */
    public static final List<String> FIELDS = List.of(REGION, ELECTRODE_GROUP, ELECTRODE, GROUP, KS_LABEL, SHANK,
        DEPTH, CHANNEL);

    /** Joins the distinct values of a unit recorded on several electrodes ("CA1, CA3"). */
    public static final String SEPARATOR = ", ";

    /** No labels: the formats that carry none. */
    public static final UnitLabels NONE = new UnitLabels(Map.of());

    /**
     * Copies {@code byUnit}, keeping its unit order, dropping blank values and units left with no
     * value, and putting each unit's fields in the order of {@link #FIELDS}.
     *
     * @throws IllegalArgumentException for a field name that is not one of {@link #FIELDS}
     */
    public UnitLabels {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        byUnit.forEach((unit, fields) -> {
            for (String f : fields.keySet()) {
                if (!FIELDS.contains(f)) {
                    throw new IllegalArgumentException("unit label field '" + f + "': expected one of " + FIELDS);
                }
            }
            Map<String, String> ordered = new LinkedHashMap<>();
            for (String f : FIELDS) {
                String v = fields.get(f);
                if (v != null && !v.isBlank()) {
                    ordered.put(f, v.strip());
                }
            }
            if (!ordered.isEmpty()) {
                copy.put(unit, Collections.unmodifiableMap(ordered));
            }
        });
        byUnit = Collections.unmodifiableMap(copy);
    }

    /** True when no unit has a label. */
    public boolean isEmpty() {
        return byUnit.isEmpty();
    }

    /** The labels of one unit, field name -> value; empty when it has none. */
    public Map<String, String> forUnit(String unit) {
        return byUnit.getOrDefault(unit, Map.of());
    }

    /** One label of one unit, or null when the unit has no value for that field. */
    public String get(String unit, String field) {
        return forUnit(unit).get(field);
    }

    /** The fields at least one unit has, in the order of {@link #FIELDS}: the columns of a table. */
    public List<String> fields() {
        Set<String> present = new LinkedHashSet<>();
        byUnit.values().forEach(m -> present.addAll(m.keySet()));
        return FIELDS.stream().filter(present::contains).toList();
    }

    /**
     * The labels of {@code units} only, in that order: what is left after unit selection and
     * dropping, in column order.
     */
    public UnitLabels keep(List<String> units) {
        Map<String, Map<String, String>> kept = new LinkedHashMap<>();
        for (String u : units) {
            Map<String, String> m = byUnit.get(u);
            if (m != null) {
                kept.put(u, m);
            }
        }
        return new UnitLabels(kept);
    }

    /**
     * The fields that order units by where they were recorded, most significant first, or an
     * empty list when the labels say nothing about it (a heat map then keeps column order):
     * <ul>
     * <li>{@link #REGION}, then {@link #ELECTRODE_GROUP} when some unit has it (NWB);</li>
     * <li>else {@link #SHANK} when present, then {@link #DEPTH}, or {@link #CHANNEL} when no unit
     * has a depth (phy: neighbouring channels of one shank lie next to each other);</li>
     * <li>else {@link #ELECTRODE_GROUP} alone.</li>
     * </ul>
     */
    public List<String> regionOrderFields() {
        List<String> present = fields();
        List<String> order = new ArrayList<>();
        if (present.contains(REGION)) {
            order.add(REGION);
            if (present.contains(ELECTRODE_GROUP)) {
                order.add(ELECTRODE_GROUP);
            }
            return order;
        }
        if (present.contains(SHANK)) {
            order.add(SHANK);
        }
        if (present.contains(DEPTH)) {
            order.add(DEPTH);
        } else if (present.contains(CHANNEL)) {
            order.add(CHANNEL);
        }
        if (order.isEmpty() && present.contains(ELECTRODE_GROUP)) {
            order.add(ELECTRODE_GROUP);
        }
        return order;
    }

    /**
     * {@code units} (usually the column order) sorted by {@link #regionOrderFields()}: by each
     * field in turn, numerically when all its values are numbers, else in natural order (digit
     * runs compared as numbers, so "shank2" precedes "shank10"); a unit without a value for a
     * field comes after those with one; ties keep the given order. Unchanged when there are no
     * such fields.
     */
    public List<String> inRegionOrder(List<String> units) {
        Comparator<String> order = (a, b) -> 0;
        for (String field : regionOrderFields()) {
            order = order.thenComparing(u -> get(u, field), Comparator.nullsLast(valueOrder(field, units)));
        }
        List<String> sorted = new ArrayList<>(units);
        sorted.sort(order); // List.sort is stable: ties keep the given order
        return List.copyOf(sorted);
    }

    /** Numeric order when every value of {@code field} among {@code units} is a number, else natural order. */
    private Comparator<String> valueOrder(String field, Collection<String> units) {
        List<String> values = units.stream().map(u -> get(u, field)).filter(v -> v != null).toList();
        if (values.stream().allMatch(UnitLabels::isNumber)) {
            return Comparator.comparingDouble(DelimitedText::parseNumber);
        }
        return SpikeTrains.unitOrder(values); // not all numbers, so natural order
    }

    private static boolean isNumber(String value) {
        Double x = DelimitedText.parseNumber(value);
        return x != null && Double.isFinite(x);
    }
}
