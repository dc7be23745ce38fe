package org.poglm.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.poglm.result.ActivityTable;
import org.poglm.result.ConfigParams;
import org.poglm.result.LearningCurve;
import org.poglm.result.PieceScore;
import org.poglm.result.SummaryRow;
import org.poglm.result.TrueNetwork;
import org.poglm.result.UnitRow;
import org.poglm.result.UnitTable;
import org.poglm.result.WindowCounts;

/**
 * Writes a small result directory through the job's own formats (org.poglm.result: summary.csv,
 * pieces.csv, configs/id/params.json and curve.csv, optional truth.json; provenance.json and
 * _SUCCESS), with made-up but plausible numbers: the report tests depend on nothing outside the test.
 */
final class ResultFixture {
    static final String HEADER = "config_id,distribution,scheme,hidden,seed,tau,nonlinearity,mc_samples,lr_model,"
        + "lr_variational,score_baseline,test_marginal_ll,test_marginal_ll_sd,test_marginal_ll_per_bin,bits_per_spike,"
        + "train_elbo,weight_error,bias_error,train_seconds,eval_seconds";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    List<String> units = new ArrayList<>(List.of("n0", "n1", "n2"));
    List<String> distributions = new ArrayList<>(List.of("exponential", "poisson"));
    List<String> schemes = new ArrayList<>(List.of("f", "fb"));
    List<Integer> hidden = new ArrayList<>(List.of(2));
    List<Long> seeds = new ArrayList<>(List.of(0L, 1L));
    List<Double> lrModel = new ArrayList<>(List.of(0.05));
    boolean glm = true;
    boolean truth = true;
    boolean rates = true;
    int trueHidden = 2;
    int epochs = 6;
    List<String> warnings = new ArrayList<>(List.of("the last 8 bins do not fill a piece"));
    List<Map<String, String>> dropped = new ArrayList<>();
    /**
     * Early stopping: every configuration has a validation ELBO per epoch and keeps the parameters
     * of its best validation epoch ({@link #keptEpoch}), recorded in summary.csv and provenance.json.
     */
    boolean validation = false;
    /** The homogeneous baseline's log-likelihood of every test piece. */
    double baselineLl = -205;
    /** Each unit's test rate as a multiple of its training rate (non-stationarity). */
    double rateChange = 1.0;
    /** The posterior mean rate of every hidden neuron on the window (spikes per bin). */
    double hiddenRate = 0.04;
    /** Write the per-unit and window files (results written before they existed have none). */
    boolean unitFiles = true;
    /** How training stopped, by config id (default fixed-epochs). */
    Map<String, String> stop = new LinkedHashMap<>();
    /** Overrides of test LL by config id (e.g. NaN for a failed score). */
    Map<String, Double> testLl = new LinkedHashMap<>();
    /** Rows written, in order (id -> test LL). */
    final Map<String, Double> written = new LinkedHashMap<>();

    private final Random random = new Random(7);

    /** Test LL of a configuration: FB above F, exponential above poisson, the GLM below all, seeds jitter. */
    double score(String dist, String scheme, int h, long seed, double lr) {
        if (dist.equals("glm")) {
            return -200.0;
        }
        return -199.0 + (scheme.equals("fb") ? 0.5 : 0) + (dist.equals("exponential") ? 0.3 : 0) - 0.1 * h
            + 0.01 * seed - (lr - 0.05);
    }

    Path write(Path dir) throws IOException {
        training.clear();
        Files.createDirectories(dir.resolve("configs"));
        int v = units.size();
        List<SummaryRow> summary = new ArrayList<>();
        List<PieceScore> pieces = new ArrayList<>();
        List<Map<String, Object>> grid = new ArrayList<>();
        if (glm) {
            row(dir, summary, pieces, grid, "glm", "glm", "glm", 0, 0, 0.05, v);
        }
        for (int h : hidden) {
            for (String d : distributions) {
                for (String s : schemes) {
                    for (double lr : lrModel) {
                        for (long seed : seeds) {
                            String id = s + "-" + d + "-h" + h + (lrModel.size() > 1 ? "-lr" + lr : "") + "-s" + seed;
                            row(dir, summary, pieces, grid, id, d, s, h, seed, lr, v);
                        }
                    }
                }
            }
        }
        Files.writeString(dir.resolve("summary.csv"), SummaryRow.csv(summary), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("pieces.csv"), PieceScore.csv(pieces), StandardCharsets.UTF_8);
        if (unitFiles) {
            writeUnitFiles(dir, pieces);
        }
        Files.writeString(dir.resolve("provenance.json"), JSON.writeValueAsString(provenance(grid)));
        if (truth) {
            int n = v + trueHidden;
            Files.writeString(dir.resolve("truth.json"),
                new TrueNetwork(units, v, matrix(n, 2), vector(n, 0.5)).json());
        }
        Files.writeString(dir.resolve("_SUCCESS"), "fixture\n");
        return dir;
    }

