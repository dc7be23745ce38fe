package org.poglm.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Reads a Kilosort/phy output folder (the "phy template-gui" format) as spike trains:
 * <ul>
 * <li>{@code spike_times.npy}: spike times as integer sample indices (usually uint64), shape
 * {@code (n,)} or {@code (n, 1)};</li>
 * <li>{@code spike_clusters.npy}: the cluster of each spike after curation; when absent,
 * {@code spike_templates.npy} (the sorter's template ids) is used, with a warning;</li>
 * <li>{@code params.py}: {@code sample_rate} in Hz (Python assignment syntax), which gives times
 * in seconds and the time resolution 1/sample_rate;</li>
 * <li>labels: {@code cluster_group.tsv} (manual curation in phy, column {@code group}) and
 * {@code cluster_KSLabel.tsv} (Kilosort's automatic label, column {@code KSLabel}), both keyed by
 * {@code cluster_id}. Per cluster, the manual label wins; a cluster in neither file is
 * <em>unlabeled</em>: it is read with {@code all} or when selected by id, and left out (with a
 * warning listing it) when selecting by label. A malformed label file is an error when selecting
 * by label, else a warning;</li>
 * <li>{@code cluster_info.tsv} (optional, written by phy): each cluster's peak channel, depth and
 * shank.</li>
 * </ul>
 * Each kept cluster's labels are {@link SpikeTrains#unitLabels()}: {@link UnitLabels#GROUP} (the
 * label the selection reads), {@link UnitLabels#KS_LABEL}, and from cluster_info.tsv
 * {@link UnitLabels#CHANNEL}, {@link UnitLabels#DEPTH} and {@link UnitLabels#SHANK}. A missing
 * file leaves them absent; a malformed cluster_info.tsv is a warning.
 *
 * <p>The folder is only read: nothing is written into the sorter's output.
 */
public final class PhyFolderReader {
    private final InputFiles files;
    private final NpyReader npy;

    public PhyFolderReader() {
        this(new Configuration());
    }

    public PhyFolderReader(Configuration conf) {
        this.files = new InputFiles(conf);
        this.npy = new NpyReader(files.conf());
    }

    /** Reads the clusters chosen by {@code selection} from the phy folder at {@code folder}. */
    public SpikeTrains read(String folder, PhySelection selection) {
        Path dir = InputFiles.path(folder);
        FileStatus st = files.status(dir, "folder");
        if (!st.isDirectory()) {
            throw new InputException(dir + " is a file: expected a phy/Kilosort output folder (with spike_times.npy, "
                + "spike_clusters.npy and params.py)");
        }
        List<String> warnings = new ArrayList<>();
        double sampleRate = sampleRate(new Path(dir, "params.py"));

        Path timesPath = new Path(dir, "spike_times.npy");
        if (!files.exists(timesPath)) {
            throw new InputException(timesPath + ": no such file: expected phy's spike times (sample indices)");
        }
        Path clustersPath = new Path(dir, "spike_clusters.npy");
        if (!files.exists(clustersPath)) {
            Path templates = new Path(dir, "spike_templates.npy");
            if (!files.exists(templates)) {
                throw new InputException(clustersPath
                    + ": no such file, and no spike_templates.npy either: expected the "
                    + "cluster of each spike");
            }
            warnings.add(dir
                + ": no spike_clusters.npy; using spike_templates.npy (uncurated template ids) as clusters");
            clustersPath = templates;
        }
        NpyArray times = npy.read(timesPath.toString());
        NpyArray clusters = npy.read(clustersPath.toString());
        warnings.addAll(times.warnings());
        warnings.addAll(clusters.warnings());
        int n = vectorLength(times);
        int m = vectorLength(clusters);
        if (n != m) {
            throw new InputException(timesPath + " has " + n + " spikes but " + clustersPath + " has " + m
                + " entries: expected one cluster per spike (files from different sorting runs?)");
        }

        // Spikes per cluster, clusters in numeric order.
        long[] clusterOf = new long[n];
        Map<Long, Integer> perCluster = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            clusterOf[i] = clusters.wholeNumber(i);
            perCluster.merge(clusterOf[i], 1, Integer::sum);
        }
        ClusterLabels labels = labels(dir, selection, warnings);
        Map<Long, Boolean> keep = choose(perCluster, labels.group(), selection, dir, clustersPath, warnings);

        Map<Long, double[]> trains = new HashMap<>();
        Map<Long, Integer> filled = new HashMap<>();
        for (Map.Entry<Long, Boolean> e : keep.entrySet()) {
            if (e.getValue()) {
                trains.put(e.getKey(), new double[perCluster.get(e.getKey())]);
                filled.put(e.getKey(), 0);
            }
        }
        // Each cluster's latest sample and its first index, to name it (SpikeTrains.lastSpikeAt).
        Map<Long, long[]> latest = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double[] t = trains.get(clusterOf[i]);
            if (t == null) {
                continue;
            }
            long sample = times.wholeNumber(i);
            if (sample < 0) {
                throw new InputException(timesPath + " " + times.position(i) + ": '" + sample
                    + "' is negative: expected a sample index >= 0");
            }
            int k = filled.merge(clusterOf[i], 1, Integer::sum) - 1;
            t[k] = sample / sampleRate;
            long[] l = latest.get(clusterOf[i]);
            if (l == null || sample > l[1]) {
                latest.put(clusterOf[i], new long[] {i, sample});
            }
        }
        Map<String, double[]> byId = new LinkedHashMap<>();
        trains.forEach((c, t) -> byId.put(Long.toString(c), t));
        Map<String, SpikeTrains.LastSpike> lastSpikes = new HashMap<>();
        latest.forEach((c, l) -> lastSpikes.put(Long.toString(c), new SpikeTrains.LastSpike(l[0],
            timesPath + " " + times.position((int) l[0]) + ": '" + l[1] + "'")));
        Map<Long, Map<String, String>> info = clusterInfo(new Path(dir, "cluster_info.tsv"), warnings);
        Map<String, Map<String, String>> unitLabels = new LinkedHashMap<>();
        for (long c : trains.keySet()) {
            Map<String, String> l = new LinkedHashMap<>(info.getOrDefault(c, Map.of()));
            putIfPresent(l, UnitLabels.GROUP, labels.group().get(c));
            putIfPresent(l, UnitLabels.KS_LABEL, labels.ksLabel().get(c));
            unitLabels.put(Long.toString(c), l);
        }
        return SpikeTrains.of(byId, new UnitLabels(unitLabels), dir.toString(), 1.0 / sampleRate, warnings)
            .withLastSpikes(lastSpikes);
    }

    private static void putIfPresent(Map<String, String> labels, String field, String value) {
        if (value != null) {
            labels.put(field, value);
        }
    }

    /** Length of a phy 1-D array, accepting shape (n,) and (n, 1). */
    private static int vectorLength(NpyArray a) {
        int[] s = a.shape();
        if (s.length == 1 || s.length == 2 && s[1] == 1) {
            return s[0];
        }
        throw new InputException(a.source() + ": shape " + NpyArray.shapeText(s) + ": expected a vector, shape (n,) or "
            + "(n, 1)");
    }

    /** sample_rate from params.py ({@code sample_rate = 30000.0}); errors name params.py. */
    double sampleRate(Path params) {
        if (!files.exists(params)) {
            throw new InputException(params + ": no such file: expected phy's params.py with 'sample_rate = <Hz>'");
        }
        files.requireFile(params);
        String text;
        try (var in = files.open(params)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new InputException(params + ": cannot read (" + e.getMessage() + ")", e);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        Double rate = null;
        for (int k = 0; k < lines.length; k++) {
            String line = stripComment(lines[k]).strip();
            int eq = line.indexOf('=');
            if (eq < 0 || !line.substring(0, eq).strip().equals("sample_rate")) {
                continue;
            }
            String raw = line.substring(eq + 1).strip();
            Double v = DelimitedText.parseNumber(raw.replaceAll("(?<=[0-9])_(?=[0-9])", ""));
            if (v == null || !Double.isFinite(v) || v <= 0) {
                throw InputException.at(params.toString(), k + 1, "sample_rate", raw,
                    "is not a positive number: expected the sampling rate in Hz, e.g. 30000.0");
            }
            rate = v; // Python semantics: the last assignment wins.
        }
        if (rate == null) {
            throw new InputException(params
                + " has no 'sample_rate = ...' assignment: expected the sampling rate in Hz, "
                + "e.g. sample_rate = 30000.0");
        }
        return rate;
    }

    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * A cluster's labels from the label files.
     *
     * @param group   cluster_KSLabel.tsv overlaid by cluster_group.tsv (manual curation wins): what
     *                the selection by label reads
     * @param ksLabel cluster_KSLabel.tsv alone
     */
    private record ClusterLabels(Map<Long, String> group, Map<Long, String> ksLabel) {
    }

    /**
     * The label files' labels. A malformed label file is an error when the selection is by label
     * (it decides which units are fit), else a warning, and its labels are not read.
     */
    private ClusterLabels labels(Path dir, PhySelection selection, List<String> warnings) {
        boolean needed = !selection.all() && selection.ids().isEmpty();
        Map<Long, String> group = new HashMap<>();
        Map<Long, String> ks = Map.of();
        Path ksPath = new Path(dir, "cluster_KSLabel.tsv");
        if (files.exists(ksPath)) {
            ks = readLabelFileOrWarn(ksPath, "KSLabel", needed, selection, warnings);
            group.putAll(ks);
        }
        Path manual = new Path(dir, "cluster_group.tsv");
        if (files.exists(manual)) {
            group.putAll(readLabelFileOrWarn(manual, "group", needed, selection, warnings));
        }
        return new ClusterLabels(group, ks);
    }

    private Map<Long, String> readLabelFileOrWarn(Path p, String labelColumn, boolean needed, PhySelection selection,
        List<String> warnings) {
        try {
            return readLabelFile(p, labelColumn);
        } catch (InputException e) {
            if (needed) {
                throw e;
            }
            warnings.add(e.getMessage() + "; its cluster labels were not read (the selection '" + selection
                + "' does not need them)");
            return Map.of();
        }
    }

    /** A phy label table: columns cluster_id and {@code labelColumn}, one row per cluster. */
    private Map<Long, String> readLabelFile(Path p, String labelColumn) {
        String file = p.toString();
        Map<Long, String> out = new HashMap<>();
        try (TextTable table = new TextTable(file, files.open(p))) {
            List<String> header = table.header("tsv");
            if (header == null) {
                throw new InputException(file + " is empty: expected a header 'cluster_id\t" + labelColumn + "'");
            }
            int ci = DelimitedText.column(header, "cluster_id");
            int li = DelimitedText.column(header, labelColumn);
            if (li < 0 && labelColumn.equals("group")) {
                li = DelimitedText.column(header, "KSLabel"); // phy sometimes writes either name
            }
            if (ci < 0 || li < 0) {
                throw InputException.atLine(file, table.lineNumber(), "header " + header + ": expected columns "
                    + "'cluster_id' and '" + labelColumn + "'");
            }
            List<String> f;
            while ((f = table.next()) != null) {
                long line = table.lineNumber();
                if (f.size() <= Math.max(ci, li)) {
                    throw InputException.atLine(file, line, f.size() + " fields: expected " + header.size());
                }
                String id = f.get(ci);
                if (!SpikeTrains.isInteger(id)) {
                    throw InputException.at(file, line, header.get(ci), id, "is not an integer cluster id");
                }
                String label = f.get(li).strip().toLowerCase(Locale.ROOT);
                if (!label.isEmpty()) {
                    out.put(Long.parseLong(SpikeTrains.canonicalInteger(id)), label);
                }
            }
        }
        return out;
    }

    /** cluster_info.tsv columns read as labels (first name found wins), by label field. */
    private static final Map<String, List<String>> INFO_COLUMNS = infoColumns();

    private static Map<String, List<String>> infoColumns() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(UnitLabels.CHANNEL, List.of("ch", "channel"));
        m.put(UnitLabels.DEPTH, List.of("depth"));
        m.put(UnitLabels.SHANK, List.of("sh", "shank"));
        m.put(UnitLabels.KS_LABEL, List.of("KSLabel"));
        return m;
    }

    /**
     * Channel, depth, shank and Kilosort label per cluster from phy's cluster_info.tsv (written by
     * phy when curation is saved; columns {@code cluster_id} (older phy: {@code id}), {@code ch},
     * {@code depth}, {@code sh}, {@code KSLabel}, ...). Empty when there is no such file. The
     * file is never needed for a fit, so a malformed one is a warning: no cluster id column, and
     * the file is not read; a row with a bad cluster id or not one field per column, and that row
     * is not.
     */
    private Map<Long, Map<String, String>> clusterInfo(Path p, List<String> warnings) {
        if (!files.exists(p)) {
            return Map.of();
        }
        String file = p.toString();
        Map<Long, Map<String, String>> out = new HashMap<>();
        List<String> badRows = new ArrayList<>();
        String firstProblem = null;
        try (TextTable table = new TextTable(file, files.open(p))) {
            List<String> header = table.header("tsv");
            if (header == null) {
                warnings.add(file + " is empty: expected phy's cluster table with a header 'cluster_id\tch\tdepth...'; "
                    + "channels and depths not read");
                return Map.of();
            }
            int ci = DelimitedText.column(header, "cluster_id");
            if (ci < 0) {
                ci = DelimitedText.column(header, "id");
            }
            if (ci < 0) {
                warnings.add(file + " line " + table.lineNumber() + ": header " + Messages.clip(header.toString(), 200)
                    + " has no 'cluster_id' (or 'id') column: expected phy's cluster table; channels and depths not "
                    + "read");
                return Map.of();
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            INFO_COLUMNS.forEach((field, names) -> names.stream().map(n -> DelimitedText.column(header, n))
                .filter(i -> i >= 0).findFirst().ifPresent(i -> columns.put(field, i)));
            List<String> f;
            while ((f = table.next()) != null) {
                String problem = null;
                if (f.size() != header.size()) {
                    // A missing or extra field shifts every value after it into another column.
                    problem = f.size() + " fields: expected " + header.size() + " (one per column of the header)";
                } else if (!SpikeTrains.isInteger(f.get(ci).strip())) {
                    problem = "column " + header.get(ci) + ": '" + Messages.clip(f.get(ci)) + "' is not an integer "
                        + "cluster id";
                }
                if (problem != null) {
                    badRows.add(Long.toString(table.lineNumber()));
                    if (firstProblem == null) {
                        firstProblem = " line " + table.lineNumber() + (problem.startsWith("column") ? ", " : ": ")
                            + problem;
                    }
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> c : columns.entrySet()) {
                    if (!f.get(c.getValue()).isBlank()) {
                        String v = f.get(c.getValue()).strip();
                        labels.put(c.getKey(), c.getKey().equals(UnitLabels.KS_LABEL) ? v.toLowerCase(Locale.ROOT) : v);
                    }
                }
                out.put(Long.parseLong(SpikeTrains.canonicalInteger(f.get(ci).strip())), labels);
            }
        } catch (InputException e) {
            // An unreadable line (an unterminated quote, an I/O error): what was read so far is kept.
            warnings.add(e.getMessage() + "; cluster_info.tsv read up to there");
        }
        if (!badRows.isEmpty()) {
            warnings.add(file + firstProblem + "; " + badRows.size() + " row" + (badRows.size() == 1 ? "" : "s")
                + " (line" + (badRows.size() == 1 ? " " : "s ") + Messages.abbreviate(badRows, 10) + ") not read");
        }
        return out;
    }

    private static Map<Long, Boolean> choose(Map<Long, Integer> perCluster, Map<Long, String> labels,
        PhySelection selection, Path dir, Path clustersPath, List<String> warnings) {
        Map<Long, Boolean> keep = new LinkedHashMap<>();
        if (selection.all()) {
            perCluster.keySet().forEach(c -> keep.put(c, true));
            return keep;
        }
        if (!selection.ids().isEmpty()) {
            perCluster.keySet().forEach(c -> keep.put(c, false));
            for (String id : selection.ids()) {
                long c = Long.parseLong(id);
                if (!perCluster.containsKey(c)) {
                    throw new InputException(dir + ": selected cluster " + id + " has no spikes in " + clustersPath
                        + "; clusters there: " + Messages.abbreviate(
                            perCluster.keySet().stream().map(String::valueOf).toList(), 20));
                }
                keep.put(c, true);
            }
            return keep;
        }
        if (labels.isEmpty()) {
            throw new InputException(dir + ": no cluster_group.tsv or cluster_KSLabel.tsv (or they are empty), so "
                + "clusters cannot be selected by label '" + selection + "': expected a label file, or select 'all' or "
                + "cluster ids");
        }
        Map<String, Integer> others = new TreeMap<>();
        List<String> unlabeled = new ArrayList<>();
        int kept = 0;
        for (long c : perCluster.keySet()) {
            String label = labels.get(c);
            boolean k = label != null && selection.labels().contains(label);
            keep.put(c, k);
            if (k) {
                kept++;
            } else if (label == null) {
                unlabeled.add(Long.toString(c));
            } else {
                others.merge(label, 1, Integer::sum);
            }
        }
        if (!unlabeled.isEmpty()) {
            warnings.add(dir + ": " + unlabeled.size() + " cluster" + (unlabeled.size() == 1 ? " has" : "s have")
                + " no label in cluster_group.tsv or cluster_KSLabel.tsv (" + Messages.abbreviate(unlabeled, 10)
                + "); treated as unlabeled and left out of the selection '" + selection + "'");
        }
        if (kept == 0) {
            throw new InputException(dir + ": no cluster labelled '" + selection + "': expected at least one; labels "
                + "there: " + (others.isEmpty() ? "none" : others.toString().replace("=", ": ")));
        }
        if (!others.isEmpty()) {
            warnings.add(dir + ": kept " + kept + " cluster" + (kept == 1 ? "" : "s") + " labelled '" + selection
                + "'; left out " + others.toString().replace("=", ": ").replace("{", "").replace("}", ""));
        }
        return keep;
    }
}
