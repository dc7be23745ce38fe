package org.poglm.ingest.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.poglm.ingest.Messages.fmt;
import static org.poglm.ingest.Messages.fmt3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.poglm.data.Piece;
import org.poglm.ingest.BinnedRecording;
import org.poglm.ingest.Binner;
import org.poglm.ingest.BinningOptions;
import org.poglm.ingest.BinningWindow;
import org.poglm.ingest.InputException;
import org.poglm.ingest.Messages;
import org.poglm.ingest.MixedUnitIds;
import org.poglm.ingest.SpikeTableOptions;
import org.poglm.ingest.SpikeTrains;
import org.poglm.ingest.UnitLabels;

/**
 * Reads and bins a spike table with Spark itself (SPEC §1: bin {@code t} holds the spikes with
 * time in {@code [t0 + t*dt, t0 + (t+1)*dt)}; pieces of T bins, the remainder dropped and
 * reported), for tables too large for the driver: CSV/TSV (one file, split across tasks) or
 * Parquet (a file or a folder of part files), on any Hadoop file system.
 *
 * <p>No spike and no count reaches the driver. The driver receives only aggregates: one row per
 * unit id and per kind of invalid row (count, first and last time), then four longs per selected
 * unit per shuffle partition (spikes in and outside the window, duplicates, first overflowing
 * bin). The passes:
 * <ol>
 * <li>one aggregate over the table: per-unit counts, time range, decimal places of the times
 * (text tables: the time resolution, as the local reader infers it) and rows whose time went back
 * within the unit (unsorted input, noted as locally), each by power-of-two range of times from
 * 1 s (for the stretch check: a dozen ranges for an hour), invalid rows by reason (the first invalid row is then located by one more
 * pass, on that error path only);</li>
 * <li>on the driver, as the local {@code Binner} does: unit ids (stray non-integer ids refused,
 * {@link MixedUnitIds}), order and selection, the bin width against the time resolution, the
 * window (t0 and the number of bins: the same {@link BinningWindow}, which the executors then
 * use for every spike's bin), refused when its last spike is too large to bin or a few late
 * spikes stretch it (one more pass counts the late spikes when the ranges of pass 1 cannot rule
 * that out; errors locate the row they name with one or two more passes);</li>
 * <li>one shuffle of the selected units' spikes as {@code (key, time)} rows, the key naming the
 * piece ({@code bin div T}) and the unit; spikes within {@code contextBins} bins of a neighbouring
 * piece are also sent to it, spikes outside the window to 4096 groups of their own. Within each
 * partition Spark radix-sorts the key and each (piece, unit) run's times are sorted on the
 * executor, so duplicates are adjacent;</li>
 * <li>a pass over the shuffle output counting distinct spikes in and outside the window and
 * duplicates per unit, which decides the dropped units (minimum rate) and checks the 32767
 * spikes-per-bin limit;</li>
 * <li>the returned RDD: another pass over the same shuffle output (not re-reading the table)
 * building each piece's {@code short[T*V]} and context on the executors.</li>
 * </ol>
 *
 * <p>Behaviour matches {@code Binner.bin(SpikeTableReader.read(...))}: same validation and
 * messages (text errors name the 1-based line, Parquet errors the part file and 1-based row, and
 * both add how many rows are invalid for each reason), same window defaults, edge tolerance, unit
 * order, duplicate and outside-window counts, minimum-rate drops, remainder, warnings in the same
 * order, and pieces equal to {@code Recording.cut(T, contextBins)}. Differences:
 * <ul>
 * <li>rows out of order are noticed within each task's share of the table during pass 1
 * ({@link OrderCheck}; a table whose only disorder lies across two shares is not reported); when
 * integer ids are spelled two ways ("007", "7") the merge warning names them in string order, not
 * file order, and the spellings are not checked for order against each other;</li>
 * <li>every invalid row is counted (the local reader stops at the first); Parquet schema errors
 * name the table path rather than a part file, and the part files of a folder are read with one
 * schema (Spark's), not checked one by one;</li>
 * <li>no limit on bins x units (the local path needs the whole matrix in one array), but T x V
 * must fit one piece; a window of more than 2^31-1 pieces or 2^53 bins is an error;</li>
 * <li>compressed text ({@code .gz}, {@code .bz2}) is decompressed by its Hadoop codec.</li>
 * </ul>
 */
