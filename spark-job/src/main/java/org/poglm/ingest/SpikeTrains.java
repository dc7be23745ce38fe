package org.poglm.ingest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Spike times of a set of units, as read from a spike-time format (a spike table, a phy folder,
 * an NWB units table), before binning (SPEC §1).
 *
 * <p><b>Unit order</b> (the column order of the binned recording): when every unit id is an
 * integer ({@code -?[0-9]+}), ascending numeric order (2, 10, 11); otherwise "natural" order,
 * i.e. lexicographic with runs of digits compared as numbers (n2 before n10), ties broken by
 * plain string order. The order never depends on the order of rows in a file, so the same
 * recording gives the same columns in every format.
 *
 * <p>Per-unit times are in seconds, sorted ascending (sorted on construction, with a warning,
 * when a file had them out of order), and may contain exact duplicates: deciding what to do
 * with them is the {@link Binner}'s job. The arrays are shared, not copied: do not modify them.
 *
 * <p>{@link #unitLabels()} carries what the input says about each unit (region, channel, ...;
 * empty for spike tables), for the binner to pass on for the units it keeps.
 *
 * <p>{@link #lastSpikeAt} names where in the file a unit's last spike is (a line, a row, an array
 * element), when the reader says ({@link #withLastSpikes}): the binner names it when that time
 * is too large to bin or stretches the recording ({@link BinningWindow}).
 */
public final class SpikeTrains {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final List<String> units;
    private final double[][] times;
    private final String source;
    private final double timeResolution;
    private final List<String> warnings;
    private final UnitLabels unitLabels;
    private final Map<String, LastSpike> lastSpikes;

    /**
     * Where a unit's last spike (its largest time) is in the file.
     *
     * @param order its position in file order (a line number, a row, an index), to choose the
     *              first of several units' last spikes at the same time
     * @param at    the place and value as messages name them, e.g.
     *              {@code s.csv line 7, column time: '1e6'}
     */
    public record LastSpike(long order, String at) {
    }

    private SpikeTrains(List<String> units, double[][] times, String source, double timeResolution,
        List<String> warnings, UnitLabels unitLabels, Map<String, LastSpike> lastSpikes) {
        this.units = List.copyOf(units);
        this.times = times;
        this.source = source;
        this.timeResolution = timeResolution;
        this.warnings = List.copyOf(warnings);
        this.unitLabels = unitLabels;
        this.lastSpikes = Map.copyOf(lastSpikes);
    }

    /**
     * These spike trains, with where each unit's last spike is ({@code lastSpikes} by unit id, for
     * some or all units; see {@link LastSpike}).
     *
     * @throws IllegalArgumentException when {@code lastSpikes} names a unit that is not here
     */
    public SpikeTrains withLastSpikes(Map<String, LastSpike> lastSpikes) {
        for (String u : lastSpikes.keySet()) {
            if (!units.contains(u)) {
                throw new IllegalArgumentException("last spike of unit '" + u + "', which is not in " + source);
            }
        }
        return new SpikeTrains(units, times, source, timeResolution, warnings, unitLabels, lastSpikes);
    }

    /**
     * Where the last spike of the units at {@code indices} is, as messages name it (see
     * {@link LastSpike#at()}): of the units whose last spike is latest, the first in file order.
     * Null when the reader did not say for every one of those units.
     */
    public String lastSpikeAt(int[] indices) {
        double last = Double.NaN;
        LastSpike found = null;
        for (int u : indices) {
            double[] t = times[u];
            if (t.length == 0) {
                continue;
            }
            LastSpike here = lastSpikes.get(units.get(u));
            double tu = t[t.length - 1];
            if (Double.isNaN(last) || tu > last) {
                last = tu;
                found = here;
            } else if (tu == last && found != null) {
                // Unknown for one of the latest units: which one is first in the file is unknown too.
                found = here == null ? null : here.order() < found.order() ? here : found;
            }
        }
        return found == null ? null : found.at();
    }

    /**
     * Builds spike trains from per-unit times (any order), ordering the units as documented above
     * and sorting each unit's times.
     *
     * @param timesByUnit    spike times in seconds per unit id; must be finite and >= 0 (seconds
     *                       from the start of the recording; every reader rejects negative times)
     * @param source         where they came from (a path), used in messages
     * @param timeResolution the smallest time step the data can express, in seconds (e.g.
     *                       1/sample_rate), or NaN when unknown
     * @param warnings       warnings raised while reading; a warning is added if times were unsorted
     */
    public static SpikeTrains of(Map<String, double[]> timesByUnit, String source, double timeResolution,
        List<String> warnings) {
        return of(timesByUnit, UnitLabels.NONE, source, timeResolution, warnings);
    }

    /**
     * Like {@link #of(Map, String, double, List)}, with the units' labels as the input gives them.
     *
     * @param unitLabels labels of some or all of the units of {@code timesByUnit}, any order; kept
     *                   in the units' column order
     * @throws IllegalArgumentException when {@code unitLabels} names a unit without spike times
     */
    public static SpikeTrains of(Map<String, double[]> timesByUnit, UnitLabels unitLabels, String source,
        double timeResolution, List<String> warnings) {
        if (timesByUnit.isEmpty()) {
            throw new InputException(source + ": no units found: expected at least one unit with spike times");
        }
        if (!(Double.isNaN(timeResolution) || timeResolution > 0 && Double.isFinite(timeResolution))) {
            throw new IllegalArgumentException("time resolution " + timeResolution + ": expected > 0 s or NaN");
        }
        for (String u : unitLabels.byUnit().keySet()) {
            if (!timesByUnit.containsKey(u)) {
                throw new IllegalArgumentException("labels for unit '" + u + "', which has no spike times in "
                    + source);
            }
        }
        List<String> ids = new ArrayList<>(timesByUnit.keySet());
        ids.sort(unitOrder(ids));
        double[][] t = new double[ids.size()][];
        List<String> unsorted = new ArrayList<>();
        for (int u = 0; u < ids.size(); u++) {
            double[] ti = timesByUnit.get(ids.get(u));
            for (int i = 0; i < ti.length; i++) {
                if (!Double.isFinite(ti[i])) {
                    throw new InputException(source + ", unit " + ids.get(u) + ": spike time '" + ti[i]
                        + "' is not a finite number of seconds");
                }
                if (ti[i] < 0) {
                    throw new InputException(source + ", unit " + ids.get(u) + ": spike time '" + ti[i]
                        + "' is negative: expected a spike time >= 0 s");
                }
            }
            if (!isSorted(ti)) {
                ti = ti.clone();
                Arrays.sort(ti);
                unsorted.add(ids.get(u));
            }
            t[u] = ti;
        }
        List<String> w = new ArrayList<>(warnings);
        if (!unsorted.isEmpty()) {
            w.add(unsortedWarning(source, unsorted));
        }
        return new SpikeTrains(ids, t, source, timeResolution, w, unitLabels.keep(ids), Map.of());
    }

    /**
     * The note that a table's times were not sorted per unit (and were sorted before binning).
     * Public so that the distributed binner ({@code org.poglm.ingest.spark}) says it in the same
     * words.
     */
    public static String unsortedWarning(String source, List<String> units) {
        return source + ": spike times were not sorted; sorted them (unit" + (units.size() > 1 ? "s " : " ")
            + Messages.abbreviate(units, 10) + ")";
    }

    /**
     * The documented unit order for this set of ids: numeric when all are integers, natural
     * otherwise.
     */
    public static Comparator<String> unitOrder(Collection<String> ids) {
        boolean allIntegers = !ids.isEmpty() && ids.stream().allMatch(SpikeTrains::isInteger);
        if (allIntegers) {
            return Comparator.comparing((String s) -> new BigInteger(s.startsWith("+") ? s.substring(1) : s))
                .thenComparing(Comparator.naturalOrder());
        }
        return NATURAL.thenComparing(Comparator.naturalOrder());
    }

    /** True for ids made of an optional sign and decimal digits only. */
    public static boolean isInteger(String id) {
        return id != null && INTEGER.matcher(id).matches();
    }

    /** The canonical form of an integer id ("007" and "+7" become "7"). */
    static String canonicalInteger(String id) {
        return new BigInteger(id.startsWith("+") ? id.substring(1) : id).toString();
    }

    /**
     * Groups the ids of a table by the unit they name. When every id is an integer, the spellings
     * of one integer ("007", "+7", "7") are one unit, named by its canonical form ("7"), and each
     * spelling after the first adds a warning; otherwise every id is a unit of its own.
     *
     * @param ids           the distinct ids as read
     * @param inStringOrder false: units and spellings (and so the warnings) in the order of
     *                      {@code ids}, which the local readers pass in file order; true: in
     *                      string order of unit, then spelling, for the distributed reader, where
     *                      a table split across tasks has no single file order
     * @param source        where the ids came from (a path), used in warnings
     * @param warnings      where the merge warnings are added
     * @return each unit's spellings, units and spellings in the order above (not yet
     *         {@link #unitOrder})
     */
    public static Map<String, List<String>> mergeIntegerSpellings(Collection<String> ids, boolean inStringOrder,
        String source, List<String> warnings) {
        boolean allIntegers = ids.stream().allMatch(SpikeTrains::isInteger);
        UnaryOperator<String> unitOf = allIntegers ? SpikeTrains::canonicalInteger : UnaryOperator.identity();
        List<String> order = new ArrayList<>(ids);
        if (inStringOrder) {
            order.sort(Comparator.comparing(unitOf).thenComparing(Comparator.naturalOrder()));
        }
        Map<String, List<String>> spellings = new LinkedHashMap<>();
        for (String id : order) {
            String unit = unitOf.apply(id);
            List<String> same = spellings.computeIfAbsent(unit, k -> new ArrayList<>());
            if (!same.isEmpty()) {
                warnings.add(source + ": unit ids '" + same.get(0) + "' and '" + id + "' are the same integer "
                    + unit + "; merged them");
            }
            same.add(id);
        }
        return spellings;
    }

    /** Lexicographic, except that runs of digits compare by numeric value. */
    private static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private static boolean isSorted(double[] t) {
        for (int i = 1; i < t.length; i++) {
            if (t[i] < t[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Unit ids in column order. */
    public List<String> units() {
        return units;
    }

    public int unitCount() {
        return units.size();
    }

    /** Index of a unit id in {@link #units()}, or -1. */
    public int indexOf(String unit) {
        return units.indexOf(unit);
    }

    /** Sorted spike times (seconds) of the unit at {@code index}; shared, do not modify. */
    public double[] times(int index) {
        return times[index];
    }

    /** Sorted spike times (seconds) of a unit; shared, do not modify. */
    public double[] times(String unit) {
        int i = indexOf(unit);
        if (i < 0) {
            throw new IllegalArgumentException("no unit '" + unit + "' in " + source);
        }
        return times[i];
    }

    /** Total number of spikes over all units. */
    public long spikeCount() {
        long n = 0;
        for (double[] t : times) {
            n += t.length;
        }
        return n;
    }

    /** Earliest spike time over all units, NaN when there are no spikes. */
    public double firstTime() {
        double m = Double.NaN;
        for (double[] t : times) {
            if (t.length > 0 && !(t[0] >= m)) {
                m = t[0];
            }
        }
        return m;
    }

    /** Latest spike time over all units, NaN when there are no spikes. */
    public double lastTime() {
        double m = Double.NaN;
        for (double[] t : times) {
            if (t.length > 0 && !(t[t.length - 1] <= m)) {
                m = t[t.length - 1];
            }
        }
        return m;
    }

    /** Where the spikes came from (a path). */
    public String source() {
        return source;
    }

    /** Smallest time step of the data in seconds (1/sample_rate for phy), NaN if unknown. */
    public double timeResolution() {
        return timeResolution;
    }

    /** What the input says about each unit (see {@link UnitLabels}), in column order; empty when nothing. */
    public UnitLabels unitLabels() {
        return unitLabels;
    }

    /** Warnings raised while reading, in order. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    @Override
    public String toString() {
        return "SpikeTrains[" + source + ", " + units.size() + " units, " + spikeCount() + " spikes]";
    }
}
