package org.poglm.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.Reference;

/**
 * The labels of an NWB 2 file's units ({@link UnitLabels#REGION}, {@link UnitLabels#ELECTRODE_GROUP},
 * {@link UnitLabels#ELECTRODE}), from wherever NWB writers put them:
 * <ul>
 * <li>{@code /units/location}: a text column some writers add to the units table;</li>
 * <li>{@code /units/electrodes} (with {@code electrodes_index} when a unit has several): a
 * DynamicTableRegion, i.e. row numbers of the electrodes table its {@code table} attribute refers
 * to, {@code /general/extracellular_ephys/electrodes} when that attribute is missing or cannot be
 * followed. That table's {@code location} gives the region, its {@code group} column (references
 * to ElectrodeGroups) or else its {@code group_name} column the electrode group, its {@code id}
 * the electrode;</li>
 * <li>{@code /units/electrode_group}: references to the units' ElectrodeGroups, whose names are
 * the electrode group and whose {@code location} attribute is the region when nothing closer
 * says it.</li>
 * </ul>
 * A unit's own column wins over its electrodes', and its electrodes' over their group's. The
 * {@code group} references win over {@code group_name} because the NWB schema requires them and
 * some writers fill {@code group_name} with one word for every electrode.
 *
 * <p>All of this is optional: a missing column or table leaves the field absent. A column that
 * cannot be used (wrong length, wrong type, a row number outside the table, a reference that
 * leads nowhere, bytes jhdf cannot read) adds a warning naming the dataset and what was expected,
 * and is not used; the spikes, which the fit needs, are read regardless.
 */
final class NwbUnitLabels {
    static final String EPHYS = "general/extracellular_ephys";
    static final String ELECTRODES = EPHYS + "/electrodes";

    private final HdfFile hdf;
    private final Group units;
    private final List<String> ids;
    private final int n;
    private final String file;
    private final List<String> warnings;
    /** ElectrodeGroups (children of /general/extracellular_ephys) by object header address; built on first use. */
    private Map<Long, Group> groupsByAddress;

    private NwbUnitLabels(HdfFile hdf, Group units, List<String> ids, String file, List<String> warnings) {
        this.hdf = hdf;
        this.units = units;
        this.ids = ids;
        this.n = ids.size();
        this.file = file;
        this.warnings = warnings;
    }

    /**
     * The labels of the units of {@code /units}, keyed by the unit ids {@code ids} (in table row
     * order); problems are added to {@code warnings}.
     */
    static UnitLabels read(HdfFile hdf, Group units, List<String> ids, String file, List<String> warnings) {
        return new NwbUnitLabels(hdf, units, ids, file, warnings).read();
    }

    private UnitLabels read() {
        String[] ownLocation = textColumn(units, "/units", "location", n, "one location per unit");
        String[] groupOfUnit = null;
        String[] groupLocationOfUnit = null;
        Group[][] ownGroups = referenceColumn(units, "/units", "electrode_group", n, "one electrode group per unit");
        if (ownGroups != null) {
            groupOfUnit = new String[n];
            groupLocationOfUnit = new String[n];
            for (int u = 0; u < n; u++) {
                groupOfUnit[u] = joined(ownGroups[u], Group::getName);
                groupLocationOfUnit[u] = joined(ownGroups[u], NwbUnitLabels::locationAttribute);
            }
        }
        Electrodes electrodes = electrodes();

        Map<String, Map<String, String>> byUnit = new LinkedHashMap<>();
        for (int u = 0; u < n; u++) {
            Map<String, String> labels = new LinkedHashMap<>();
            String region = first(at(ownLocation, u), electrodes == null ? null : electrodes.location(u),
                at(groupLocationOfUnit, u), electrodes == null ? null : electrodes.groupLocation(u));
            put(labels, UnitLabels.REGION, region);
            put(labels, UnitLabels.ELECTRODE_GROUP, first(at(groupOfUnit, u),
                electrodes == null ? null : electrodes.group(u)));
            put(labels, UnitLabels.ELECTRODE, electrodes == null ? null : electrodes.id(u));
            byUnit.put(ids.get(u), labels);
        }
        return new UnitLabels(byUnit);
    }