public final class SparkSpikeBinner {
    private static final int OUTSIDE_GROUPS = 4096;

    private SparkSpikeBinner() {
    }

    /**
     * Reads and bins the spike table at {@code path} into whole pieces of
     * {@code binning.pieceBins()} bins, with {@code contextBins} neighbouring bins on either side
     * of each piece (0 for none), in {@code spark.sql.shuffle.partitions} partitions.
     *
     * @throws InputException for bad input or options, naming the file, line or row, and value
     */
    public static DistributedRecording bin(SparkSession spark, String path, SpikeTableOptions table,
        BinningOptions binning, int contextBins) {
        return bin(spark, path, table, binning, contextBins, 0);
    }

    /**
     * As {@link #bin(SparkSession, String, SpikeTableOptions, BinningOptions, int)}, with the
     * number of partitions of the shuffle and of the returned pieces (0: the session's
     * {@code spark.sql.shuffle.partitions}).
     */
    public static DistributedRecording bin(SparkSession spark, String path, SpikeTableOptions table,
        BinningOptions binning, int contextBins, int partitions) {
        if (contextBins < 0) {
            throw new InputException("context bins " + contextBins + ": expected an integer >= 0");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions " + partitions + ": expected >= 0 (0 = the session's)");
        }
        SpikeSource src = SpikeSource.open(spark, path, table);
        String source = src.source();
        List<String> warnings = new ArrayList<>();
        double dt = binning.binWidth();
        int pieceBins = binning.pieceBins();

        // Pass 1: one row per unit id and power-of-two range of times from 1 s (the bucket, for the
        // stretch check below; times below 1 s share one), and per kind of invalid row.
        Dataset<Row> spikes = src.spikes();
        List<Row> perId;
        try {
            perId = src.scan().groupBy(col(SpikeSource.ERR), col(SpikeSource.UNIT),
                    floor(log2(greatest(col(SpikeSource.TIME), lit(1.0)))).as("bucket"))
                .agg(count(lit(1)), min(SpikeSource.TIME), max(SpikeSource.TIME), max(SpikeSource.DECIMALS),
                    sum(SpikeSource.DECREASES))
                .collectAsList();
        } catch (RuntimeException e) {
            throw readFailure(source, e);
        }
        long[] invalid = new long[Invalid.values().length];
        Map<Object, IdScan> byKey = new LinkedHashMap<>();
        Integer decimals = null;
        for (Row r : perId) {
            int err = r.getInt(0);
            if (err != 0) {
                invalid[err] += r.getLong(3);
            } else {
                byKey.computeIfAbsent(r.get(1), k -> new IdScan(k)).add(r.getLong(3), r.getDouble(4), r.getDouble(5),
                    r.getLong(7));
                if (!r.isNullAt(6)) {
                    decimals = decimals == null ? r.getInt(6) : Math.max(decimals, r.getInt(6));
                }
            }
        }
        for (long c : invalid) {
            if (c > 0) {
                throw src.firstInvalid(Invalid.summary(invalid));
            }
        }
        if (byKey.isEmpty()) {
            throw src.noRows();
        }
        List<UnitIds.Raw> raw = byKey.values().stream().map(IdScan::raw).toList();

        // On the driver: units, selection, window (as Binner.bin).
        checkMixedIds(src, raw, warnings);
        UnitIds units = UnitIds.of(raw, source, warnings);
        List<String> unsorted = units.unsorted();
        if (!unsorted.isEmpty()) {
            warnings.add(SpikeTrains.unsortedWarning(source, unsorted));
        }
        Binner.checkResolution(dt, src.timeResolution(decimals), source, warnings);
        int[] selected = Binner.select(units.ids(), binning.units(), source, warnings);
        int n = selected.length;
        List<String> names = new ArrayList<>();
        List<Object> selectedKeys = new ArrayList<>();
        double last = Double.NaN;
        for (int u : selected) {
            String id = units.ids().get(u);
            names.add(id);
            last = Double.isNaN(last) ? units.last(id) : Math.max(last, units.last(id));
            for (UnitIds.Raw r : units.spellings(id)) {
                selectedKeys.add(r.key());
            }
        }
        Column ofSelected = col(SpikeSource.ERR).equalTo(0).and(col(SpikeSource.UNIT).isin(selectedKeys.toArray()));
        double lastTime = last;
        Supplier<String> lastAt = () -> src.at(ofSelected.and(col(SpikeSource.TIME).equalTo(lastTime)), true);
        // The local binner's window: negative times are invalid rows here as they are there.
        BinningWindow window = BinningWindow.forSpikes(binning, last, source, warnings, lastAt);
        checkStretch(src, spikes, window, binning, selectedKeys.stream().map(byKey::get).toList(), ofSelected,
            lastTime, lastAt);
        window.checkAddressable(source);

        // Pass 2: the shuffle by piece, and pass 3 over its output: per-unit counts.
        int parts = partitions > 0 ? partitions
            : Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200"));
        Dataset<Row> grouped = groups(spark, src, spikes, units, selected, window, contextBins, parts);
        JavaRDD<InternalRow> rows;
        long[] stats;
        try {
            // Internal rows: one RDD, so both passes below read the same shuffle output.
            rows = grouped.queryExecution().toRdd().toJavaRDD();
            stats = rows.mapPartitions(GroupScan.stats(n, window)).reduce(GroupScan::merge);
        } catch (RuntimeException e) {
            throw readFailure(source, e);
        }

        List<String> outParts = new ArrayList<>();
        long outTotal = 0;
        for (int k = 0; k < n; k++) {
            long duplicates = stats[2 * n + k];
            long outside = stats[n + k];
            if (duplicates > 0) {
                warnings.add(source + ": unit " + names.get(k) + ": " + duplicates + " duplicate spike time"
                    + (duplicates == 1 ? "" : "s") + " dropped");
            }
            if (outside > 0) {
                outParts.add("unit " + names.get(k) + ": " + outside);
                outTotal += outside;
            }
        }
        if (outTotal > 0) {
            warnings.add(source + ": " + outTotal + " spike" + (outTotal == 1 ? "" : "s") + " outside the window "
                + window.describe() + " ignored (" + Messages.abbreviate(outParts, 10) + ")");
        }
        List<BinnedRecording.DroppedUnit> dropped = new ArrayList<>();
        double duration = window.duration();
        int[] column = new int[n];
        List<String> kept = new ArrayList<>();
        List<Long> keptCounts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long inWindow = stats[k];
            double rate = inWindow / duration;
            String reason = null;
            if (inWindow == 0) {
                reason = "no spikes in the window " + window.describe();
            } else if (rate < binning.minRate()) {
                reason = "fires at " + fmt3(rate) + " Hz in the window, below the minimum rate "
                    + fmt(binning.minRate()) + " Hz";
            }
            if (reason != null) {
                dropped.add(new BinnedRecording.DroppedUnit(names.get(k), reason));
                warnings.add(source + ": unit " + names.get(k) + " dropped: " + reason);
                column[k] = -1;
            } else {
                column[k] = kept.size();
                kept.add(names.get(k));
                keptCounts.add(inWindow);
            }
        }
        if (kept.isEmpty()) {
            List<String> why = dropped.stream().map(d -> d.unit() + " (" + d.reason() + ")").toList();
            throw new InputException(source + ": no unit left to fit after dropping " + Messages.abbreviate(why, 5));
        }
        int v = kept.size();
        if ((long) pieceBins * v > Integer.MAX_VALUE - 8 || (long) contextBins * v > Integer.MAX_VALUE - 8) {
            throw new InputException(source + ": pieces of " + pieceBins + " bins (and " + contextBins
                + " context bins) x " + v + " units do not fit one array: expected at most "
                + (Integer.MAX_VALUE - 8) + " counts per piece (use shorter pieces)");
        }
        for (int k = 0; k < n; k++) {
            long b = stats[3 * n + k];
            if (column[k] >= 0 && b != Long.MAX_VALUE) {
                throw window.tooManySpikes(source, names.get(k), b);
            }
        }
        window.addRemainderWarning(source, warnings);

        // The pieces: built on the executors from the same shuffle output.
        JavaRDD<Piece> pieces = rows.mapPartitions(GroupScan.pieces(
            new GroupScan.Layout(column, v, contextBins, window)));
        pieces.setName("pieces of " + source);
        long[] counts = keptCounts.stream().mapToLong(Long::longValue).toArray();
        // Spike tables carry no per-unit labels.
        return new DistributedRecording(pieces, source, kept, dt, window.t0(), window.bins(), pieceBins, contextBins,
            counts, UnitLabels.NONE, dropped, warnings);
    }

