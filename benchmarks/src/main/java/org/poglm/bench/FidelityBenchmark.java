package org.poglm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.eval.ParameterRecovery;
import org.poglm.eval.PoissonBaseline;
import org.poglm.eval.TestEvaluation;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ParameterLayout;
import org.poglm.schemes.VariationalScheme;
import org.poglm.train.LocalTrainer;
import org.poglm.train.Preset;
import org.poglm.train.TrainingState;
import org.poglm.numerics.VectorMath;

/**
 * Fidelity to the paper's code: runs every method combination on the reference synthetic trials
 * with the paper's protocol (SPEC §6 synthetic preset) and prints, per combination, our mean test
 * marginal log-likelihood next to the reference's, as a Markdown table.
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.poglm.bench.FidelityBenchmark ../shared/benchmarks/synthetic-reference [seeds] [out.md]</pre>
 */
public final class FidelityBenchmark {
    /** Reference distribution name to ours. */
    static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("Poisson", "poisson");
        NAMES.put("categorical", "categorical");
        NAMES.put("GS-score", "gs-score");
        NAMES.put("GS-pathwise", "gs-pathwise");
        NAMES.put("exponential", "exponential");
        NAMES.put("Rayleigh", "rayleigh");
        NAMES.put("half-normal", "half-normal");
        NAMES.put("-", "eat-sigmoid");
        NAMES.put("--", "eat-cubic");
    }

    record Trial(int id, List<PieceFeatures> train, List<PieceFeatures> test, double[][] w, double[] b) {
    }

    record Result(String scheme, String dist, int trial, int seed, double ll, double weightError, double biasError,
                  double seconds) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/benchmarks/synthetic-reference");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        List<Trial> trials = new ArrayList<>();
        for (int id = 5; id <= 9; id++) {
            trials.add(readTrial(dir.resolve("trial_" + id), id));
        }
        Map<String, double[]> reference = readReference(dir.resolve("reference_results.csv"));
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Result>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (String scheme : List.of("f", "fs", "fb")) {
            for (String dist : NAMES.values()) {
                for (Trial trial : trials) {
                    for (int seed = 0; seed < seeds; seed++) {
                        int s = seed;
                        futures.add(pool.submit(() -> run(scheme, dist, trial, s)));
                    }
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        double wall = (System.nanoTime() - start) / 1e9;
        StringBuilder md = new StringBuilder();
        md.append("# Fidelity to the paper's code\n\n");
        md.append("See [performance.md](performance.md#fidelity-to-the-papers-code-issue-2) for the protocol.\n\n");
        md.append(String.format(Locale.ROOT, "Runs: %d (%d trials x %d seeds per combination), %d threads, kernels %s, "
            + "%.0f s wall, %s.%n%n", results.size(), trials.size(), seeds, threads, VectorMath.kernels(), wall,
            java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
        md.append("| scheme | distribution | ours: test LL | reference: test LL | gap | ours: weight MAE | reference: "
            + "weight MAE | ours: bias MAE | ours: train s |\n|---|---|---|---|---|---|---|---|---|\n");
        double worstGap = 0;
        for (String scheme : List.of("f", "fs", "fb")) {
            for (Map.Entry<String, String> e : NAMES.entrySet()) {
                List<Result> rs = results.stream().filter(r -> r.scheme.equals(scheme) && r.dist.equals(e.getValue()))
                    .toList();
                double ll = rs.stream().mapToDouble(Result::ll).average().orElse(Double.NaN);
                double we = rs.stream().mapToDouble(Result::weightError).average().orElse(Double.NaN);
                double be = rs.stream().mapToDouble(Result::biasError).average().orElse(Double.NaN);
                double sec = rs.stream().mapToDouble(Result::seconds).average().orElse(Double.NaN);
                double[] ref = reference.get(scheme.toUpperCase(Locale.ROOT) + "/" + e.getKey());
                String refLl = ref == null ? "-" : String.format(Locale.ROOT, "%.3f", ref[0]);
                String refWe = ref == null ? "-" : String.format(Locale.ROOT, "%.3f", ref[1]);
                String gap = ref == null ? "-" : String.format(Locale.ROOT, "%+.3f", ll - ref[0]);
                if (ref != null) {
                    worstGap = Math.max(worstGap, Math.abs(ll - ref[0]));
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %s | %.3f | %s | %.3f | %.2f |%n",
                    scheme.toUpperCase(Locale.ROOT), e.getValue(), ll, refLl, gap, we, refWe, be, sec));
            }
        }
        md.append(String.format(Locale.ROOT, "%nLargest |gap| against the reference: %.3f nats per piece.%n", worstGap));
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        }
    }

    static Result run(String scheme, String dist, Trial trial, int seed) {
        Preset preset = Preset.SYNTHETIC;
        ModelSpec spec = new ModelSpec(3, 2, Basis.defaultBasis(), Nonlinearity.SIGMOID, Distributions.create(dist),
            VariationalScheme.parse(scheme));
        long t0 = System.nanoTime();
        TrainingState state = LocalTrainer.train(new TrainingState(scheme + "-" + dist, spec, preset.training(seed)),
            trial.train, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        TestEvaluation eval = TestEvaluation.evaluate(spec, state.params(), trial.test,
            PoissonBaseline.fit(trial.train), preset.evalSamples, seed);
        ParameterLayout layout = spec.layout();
        double[][] w = new double[5][5];
        for (int n = 0; n < 5; n++) {
            for (int m = 0; m < 5; m++) {
                w[n][m] = state.params()[layout.weight(n, m)];
            }
        }
        double[] b = Arrays.copyOf(state.params(), 5);
        ParameterRecovery.Result rec = ParameterRecovery.match(trial.w, trial.b, w, b, 3);
        return new Result(scheme, dist, trial.id, seed, eval.meanPerPiece(), rec.weightError(), rec.biasError(), seconds);
    }

    static Trial readTrial(Path dir, int id) throws IOException {
        JsonNode truth = new ObjectMapper().readTree(dir.resolve("truth.json").toFile());
        double[][] w = new double[5][5];
        double[] b = new double[5];
        for (int n = 0; n < 5; n++) {
            b[n] = truth.get("b").get(n).asDouble();
            for (int m = 0; m < 5; m++) {
                w[n][m] = truth.get("W").get(n).get(m).asDouble();
            }
        }
        return new Trial(id, pieces(dir.resolve("train.csv")), pieces(dir.resolve("test.csv")), w, b);
    }

    /** {@code piece,bin,n0,...,n4}; only the visible n0..n2 are kept. */
    static List<PieceFeatures> pieces(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        Map<Integer, int[][]> byPiece = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            int p = Integer.parseInt(f[0]);
            int t = Integer.parseInt(f[1]);
            int[][] x = byPiece.computeIfAbsent(p, k -> new int[100][3]);
            for (int v = 0; v < 3; v++) {
                x[t][v] = Integer.parseInt(f[2 + v]);
            }
        }
        List<PieceFeatures> out = new ArrayList<>();
        for (Map.Entry<Integer, int[][]> e : byPiece.entrySet()) {
            out.add(PieceFeatures.of(Piece.of(e.getKey(), e.getValue()), Basis.defaultBasis(), Padding.ZERO));
        }
        return out;
    }

    /** scheme/distribution -> {mean marginal_ll, mean weight_error} over trials and seeds. */
    static Map<String, double[]> readReference(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int iv = header.indexOf("vari");
        int id = header.indexOf("distribution");
        int ill = header.indexOf("marginal_ll");
        int iw = header.indexOf("weight_error");
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] s = sums.computeIfAbsent(f[iv] + "/" + f[id], k -> new double[3]);
            s[0] += Double.parseDouble(f[ill]);
            s[1] += Double.parseDouble(f[iw]);
            s[2]++;
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        sums.forEach((k, s) -> means.put(k, new double[] {s[0] / s[2], s[1] / s[2]}));
        return means;
    }

}