    /** The electrodes of each unit and the columns of their table, or null when not usable. */
    private Electrodes electrodes() {
        Node column = units.getChildren().get("electrodes");
        if (column == null) {
            return null;
        }
        long[][] rows = regionRows(column);
        if (rows == null) {
            return null;
        }
        Table found = electrodesTable((Dataset) column);
        if (found == null) {
            return null;
        }
        Group table = found.group();
        String tablePath = found.name();
        int size = tableRows(table, tablePath);
        if (size < 0) {
            return null;
        }
        for (int u = 0; u < n; u++) {
            for (long r : rows[u]) {
                if (r < 0 || r >= size) {
                    warn("/units/electrodes for unit " + ids.get(u) + " (row " + u + ") = " + r + " is not a row of "
                        + tablePath + " ("
                        + size + " rows): expected row numbers 0.." + (size - 1) + "; electrode labels not read");
                    return null;
                }
            }
        }
        String[] location = textColumn(table, tablePath, "location", size, "one location per electrode");
        Group[][] groups = referenceColumn(table, tablePath, "group", size, "one electrode group per electrode");
        String[] groupName = groups != null ? null
            : textColumn(table, tablePath, "group_name", size, "one group name per electrode");
        long[] electrodeIds = integerColumn(table, tablePath, "id", size);
        return new Electrodes(rows, location, groups, groupName, electrodeIds);
    }

    /** One unit's electrodes (rows of the electrodes table) and the columns read from it. */
    private record Electrodes(long[][] rows, String[] location, Group[][] groups, String[] groupName,
        long[] ids) {

        String location(int unit) {
            return location == null ? null : joinedRows(unit, r -> location[r]);
        }

        String group(int unit) {
            if (groups != null) {
                return joinedRows(unit, r -> joined(groups[r], Group::getName));
            }
            return groupName == null ? null : joinedRows(unit, r -> groupName[r]);
        }

        String groupLocation(int unit) {
            return groups == null ? null : joinedRows(unit, r -> joined(groups[r], NwbUnitLabels::locationAttribute));
        }

        String id(int unit) {
            return ids == null ? null : joinedRows(unit, r -> Long.toString(ids[r]));
        }

        private String joinedRows(int unit, Function<Integer, String> value) {
            Set<String> distinct = new LinkedHashSet<>();
            for (long r : rows[unit]) {
                String v = value.apply((int) r); // r is a row of the table: checked on construction
                if (v != null && !v.isBlank()) {
                    distinct.add(v.strip());
                }
            }
            return distinct.isEmpty() ? null : String.join(UnitLabels.SEPARATOR, distinct);
        }
    }

    /**
     * The rows of the electrodes table of each unit: {@code /units/electrodes} holds row numbers,
     * one per unit, or, with {@code /units/electrodes_index}, a unit's rows end at its index
     * entry (as for spike_times).
     */
    private long[][] regionRows(Node column) {
        long[] values = integers(column, "/units/electrodes", "electrodes table row numbers");
        if (values == null) {
            return null;
        }
        Node indexNode = units.getChildren().get("electrodes_index");
        long[][] rows = new long[n][];
        if (indexNode == null) {
            if (values.length != n) {
                warn("/units/electrodes has " + values.length + " entries but /units/id has " + n
                    + ": expected one electrode per unit (or /units/electrodes_index); electrode labels not read");
                return null;
            }
            for (int u = 0; u < n; u++) {
                rows[u] = new long[] {values[u]};
            }
            return rows;
        }
        long[] index = integers(indexNode, "/units/electrodes_index", "end offsets into /units/electrodes");
        if (index == null) {
            return null;
        }
        if (index.length != n) {
            warn("/units/electrodes_index has " + index.length + " entries but /units/id has " + n
                + ": expected one index entry per unit; electrode labels not read");
            return null;
        }
        long start = 0;
        for (int u = 0; u < n; u++) {
            if (index[u] < start || index[u] > values.length) {
                warn("/units/electrodes_index[" + u + "] = " + index[u] + ": expected non-decreasing end offsets from "
                    + start + " to " + values.length + " (the length of /units/electrodes); electrode labels not read");
                return null;
            }
            rows[u] = Arrays.copyOfRange(values, (int) start, (int) index[u]);
            start = index[u];
        }
        return rows;
    }

    /** An electrodes table and how messages name it. */
    private record Table(Group group, String name) {
    }