    /** The pass-1 aggregate of one unit id (as in the table) over its buckets of times. */
    private static final class IdScan {
        final Object key;
        long rows;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        long decreases;
        /** Per bucket: rows, first and last time. */
        final List<double[]> buckets = new ArrayList<>();

        IdScan(Object key) {
            this.key = key;
        }

        void add(long count, double min, double max, long back) {
            rows += count;
            first = Math.min(first, min);
            last = Math.max(last, max);
            decreases += back;
            buckets.add(new double[] {count, min, max});
        }

        UnitIds.Raw raw() {
            return new UnitIds.Raw(key, String.valueOf(key), rows, first, last, decreases);
        }
    }

    /**
     * Refuses stray unit ids, naming the first row holding one (one more pass, on that error path
     * only), or warns about names mixed with integer ids, as the local readers do
     * ({@link MixedUnitIds}).
     */
    private static void checkMixedIds(SpikeSource src, List<UnitIds.Raw> raw, List<String> warnings) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (UnitIds.Raw r : raw) {
            rows.put(r.id(), r.rows());
        }
        MixedUnitIds mixed = MixedUnitIds.of(rows);
        if (mixed == null) {
            return;
        }
        if (!mixed.strays()) {
            warnings.add(mixed.warning(src.source()));
            return;
        }
        Object[] strays = raw.stream().filter(r -> !SpikeTrains.isInteger(r.id())).map(UnitIds.Raw::key).toArray();
        throw mixed.error(src.at(col(SpikeSource.ERR).equalTo(0).and(col(SpikeSource.UNIT).isin(strays)), false));
    }

    /**
     * Refuses a window stretched by a few late spikes, as the local binner does
     * ({@link BinningWindow#stretched}). Pass 1's buckets bound the number of late spikes (a
     * bucket ending before the edge has none, one starting at or after it has all of its); only
     * when those bounds do not rule a stretch out, one more pass counts them exactly (and finds
     * the latest of the others), so an ordinary recording costs nothing more.
     */
    private static void checkStretch(SpikeSource src, Dataset<Row> spikes, BinningWindow window,
        BinningOptions binning, List<IdScan> selected, Column ofSelected, double last, Supplier<String> lastAt) {
        if (!window.mayBeStretched(binning)) {
            return;
        }
        double edge = window.stretchEdge();
        long total = 0;
        long lateAtLeast = 0;
        for (IdScan id : selected) {
            total += id.rows;
            for (double[] b : id.buckets) {
                if (b[1] >= edge) {
                    lateAtLeast += (long) b[0];
                }
            }
        }
        if (lateAtLeast > BinningWindow.lateAllowance(total)) {
            return;
        }
        Row exact;
        try {
            exact = spikes.filter(ofSelected).agg(
                    sum(when(col(SpikeSource.TIME).geq(lit(edge)), lit(1L)).otherwise(lit(0L))),
                    max(when(col(SpikeSource.TIME).lt(lit(edge)), col(SpikeSource.TIME))))
                .collectAsList().get(0);
        } catch (RuntimeException e) {
            throw readFailure(src.source(), e);
        }
        long late = exact.isNullAt(0) ? 0 : exact.getLong(0);
        double bulkLast = exact.isNullAt(1) ? Double.NaN : exact.getDouble(1);
        if (BinningWindow.stretched(total, late)) {
            throw window.stretchedError(src.source(), lastAt.get(), last, total, late, bulkLast);
        }
    }

    /**
     * The selected units' spikes as rows {@code (k, time)} with {@code k = g * 2^32 + col + 1}
     * (see {@link GroupScan}), plus one marker row per piece, hash-partitioned by g and sorted by k
     * (one 64-bit key: Spark radix-sorts it).
     */
    private static Dataset<Row> groups(SparkSession spark, SpikeSource src, Dataset<Row> spikes, UnitIds units,
        int[] selected, BinningWindow window, int contextBins, int parts) {
        double t0 = window.t0();
        double dt = window.binWidth();
        long bins = window.bins();
        int pieceBins = window.pieceBins();
        long pieceCount = window.pieceCount();
        // Table key (each spelling of an id) -> selected column, joined as a broadcast table.
        List<Row> keys = new ArrayList<>();
        for (int k = 0; k < selected.length; k++) {
            for (UnitIds.Raw r : units.spellings(units.ids().get(selected[k]))) {
                keys.add(RowFactory.create(r.key(), k));
            }
        }
        StructType keySchema = new StructType().add(SpikeSource.UNIT, src.unitType(), false)
            .add("col", DataTypes.IntegerType, false);
        Dataset<Row> keyTable = spark.createDataFrame(keys, keySchema);

        // bin as BinningWindow.binIndex, in the same double and long operations.
        Column x = col(SpikeSource.TIME).minus(lit(t0)).divide(lit(dt));
        Column xc = least(greatest(x, lit(-BinningWindow.CLAMP)), lit(BinningWindow.CLAMP));
        Column fb = floor(xc);
        Column bin = when(fb.plus(1).minus(xc).leq(lit(BinningWindow.EDGE_TOLERANCE)
            .multiply(greatest(lit(1.0), abs(xc)))), fb.plus(1)).otherwise(fb);
        String t = Integer.toString(pieceBins);
        Dataset<Row> binned = spikes.filter(col(SpikeSource.ERR).equalTo(0))
            .join(broadcast(keyTable), SpikeSource.UNIT)
            .select(col("col"), col(SpikeSource.TIME), bin.as("bin"))
            .withColumn("pk", expr("(bin - pmod(bin, " + t + ")) div " + t));
        Column inWindow = col("bin").geq(0).and(col("bin").lt(bins));
        // Outside the window: one of 4096 negative groups, by piece-sized stretch of time.
        Column outside = expr("-1 - pmod(pk, " + OUTSIDE_GROUPS + ")");
        Column g;
        if (contextBins == 0) {
            g = when(inWindow, col("pk")).otherwise(outside);
        } else {
            String c = Integer.toString(contextBins);
            Column lo = expr("greatest((bin - " + c + " - pmod(bin - " + c + ", " + t + ")) div " + t + ", 0)");
            Column hi = expr("least((bin + " + c + " - pmod(bin + " + c + ", " + t + ")) div " + t + ", "
                + (pieceCount - 1) + ")");
            g = explode(when(inWindow, sequence(least(col("pk"), lo), greatest(col("pk"), hi)))
                .otherwise(array(outside)));
        }
        Dataset<Row> rows = binned.select(g.as("g"), col("col"), col(SpikeSource.TIME))
            .select(col("g").multiply(lit(1L << 32)).plus(col("col").plus(1)).as("k"), col(SpikeSource.TIME));
        Dataset<Row> markers = spark.range(pieceCount)
            .select(col("id").multiply(lit(1L << 32)).as("k"), lit(0.0).as(SpikeSource.TIME));
        return rows.union(markers).repartition(parts, shiftright(col("k"), 32)).sortWithinPartitions("k");
    }

    /** A failure to read the table (I/O, corrupt file) as an input error; anything else unchanged. */
    private static RuntimeException readFailure(String source, RuntimeException e) {
        if (e instanceof InputException) {
            return e;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof IOException || m.contains("FAILED_READ_FILE")
                || c.getClass().getName().startsWith("org.apache.parquet")) {
                Throwable root = c;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return new InputException(source + ": cannot read (" + ParquetSpikeSource.firstLine(root) + ")", e);
            }
        }
        return e;
    }
}
