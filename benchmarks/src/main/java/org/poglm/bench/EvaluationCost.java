package org.poglm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.eval.MarginalLikelihood;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ParameterInit;
import org.poglm.numerics.VectorMath;
import org.poglm.schemes.VariationalScheme;
import org.poglm.synthetic.SyntheticGenerator;

/**
 * The cost of the evaluation's extra numbers (SPEC §7, §9), one thread, K_eval samples per piece: per
 * test piece, the marginal log-likelihood alone ({@link MarginalLikelihood#marginalLogLikelihood}), with
 * the per-unit log-likelihoods ({@code evaluate(.., false)}) and with the inferred activity as well
 * ({@code evaluate(.., true)}, what the window pieces cost). The three run interleaved, in rotating order,
 * round after round, after one untimed pass over every model (JIT); reported are the median time per
 * piece and the median over rounds of each round's ratio to the plain estimate, so a busy host slows
 * all three alike. Times are the thread's CPU time (a shared host's other processes take cores away,
 * which wall time would count).
 * Sizes: the paper's synthetic test pieces (V = 3, H = 2) and retina-like random pieces (V = 27,
 * H = 3, Poisson(0.2) counts), T = 100; theta ~ N(0, 0.1^2), phi from the initialiser.
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.poglm.bench.EvaluationCost [K_eval=2000] [rounds=15]</pre>
 */
public final class EvaluationCost {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private EvaluationCost() {
    }

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        System.out.printf(Locale.ROOT, "K_eval = %d, %d rounds (median), thread CPU time, kernels %s, Java %s%n%n", k, rounds,
            VectorMath.kernels(), System.getProperty("java.version"));
        System.out.println("| data | model | log p(X) ms/piece | + per-unit | + activity |");
        System.out.println("|---|---|---|---|---|");
        List<PieceFeatures> synthetic = new ArrayList<>();
        for (Piece p : SyntheticGenerator.paper(0).test()) {
            synthetic.add(PieceFeatures.of(p, Basis.defaultBasis(), Padding.ZERO));
        }
        List<PieceFeatures> retina = randomPieces(27, 6, 0.2);
        for (String scheme : List.of("glm", "f", "fs", "fb")) {
            run("synthetic", synthetic, 3, scheme, k, 1, false);
            run("retina-like", retina, 27, scheme, k, 1, false);
        }
        for (String scheme : List.of("glm", "f", "fs", "fb")) {
            run("synthetic", synthetic, 3, scheme, k, rounds, true);
        }
        for (String scheme : List.of("glm", "f", "fs", "fb")) {
            run("retina-like", retina, 27, scheme, k, rounds, true);
        }
    }

    static List<PieceFeatures> randomPieces(int V, int count, double rate) {
        Random r = new Random(7);
        List<PieceFeatures> pieces = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int[][] x = new int[100][V];
            for (int t = 0; t < 100; t++) {
                for (int v = 0; v < V; v++) {
                    x[t][v] = ElboBenchmark.poisson(r, rate);
                }
            }
            pieces.add(PieceFeatures.of(Piece.of(p, x), Basis.defaultBasis(), Padding.ZERO));
        }
        return pieces;
    }

    static void run(String data, List<PieceFeatures> pieces, int V, String scheme, int k, int rounds, boolean print) {
        boolean glm = scheme.equals("glm");
        int H = glm ? 0 : V == 3 ? 2 : 3;
        ModelSpec spec = new ModelSpec(V, H, Basis.defaultBasis(), Nonlinearity.SIGMOID,
            Distributions.create("exponential"), VariationalScheme.parse(glm ? "f" : scheme));
        double[] params = ParameterInit.initialise(spec.layout(), 1);
        Random r = new Random(7);
        for (int i = 0; i < spec.layout().thetaSize(); i++) {
            params[i] = 0.1 * r.nextGaussian();
        }
        MarginalLikelihood ml = new MarginalLikelihood(spec, k);
        int warmup = 1;
        double[][] ms = new double[3][rounds];
        double sink = 0;
        for (int round = 0; round < warmup + rounds; round++) {
            for (int j = 0; j < 3; j++) {
                int mode = (round + j) % 3;
                long t0 = CPU.getCurrentThreadCpuTime();
                for (PieceFeatures p : pieces) {
                    sink += switch (mode) {
                        case 0 -> ml.marginalLogLikelihood(params, p, 3);
                        case 1 -> ml.evaluate(params, p, 3, false).unitLogLikelihood()[0];
                        default -> ml.evaluate(params, p, 3, true).activity().visibleRate()[0][0];
                    };
                }
                if (round >= warmup) {
                    ms[mode][round - warmup] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / pieces.size();
                }
            }
        }
        if (!print) {
            return;
        }
        double[] unitRatio = new double[rounds];
        double[] activityRatio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            unitRatio[i] = ms[1][i] / ms[0][i];
            activityRatio[i] = ms[2][i] / ms[0][i];
        }
        System.out.printf(Locale.ROOT, "| %s (V=%d) | %s | %.3f | %.3f (%+.1f %%) | %.3f (%+.1f %%) |%s%n", data, V,
            glm ? "GLM (H=0)" : scheme.toUpperCase(Locale.ROOT) + ", H=" + H, median(ms[0]), median(ms[1]),
            100 * (median(unitRatio) - 1), median(ms[2]), 100 * (median(activityRatio) - 1),
            Double.isFinite(sink) ? "" : " (non-finite)");
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