    /**
     * The table {@code /units/electrodes} refers to: its {@code table} attribute when that is an
     * object reference to a group, else {@code /general/extracellular_ephys/electrodes}.
     */
    private Table electrodesTable(Dataset column) {
        Attribute table = column.getAttributes().get("table");
        if (table != null && table.getDataType() instanceof Reference) {
            try {
                Object data = table.getData();
                long address = data instanceof Long a ? a : data instanceof long[] a && a.length == 1 ? a[0] : -1;
                Node node = address < 0 ? null : hdf.getNodeByAddress(address);
                if (node instanceof Group g) {
                    // A node found by address has no path: name it by how it was found.
                    boolean standard = nodeAt(ELECTRODES) instanceof Group std && std.getAddress() == address;
                    return new Table(g, standard ? "/" + ELECTRODES : "the table /units/electrodes refers to");
                }
            } catch (RuntimeException e) {
                // jhdf failed to follow the reference: the standard location below is tried.
            }
        }
        if (nodeAt(ELECTRODES) instanceof Group g) {
            return new Table(g, "/" + ELECTRODES);
        }
        warn("/units/electrodes refers to an electrodes table, but its 'table' attribute does not lead to one and "
            + "there is no /" + ELECTRODES + " group: expected the NWB electrodes table; electrode labels not read");
        return null;
    }

    /** Rows of a DynamicTable: the length of its {@code id}, else of its location or group_name column. */
    private int tableRows(Group table, String tablePath) {
        for (String name : List.of("id", "location", "group_name", "group")) {
            if (table.getChildren().get(name) instanceof Dataset d && d.getDimensions().length == 1) {
                return d.getDimensions()[0];
            }
        }
        warn(tablePath + " has no id, location, group_name or group dataset: expected an NWB electrodes "
            + "table; electrode labels not read");
        return -1;
    }

    /**
     * A 1-D text column of {@code rows} entries, or null when absent; a column of another shape
     * or type, or a ragged one (with an {@code _index}), is reported and not used.
     */
    private String[] textColumn(Group table, String tablePath, String name, int rows, String expected) {
        Node node = table.getChildren().get(name);
        if (node == null) {
            return null;
        }
        String path = columnPath(tablePath, name);
        if (!(node instanceof Dataset d)) {
            warn(path + " is a " + node.getType() + ": expected a dataset with " + expected + "; not read");
            return null;
        }
        if (table.getChildren().containsKey(name + "_index")) {
            warn(path + " has an index (" + name + "_index): expected " + expected + ", not a list per row; not read");
            return null;
        }
        try {
            if (!shapeIs(d, rows, path, expected)) {
                return null;
            }
            Object data = d.isEmpty() ? new String[0] : d.getData();
            if (!(data instanceof String[] text)) {
                warn(path + " has type " + d.getJavaType().getSimpleName() + ": expected text, " + expected
                    + "; not read");
                return null;
            }
            return text;
        } catch (RuntimeException e) {
            cannotRead(path, e);
            return null;
        }
    }