    private void row(Path dir, List<SummaryRow> summary, List<PieceScore> pieces, List<Map<String, Object>> grid, String id,
                     String dist, String scheme, int h, long seed, double lr, int v) throws IOException {
        boolean isGlm = dist.equals("glm");
        double ll = testLl.getOrDefault(id, score(dist, scheme, h, seed, lr));
        written.put(id, ll);
        String tau = dist.startsWith("eat") ? "0.1" : "";
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> values = List.of(dist, scheme, Integer.toString(h), Long.toString(seed), tau, "sigmoid",
            isGlm ? "1" : "5", fmt(lr), isGlm ? "" : "0.1", "none");
        List<String> names = List.of(HEADER.split(","));
        for (int i = 0; i < values.size(); i++) {
            settings.put(names.get(i + 1), values.get(i));
        }
        int kept = validation ? keptEpoch(seed) : epochs;
        summary.add(new SummaryRow(id, settings, ll, 16.0, ll / 100, 0.1 + (ll + 200) / 50, ll + 3,
            isGlm ? ll + 4 : Double.NaN, ll + 2,
            truth ? 0.8 - 0.01 * seed : Double.NaN, truth ? 0.5 + 0.01 * seed : Double.NaN,
            truth ? 0.7 - 0.01 * seed : Double.NaN, truth && h > 0 ? 0.9 + 0.01 * seed : Double.NaN, 0.25, 0.3,
            stop.getOrDefault(id, validation ? "converged" : "fixed-epochs"), epochs, kept,
            validation ? ll + 2.5 : Double.NaN, ""));
        if (validation) {
            training.add(Map.of("config_id", id, "stop", "converged", "converged", true, "epochs", epochs,
                "best_epoch", kept, "reason", "no better validation ELBO for 2 epochs"));
        }
        for (int p = 0; p < 3; p++) {
            pieces.add(new PieceScore(p + 40, id, ll + p - 1, baselineLl, 90));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("config_id", id);
        config.put("distribution", dist);
        config.put("scheme", scheme);
        config.put("hidden", h);
        config.put("seed", seed);
        config.put("tau", tau.isEmpty() ? null : 0.1);
        config.put("nonlinearity", "sigmoid");
        config.put("mc_samples", isGlm ? 1 : 5);
        config.put("lr_model", lr);
        config.put("lr_variational", isGlm ? 0.0 : 0.1);
        config.put("score_baseline", "none");
        grid.add(config);
        int n = v + h;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("b", vector(n, 1.0));
        params.put("W", matrix(n, 2));
        if (h > 0) {
            params.put("c", vector(h, 1));
            params.put("Af", matrixHv(h, v));
            params.put(scheme.equals("fs") ? "As" : "Ab", scheme.equals("fs") ? matrixHv(h, h) : matrixHv(h, v));
        }
        Path cdir = Files.createDirectories(dir.resolve("configs").resolve(id));
        Files.writeString(cdir.resolve("params.json"), new ConfigParams(config, units, v, h, params, null).json());
        double[] curve = new double[epochs];
        for (int e = 1; e <= epochs; e++) {
            curve[e - 1] = ll + 3 - 30.0 / e - 0.3 * random.nextDouble();
        }
        double[] scored = new double[epochs];
        java.util.Arrays.fill(scored, Double.NaN);
        if (validation) {
            // Rises like the training ELBO, highest at the kept epoch, then falls off (over-fitting).
            int best = keptEpoch(seed);
            for (int e = 1; e <= epochs; e++) {
                scored[e - 1] = ll + 2.5 - 30.0 / Math.min(e, best) - 0.8 * Math.max(0, e - best);
            }
        }
        Files.writeString(cdir.resolve("curve.csv"), LearningCurve.of(curve, scored).csv());
    }

    /** With {@link #validation}: the epoch (1-based) a seed kept, two before the end for even seeds, one for odd. */
    int keptEpoch(long seed) {
        return Math.max(1, epochs - 2 + (int) (seed % 2));
    }

    /** provenance.json's training records, with {@link #validation}. */
    private final List<Map<String, Object>> training = new ArrayList<>();

    private Map<String, Object> provenance(List<Map<String, Object>> grid) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("units", units);
        rec.put("visible", units.size());
        rec.put("pieces", 60);
        rec.put("train_pieces", 40);
        rec.put("test_pieces", 20);
        rec.put("bins_per_piece", 100);
        if (rates) {
            rec.put("bin_width_seconds", 0.01);
            rec.put("bins", 6008);
            rec.put("duration_seconds", 60.08);
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                r.add(0.5 + 3.0 * i);
            }
            rec.put("unit_rates_hz", r);
            rec.put("spikes", 1234);
            rec.put("dropped_units", dropped);
            rec.put("remainder_bins", 8);
            rec.put("t0_seconds", 0.0);
        }
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("configurations", grid.size());
        sweep.put("epochs", epochs);
        sweep.put("batch_size", 10);
        sweep.put("batches_per_epoch", 4);
        sweep.put("shuffle", false);
        sweep.put("sweep_seed", 0);
        sweep.put("eval_samples", 2000);
        sweep.put("basis", List.of(0.31, 0.24, 0.19, 0.15, 0.11));
        sweep.put("padding", "zero");
        sweep.put("piece_bins", 100);
        sweep.put("grid", grid);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("run_id", "20260101120000-fixture");
        p.put("command", "fit");
        p.put("options", Map.of("preset", "synthetic"));
        p.put("input", Map.of("path", "/data/session <1>.nwb", "format", "nwb"));
        p.put("recording", rec);
        p.put("sweep", sweep);
        p.put("seeds", seeds);
        if (!training.isEmpty()) {
            p.put("training", training);
        }
        p.put("code", Map.of("version", "0.1.0-TEST", "commit", "abc123", "dirty", "false",
            "commit_time", "2026-01-01T11:00:00Z"));
        p.put("java", Map.of("version", "17.0.15", "vendor", "Debian", "kernels", "scalar"));
        p.put("spark", Map.of("version", "4.2.0", "master", "local[2]", "app_id", "local-1", "default_parallelism", 2));
        p.put("timing", Map.of("started", "2026-01-01T12:00:00Z", "finished", "2026-01-01T12:00:30Z",
            "train_wall_seconds", 20.5, "eval_wall_seconds", 9.5, "steps", 80));
        p.put("warnings", warnings);
        return p;
    }

    private double[] vector(int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * (2 * random.nextDouble() - 1);
        }
        return x;
    }

    private double[][] matrix(int n, double scale) {
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = vector(n, scale);
        }
        return m;
    }

    private double[][] matrixHv(int h, int v) {
        double[][] m = new double[h][];
        for (int i = 0; i < h; i++) {
            m[i] = vector(v, 1);
        }
        return m;
    }

    /**
     * units.csv (rates, a region per unit), unit_baseline.csv, each configuration's unit_ll.csv (its
     * piece score shared out equally over the units) and activity.csv, and window.csv.
     */
    private void writeUnitFiles(Path dir, List<PieceScore> pieces) throws IOException {
        int v = units.size();
        List<UnitRow> rows = new ArrayList<>();
        for (int u = 0; u < v; u++) {
            double rate = 0.01 * (u + 1);
            rows.add(new UnitRow(units.get(u), 0, Map.of("region", u % 2 == 0 ? "CA1" : "amygdala"), rate,
                rate * rateChange));
        }
        Files.writeString(dir.resolve("units.csv"), UnitRow.csv(rows));
        long[] ids = {40, 41, 42};
        double[][] base = new double[3][v];
        for (double[] row : base) {
            java.util.Arrays.fill(row, baselineLl / v);
        }
        Files.writeString(dir.resolve("unit_baseline.csv"), new UnitTable(units, ids, base).csv());
        Map<String, double[]> byConfig = new LinkedHashMap<>();
        for (PieceScore p : pieces) {
            byConfig.computeIfAbsent(p.configId(), k -> new double[3])[(int) p.pieceId() - 40] = p.testLl();
        }
        int bins = 4;
        long[] binIds = new long[3 * bins];
        long[] pieceIds = new long[3 * bins];
        double[] times = new double[3 * bins];
        int[][] counts = new int[3 * bins][v];
        for (int r = 0; r < binIds.length; r++) {
            pieceIds[r] = 40 + r / bins;
            binIds[r] = pieceIds[r] * 100 + r % bins;
            times[r] = binIds[r] * 0.01;
            counts[r][r % v] = 1;
        }
        Files.writeString(dir.resolve("window.csv"), new WindowCounts(units, pieceIds, binIds, times, counts).csv());
        for (Map.Entry<String, double[]> e : byConfig.entrySet()) {
            double[][] unitLl = new double[3][v];
            for (int i = 0; i < 3; i++) {
                java.util.Arrays.fill(unitLl[i], e.getValue()[i] / v);
            }
            Path cdir = dir.resolve("configs").resolve(e.getKey());
            Files.writeString(cdir.resolve("unit_ll.csv"), new UnitTable(units, ids, unitLl).csv());
            int h = e.getKey().startsWith("glm") ? 0 : Integer.parseInt(e.getKey().replaceAll(".*-h(\\d+).*", "$1"));
            double[][] hidden = new double[binIds.length][h];
            double[][] visible = new double[binIds.length][v];
            for (int r = 0; r < binIds.length; r++) {
                java.util.Arrays.fill(hidden[r], hiddenRate);
                java.util.Arrays.fill(visible[r], 0.02);
            }
            Files.writeString(cdir.resolve("activity.csv"), new ActivityTable(units, h, pieceIds, binIds, times, hidden,
                visible).csv());
        }
    }

    static String fmt(double x) {
        return Double.isNaN(x) ? "NaN" : String.format(Locale.ROOT, "%.6f", x);
    }
}
