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
import org.poglm.model.ScoreBaseline;
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
 *
 * <p>Without options this is the page of {@code docs/fidelity.md}: trials 5-9, every combination. Options
 * after the positional arguments, for investigations:
 * <ul>
 * <li>{@code --dirs d1,d2}: more directories holding {@code trial_<id>} and a {@code reference_results.csv}
 * (e.g. {@code synthetic-extra}); each trial is read from the directory that has it;</li>
 * <li>{@code --trials 5-19} (or {@code 5,7,10-14}): the trials to run;</li>
 * <li>{@code --only f/gs-score,fb/poisson}: only these scheme/distribution combinations;</li>
 * <li>{@code --seed0 s}: seeds {@code s .. s+seeds-1};</li>
 * <li>{@code --baseline leave-one-out}: the score-function baseline of SPEC §5 (default none, the paper's);</li>
 * <li>{@code --threads n}: worker threads (default: all processors);</li>
 * <li>{@code --csv runs.csv}: one line per run (trial, seed, test LL, reference mean on that trial,
 * weight and bias error, final training ELBO);</li>
 * <li>{@code --from-csv a.csv,b.csv}: no training; the tables from earlier {@code --csv} files (the trials and
 * combinations selected, all their seeds);</li>
 * <li>{@code --per-trial}: a second table with each combination's gap on every trial (our seed mean minus
 * the reference's seed mean), the number of negative trial gaps, and the spread across trials and seeds.</li>
 * </ul>
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
                  double trainElbo, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                boolean flag = key.equals("per-trial");
                options.put(key, flag ? "true" : args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        Path dir = Path.of(positional.size() > 0 ? positional.get(0) : "../shared/benchmarks/synthetic-reference");
        int seeds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 2;
        Path out = positional.size() > 2 ? Path.of(positional.get(2)) : null;
        List<Path> dirs = new ArrayList<>(List.of(dir));
        if (options.containsKey("dirs")) {
            for (String d : options.get("dirs").split(",")) {
                dirs.add(Path.of(d));
            }
        }
        List<Integer> trialIds = parseIds(options.getOrDefault("trials", "5-9"));
        List<Trial> trials = new ArrayList<>();
        for (int id : trialIds) {
            Path found = null;
            for (Path d : dirs) {
                if (Files.isDirectory(d.resolve("trial_" + id))) {
                    found = d.resolve("trial_" + id);
                    break;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("trial_" + id + " is in none of " + dirs);
            }
            trials.add(readTrial(found, id));
        }
        Map<String, double[]> reference = new LinkedHashMap<>();
        Map<String, double[]> referenceByTrial = new LinkedHashMap<>();
        for (Path d : dirs) {
            Path csv = d.resolve("reference_results.csv");
            if (Files.exists(csv)) {
                readReferenceRows(csv, referenceByTrial);
            }
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Trial t : trials) {
            referenceByTrial.forEach((k, v) -> {
                if (k.endsWith("/" + t.id)) {
                    double[] s = sums.computeIfAbsent(k.substring(0, k.lastIndexOf('/')), x -> new double[3]);
                    s[0] += v[0];
                    s[1] += v[1];
                    s[2] += v[2];
                }
            });
        }
        sums.forEach((k, s) -> reference.put(k, new double[] {s[0] / s[2], s[1] / s[2]}));
        List<String[]> combinations = new ArrayList<>();
        if (options.containsKey("only")) {
            for (String c : options.get("only").split(",")) {
                String[] sd = c.trim().toLowerCase(Locale.ROOT).split("/");
                if (sd.length != 2 || !VariationalScheme.NAMES.contains(sd[0]) || !NAMES.containsValue(sd[1])) {
                    throw new IllegalArgumentException("--only wants scheme/distribution pairs, not " + c);
                }
                combinations.add(sd);
            }
        } else {
            for (String scheme : List.of("f", "fs", "fb")) {
                for (String dist : NAMES.values()) {
                    combinations.add(new String[] {scheme, dist});
                }
            }
        }
        int seed0 = Integer.parseInt(options.getOrDefault("seed0", "0"));
        ScoreBaseline baseline = ScoreBaseline.parse(options.getOrDefault("baseline", "none"));
        int threads = options.containsKey("threads") ? Integer.parseInt(options.get("threads"))
            : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Result>> futures = new ArrayList<>();
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>();
        if (options.containsKey("from-csv")) {
            // Tables from earlier runs' --csv files, for the selected trials and combinations; nothing is trained.
            for (String f : options.get("from-csv").split(",")) {
                results.addAll(readRuns(Path.of(f), trialIds, combinations));
            }
        } else {
            for (String[] c : combinations) {
                for (Trial trial : trials) {
                    for (int seed = seed0; seed < seed0 + seeds; seed++) {
                        int s = seed;
                        futures.add(pool.submit(() -> run(c[0], c[1], trial, s, baseline)));
                    }
                }
            }
        }
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
        if (!options.isEmpty()) {
            md.append(String.format(Locale.ROOT, "Trials %s, seeds %d-%d, score baseline %s.%n%n", trialIds, seed0,
                seed0 + seeds - 1, baseline));
        }
        md.append("| scheme | distribution | ours: test LL | reference: test LL | gap | ours: weight MAE | reference: "
            + "weight MAE | ours: bias MAE | ours: train s |\n|---|---|---|---|---|---|---|---|---|\n");
        double worstGap = 0;
        for (String[] c : combinations) {
            String scheme = c[0];
            for (Map.Entry<String, String> e : NAMES.entrySet()) {
                if (!e.getValue().equals(c[1])) {
                    continue;
                }
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
        if (options.containsKey("per-trial")) {
            perTrial(md, combinations, trials, results, referenceByTrial);
        }
        if (options.containsKey("csv")) {
            StringBuilder csv = new StringBuilder("scheme,distribution,trial,seed,marginal_ll,reference_ll,"
                + "weight_error,bias_error,final_train_elbo,train_seconds\n");
            for (Result r : results) {
                double[] ref = referenceByTrial.get(r.scheme.toUpperCase(Locale.ROOT) + "/" + referenceName(r.dist)
                    + "/" + r.trial);
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%s,%.6f,%.6f,%.6f,%.3f%n", r.scheme, r.dist,
                    r.trial, r.seed, r.ll, ref == null ? "" : String.format(Locale.ROOT, "%.6f", ref[0] / ref[2]),
                    r.weightError, r.biasError, r.trainElbo, r.seconds));
            }
            Files.writeString(Path.of(options.get("csv")), csv.toString(), StandardCharsets.UTF_8);
        }
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        }
    }

    static Result run(String scheme, String dist, Trial trial, int seed) {
        return run(scheme, dist, trial, seed, ScoreBaseline.NONE);
    }

    static Result run(String scheme, String dist, Trial trial, int seed, ScoreBaseline baseline) {
        Preset preset = Preset.SYNTHETIC;
        ModelSpec spec = new ModelSpec(3, 2, Basis.defaultBasis(), Nonlinearity.SIGMOID, Distributions.create(dist),
            VariationalScheme.parse(scheme));
        long t0 = System.nanoTime();
        TrainingState state = LocalTrainer.train(new TrainingState(scheme + "-" + dist, spec, preset.training(seed).withBaseline(baseline)),
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
        double[] curve = state.curve();
        return new Result(scheme, dist, trial.id, seed, eval.meanPerPiece(), rec.weightError(), rec.biasError(),
            curve[curve.length - 1], seconds);
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

    /** The runs of a {@code --csv} file on the given trials and combinations. */
    static List<Result> readRuns(Path csv, List<Integer> trialIds, List<String[]> combinations) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> h = List.of(lines.get(0).split(","));
        List<Result> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String scheme = f[h.indexOf("scheme")];
            String dist = f[h.indexOf("distribution")];
            int trial = Integer.parseInt(f[h.indexOf("trial")]);
            if (!trialIds.contains(trial) || combinations.stream().noneMatch(c -> c[0].equals(scheme) && c[1].equals(dist))) {
                continue;
            }
            out.add(new Result(scheme, dist, trial, Integer.parseInt(f[h.indexOf("seed")]),
                Double.parseDouble(f[h.indexOf("marginal_ll")]), Double.parseDouble(f[h.indexOf("weight_error")]),
                Double.parseDouble(f[h.indexOf("bias_error")]), Double.parseDouble(f[h.indexOf("final_train_elbo")]),
                Double.parseDouble(f[h.indexOf("train_seconds")])));
        }
        return out;
    }

    /** "5-9" or "5,7,10-14" to the listed integers. */
    static List<Integer> parseIds(String spec) {
        List<Integer> ids = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] r = part.trim().split("-");
            int from = Integer.parseInt(r[0]);
            int to = r.length > 1 ? Integer.parseInt(r[1]) : from;
            for (int i = from; i <= to; i++) {
                ids.add(i);
            }
        }
        return ids;
    }

    /** Our distribution name to the reference's. */
    static String referenceName(String ours) {
        for (Map.Entry<String, String> e : NAMES.entrySet()) {
            if (e.getValue().equals(ours)) {
                return e.getKey();
            }
        }
        return ours;
    }

    /** Adds scheme/distribution/trial -> {sum marginal_ll, sum weight_error, runs} from one reference file. */
    static void readReferenceRows(Path csv, Map<String, double[]> byTrial) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int iv = header.indexOf("vari");
        int id = header.indexOf("distribution");
        int it = header.indexOf("trial");
        int ill = header.indexOf("marginal_ll");
        int iw = header.indexOf("weight_error");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            double[] s = byTrial.computeIfAbsent(f[iv] + "/" + f[id] + "/" + Integer.parseInt(f[it]), k -> new double[3]);
            s[0] += Double.parseDouble(f[ill]);
            s[1] += Double.parseDouble(f[iw]);
            s[2]++;
        }
    }

    /**
     * Per combination: the gap on every trial (our mean over seeds minus the reference's mean over its seeds),
     * their mean, the standard deviation across trials, the number of negative trial gaps, the standard
     * deviation of our test LL across seeds (pooled over trials), and our and the reference's weight MAE.
     *
     * <p>Trials are not independent replicates: a seed fixes the variational initialisation and, since every
     * trial has the same piece ids and steps, the very same noise on every trial (the paper's code, seeded once
     * per run with the same tensor shapes, shares its draws across trials in the same way). A seed's effect is
     * therefore common to all trials, and the reference's two seeds carry it into its mean. The last columns
     * treat the seed as the unit: the standard deviation across seeds of our per-seed means over the trials,
     * the gap's standard error {@code sd * sqrt(1/S + 1/R)} with S our seeds and R the reference's (our seed
     * spread standing in for the reference's, as for the same algorithm it should), and the gap in those units.
     */
    static void perTrial(StringBuilder md, List<String[]> combinations, List<Trial> trials, List<Result> results,
                         Map<String, double[]> referenceByTrial) {
        md.append("\n| scheme | distribution |");
        for (Trial t : trials) {
            md.append(" t").append(t.id).append(" |");
        }
        md.append(" mean gap | sd across trials | negative | seed sd (ours) | weight MAE ours / ref "
            + "| sd of seed means | gap se (seed level) | gap / se |\n|---|---|");
        md.append("---|".repeat(trials.size() + 8)).append('\n');
        for (String[] c : combinations) {
            String key = c[0].toUpperCase(Locale.ROOT) + "/" + referenceName(c[1]);
            md.append("| ").append(c[0].toUpperCase(Locale.ROOT)).append(" | ").append(c[1]).append(" |");
            List<Double> gaps = new ArrayList<>();
            double pooled = 0;
            int dof = 0;
            double weOurs = 0;
            double weRef = 0;
            int nOurs = 0;
            int nRef = 0;
            double refSeeds = 0;
            int refTrials = 0;
            Map<Integer, double[]> bySeed = new java.util.TreeMap<>();
            for (Trial t : trials) {
                List<Result> rs = results.stream().filter(r -> r.scheme.equals(c[0]) && r.dist.equals(c[1])
                    && r.trial == t.id).toList();
                double mean = rs.stream().mapToDouble(Result::ll).average().orElse(Double.NaN);
                for (Result r : rs) {
                    pooled += (r.ll - mean) * (r.ll - mean);
                    weOurs += r.weightError;
                    nOurs++;
                }
                dof += rs.size() - 1;
                double[] ref = referenceByTrial.get(key + "/" + t.id);
                if (ref == null) {
                    md.append(" - |");
                    continue;
                }
                weRef += ref[1];
                nRef += (int) ref[2];
                refSeeds += ref[2];
                refTrials++;
                for (Result r : rs) {
                    double[] acc = bySeed.computeIfAbsent(r.seed, k -> new double[2]);
                    acc[0] += r.ll - ref[0] / ref[2];
                    acc[1]++;
                }
                double gap = mean - ref[0] / ref[2];
                gaps.add(gap);
                md.append(String.format(Locale.ROOT, " %+.3f |", gap));
            }
            double mg = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double sd = Math.sqrt(gaps.stream().mapToDouble(g -> (g - mg) * (g - mg)).sum()
                / Math.max(1, gaps.size() - 1));
            long negative = gaps.stream().filter(g -> g < 0).count();
            int withReference = refTrials;
            // Only seeds that ran on every trial with a reference.
            double[] seedMeans = bySeed.values().stream().filter(acc -> acc[1] == withReference)
                .mapToDouble(acc -> acc[0] / acc[1]).toArray();
            double sm = Arrays.stream(seedMeans).average().orElse(Double.NaN);
            double seedSd = seedMeans.length > 1 ? Math.sqrt(Arrays.stream(seedMeans).map(x -> (x - sm) * (x - sm)).sum()
                / (seedMeans.length - 1)) : Double.NaN;
            double r = refTrials > 0 ? refSeeds / refTrials : Double.NaN;
            double se = seedSd * Math.sqrt(1.0 / seedMeans.length + 1.0 / r);
            md.append(String.format(Locale.ROOT, " %+.3f | %.3f | %d/%d | %.3f | %.3f / %.3f | %.3f | %.3f | %+.1f |%n", mg,
                sd, negative, gaps.size(), dof > 0 ? Math.sqrt(pooled / dof) : Double.NaN, weOurs / Math.max(1, nOurs),
                nRef > 0 ? weRef / nRef : Double.NaN, seedSd, se, mg / se));
        }
    }


}