    /**
     * A 1-D column of object references to ElectrodeGroups, {@code rows} entries, resolved to the
     * groups; null when absent or not usable (reported). A reference to something that is not a
     * group under /general/extracellular_ephys resolves to no group.
     */
    private Group[][] referenceColumn(Group table, String tablePath, String name, int rows, String expected) {
        Node node = table.getChildren().get(name);
        if (node == null) {
            return null;
        }
        String path = columnPath(tablePath, name);
        if (!(node instanceof Dataset d)) {
            warn(path + " is a " + node.getType() + ": expected a dataset with " + expected + "; not read");
            return null;
        }
        try {
            if (!shapeIs(d, rows, path, expected)) {
                return null;
            }
            if (!(d.getDataType() instanceof Reference ref) || ref.getType() != Reference.ReferenceType.OBJECT) {
                warn(path + " has type " + d.getJavaType().getSimpleName() + ": expected object references to "
                    + "ElectrodeGroups, " + expected + "; not read");
                return null;
            }
            long[] addresses = d.isEmpty() ? new long[0] : (long[]) d.getData();
            Group[][] groups = new Group[rows][];
            List<String> unresolved = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                Group g = groupAt(addresses[r]);
                groups[r] = g == null ? new Group[0] : new Group[] {g};
                if (g == null) {
                    unresolved.add(Integer.toString(r));
                }
            }
            if (!unresolved.isEmpty()) {
                warn(path + ": entr" + (unresolved.size() == 1 ? "y " : "ies ") + Messages.abbreviate(unresolved, 10)
                    + " refer to no group in /" + EPHYS + ": expected references to ElectrodeGroups; those rows "
                    + "have no electrode group");
            }
            return groups;
        } catch (RuntimeException e) {
            cannotRead(path, e);
            return null;
        }
    }

    /** A 1-D integer column of {@code rows} entries, or null when absent or not usable (reported). */
    private long[] integerColumn(Group table, String tablePath, String name, int rows) {
        Node node = table.getChildren().get(name);
        if (node == null) {
            return null;
        }
        String path = columnPath(tablePath, name);
        long[] values = integers(node, path, "integer ids");
        if (values != null && values.length != rows) {
            warn(path + " has " + values.length + " entries but the table has " + rows
                + " rows: expected one id per row; not read");
            return null;
        }
        return values;
    }

    /** The integers of a 1-D dataset, or null (reported) when it is not one. */
    private long[] integers(Node node, String path, String expected) {
        if (!(node instanceof Dataset d)) {
            warn(path + " is a " + node.getType() + ": expected a dataset of " + expected + "; not read");
            return null;
        }
        try {
            if (d.getDataType() instanceof Reference) {
                warn(path + " holds references: expected " + expected + "; not read");
                return null;
            }
            return NwbUnitsReader.toLongs(d, file);
        } catch (InputException e) {
            warn(Messages.clip(e.getMessage(), 300) + " (" + expected + "); not read");
            return null;
        } catch (RuntimeException e) {
            cannotRead(path, e);
            return null;
        }
    }

    private boolean shapeIs(Dataset d, int rows, String path, String expected) {
        int[] dims = d.getDimensions();
        if (d.isScalar() || dims.length != 1) {
            warn(path + " has shape " + Arrays.toString(dims) + ": expected a 1-D dataset with " + expected
                + "; not read");
            return false;
        }
        if (dims[0] != rows) {
            warn(path + " has " + dims[0] + " entries: expected " + expected + " (" + rows + "); not read");
            return false;
        }
        return true;
    }

    /** The ElectrodeGroup whose object header is at {@code address}, or null. */
    private Group groupAt(long address) {
        if (groupsByAddress == null) {
            groupsByAddress = new HashMap<>();
            if (nodeAt(EPHYS) instanceof Group ephys) {
                for (Node child : ephys.getChildren().values()) {
                    if (child instanceof Group g) {
                        groupsByAddress.put(g.getAddress(), g);
                    }
                }
            }
        }
        return groupsByAddress.get(address);
    }

    /** The node at a path from the root ("a/b/c"), or null when there is none (jhdf's getByPath throws). */
    private Node nodeAt(String path) {
        Node node = hdf;
        for (String name : path.split("/")) {
            if (!(node instanceof Group g)) {
                return null;
            }
            node = g.getChildren().get(name);
        }
        return node;
    }

    /** An ElectrodeGroup's {@code location} attribute, or null. */
    static String locationAttribute(Group group) {
        Attribute a = group.getAttributes().get("location");
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        return v instanceof String[] s && s.length == 1 ? s[0] : null;
    }

    private static <T> String joined(T[] items, Function<T, String> value) {
        Set<String> distinct = new LinkedHashSet<>();
        for (T item : items) {
            String v = value.apply(item);
            if (v != null && !v.isBlank()) {
                distinct.add(v.strip());
            }
        }
        return distinct.isEmpty() ? null : String.join(UnitLabels.SEPARATOR, distinct);
    }

    private static String at(String[] column, int row) {
        return column == null ? null : column[row];
    }

    /** The first value that is present (not null or blank). */
    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static void put(Map<String, String> labels, String field, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(field, value.strip());
        }
    }

    /** "/units/location", or "column 'location' of the table ... refers to" for a table without a path. */
    private static String columnPath(String tablePath, String name) {
        return tablePath.startsWith("/") ? tablePath + "/" + name : "column '" + name + "' of " + tablePath;
    }

    private void cannotRead(String path, RuntimeException e) {
        warn("cannot read " + path + " (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + Messages.clip(e.getMessage(), 160)) + "); unit labels from it not "
            + "read");
    }

    private void warn(String problem) {
        warnings.add(file + ": " + problem);
    }
}
