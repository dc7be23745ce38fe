package org.poglm.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.model.ElboEstimator;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ParameterInit;
import org.poglm.model.ScoreBaseline;
import org.poglm.schemes.VariationalScheme;

/**
 * Time per piece of one ELBO + gradient evaluation (T = 100, K = 5, one thread) at three sizes:
 * the paper's synthetic (V=3, H=2), retina-like (V=27, H=3) and large (V=200, H=10). Visible counts
 * are Poisson({@code rate}) per bin (default 0.2); theta ~ N(0, 0.1^2), phi from the initialiser. Each invocation uses the
 * next of 16 pieces and a new step, so noise and data vary as in training.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class ElboBenchmark {
    @Param({"synthetic", "retina", "large"})
    public String size;

    @Param({"f", "fs", "fb"})
    public String scheme;

    @Param({"exponential", "poisson"})
    public String distribution;

    /** Mean visible spikes per bin: the engine's visible part costs O(spikes), so sparsity matters. */
    @Param({"0.2"})
    public double rate;

    private ElboEstimator estimator;
    private double[] params;
    private double[] grad;
    private PieceFeatures[] pieces;
    private long step;

    @Setup
    public void setup() {
        int V;
        int H;
        switch (size) {
            case "synthetic" -> { V = 3; H = 2; }
            case "retina" -> { V = 27; H = 3; }
            case "large" -> { V = 200; H = 10; }
            default -> throw new IllegalArgumentException(size);
        }
        ModelSpec spec = new ModelSpec(V, H, Basis.defaultBasis(), Nonlinearity.SIGMOID,
            Distributions.create(distribution), VariationalScheme.parse(scheme));
        estimator = new ElboEstimator(spec, 5, ScoreBaseline.NONE);
        params = ParameterInit.initialise(spec.layout(), 1);
        Random r = new Random(7);
        for (int i = 0; i < spec.layout().thetaSize(); i++) {
            params[i] = 0.1 * r.nextGaussian();
        }
        grad = new double[params.length];
        pieces = new PieceFeatures[16];
        for (int p = 0; p < pieces.length; p++) {
            int[][] x = new int[100][V];
            for (int t = 0; t < 100; t++) {
                for (int v = 0; v < V; v++) {
                    x[t][v] = poisson(r, rate);
                }
            }
            pieces[p] = PieceFeatures.of(Piece.of(p, x), Basis.defaultBasis(), Padding.ZERO);
        }
    }

    static int poisson(Random r, double m) {
        double p = Math.exp(-m);
        double u = r.nextDouble();
        int k = 0;
        double c = p;
        while (u > c) {
            k++;
            p *= m / k;
            c += p;
        }
        return k;
    }

    @Benchmark
    public double elboAndGradient() {
        step++;
        PieceFeatures piece = pieces[(int) (step & 15)];
        return estimator.elbo(params, piece, 3, step, grad);
    }
}
