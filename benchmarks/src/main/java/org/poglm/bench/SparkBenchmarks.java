package org.poglm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.distributions.Distributions;
import org.poglm.job.SweepJob;
import org.poglm.source.GeneratedRecording;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;
import org.poglm.distributions.PoissonSampler;
import org.poglm.distributed.PieceBlock;
import org.poglm.distributed.PieceSource;
import org.poglm.distributed.SparkSettings;
import org.poglm.distributed.SweepContext;
import org.poglm.distributed.SweepTrainer;
import org.poglm.sweep.Grid;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.Preset;
import org.poglm.numerics.VectorMath;
import org.poglm.distributed.RddObjective;
import org.poglm.train.TrainingLoop;

/**
 * Benchmarks of the Spark job (issue 3). Not tests: run by hand, figures go to docs/performance.md.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector [add-opens] -Xmx8g \
 *     -cp benchmarks/target/benchmarks.jar:$(cat spark-job/target/spark-classpath.txt) \
 *     org.poglm.bench.SparkBenchmarks overhead|sweep|scaling [master]
 * </pre>
 */
public final class SparkBenchmarks {
    private SparkBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "overhead";
        String master = args.length > 1 ? args[1] : "local[2]";
        SparkConf conf = new SparkConf().setMaster(master).setAppName("poglm-bench-" + what)
            .set("spark.ui.enabled", "false");
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().config(SparkSettings.fillIn(conf)).getOrCreate();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        System.out.printf(Locale.ROOT, "master %s, kernels %s, %d cores, Spark session started in %.1f s%n", master,
            VectorMath.kernels(), Runtime.getRuntime().availableProcessors(), (System.nanoTime() - t0) / 1e9);
        try {
            switch (what) {
                case "overhead" -> overhead(jsc);
                case "sweep" -> sweep(spark);
                case "scaling" -> scaling(jsc);
                default -> throw new IllegalArgumentException("overhead, sweep or scaling, not " + what);
            }
        } finally {
            spark.stop();
        }
    }

    /** Random Poisson counts at {@code rate} per bin, a pure function of the piece id. */
    record PoissonPieces(int bins, int visible, double rate, long seed) implements PieceSource.PieceMaker {
        @Override
        public Piece make(int id) {
            short[] c = new short[bins * visible];
            CellNoise noise = new CellNoise();
            long key = CounterRng.sampleKey(seed, CounterRng.DATA_STEP, id, 0);
            for (int i = 0; i < c.length; i++) {
                c[i] = (short) PoissonSampler.sample(noise.at(key, i), rate);
            }
            return new Piece(id, bins, visible, c);
        }
    }

    static List<SweepConfig> glm(int n) {
        List<SweepConfig> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new SweepConfig(i, "glm-" + i, SweepConfig.FULLY_OBSERVED, Double.NaN, 5, SweepConfig.FULLY_OBSERVED, 0,
                Nonlinearity.SIGMOID, i, 1, 0.01 + 1e-4 * i, 0.0, ScoreBaseline.NONE));
        }
        return out;
    }

    /**
     * Per-step driver overhead: ship parameters, one job, aggregate, Adam; compute made negligible (fully
     * observed GLMs on 10-bin pieces, 2 per batch). From 12 to about 2 million parameters per step, shipped
     * in the task closure and by broadcast, to place the switch between the two.
     */
    static void overhead(JavaSparkContext jsc) {
        int pieces = 40;
        System.out.println("| configurations | V | parameters shipped | shipping | median step (ms) | p90 step (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        int[][] cases = {{1, 3}, {200, 3}, {10, 100}, {50, 100}, {200, 100}};
        for (int[] c : cases) {
            int n = c[0];
            int v = c[1];
            JavaRDD<PieceBlock> blocks = PieceSource.generated(jsc, new PieceSource.Range(0, pieces),
                jsc.defaultParallelism(), new PoissonPieces(10, v, 0.2, 1));
            for (boolean broadcast : new boolean[] {false, true}) {
                Sweep sweep = new Sweep(glm(n), 1, 2, false, 0, 1, Basis.defaultBasis(), Padding.ZERO, 10);
                SweepContext ctx = new SweepContext("overhead-" + n + "-" + v + broadcast, sweep, v, pieces);
                Broadcast<SweepContext> b = jsc.broadcast(ctx);
                RddObjective.Options opts = new RddObjective.Options(2, broadcast ? 0 : Long.MAX_VALUE);
                List<Double> steps = new ArrayList<>();
                int reps = n * v > 10_000 ? 4 : 8;
                for (int rep = 0; rep < reps; rep++) {
                    long t0 = System.nanoTime();
                    TrainingLoop.Result r = SweepTrainer.train(jsc, blocks, sweep, b, opts, null);
                    if (rep >= 2) {
                        steps.add((System.nanoTime() - t0) / 1e6 / r.steps());
                    }
                }
                steps.sort(null);
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %s | %.1f | %.1f |%n", n, v, ctx.totalParameters(),
                    broadcast ? "broadcast" : "closure", steps.get(steps.size() / 2),
                    steps.get(Math.min(steps.size() - 1, (int) (steps.size() * 0.9))));
                b.destroy();
            }
            blocks.unpersist();
        }
    }

    /** The paper's synthetic sweep: 9 families x 3 schemes x 10 seeds = 270 configurations, 20 epochs. */
    static void sweep(SparkSession spark) throws Exception {
        Preset p = Preset.SYNTHETIC;
        Grid grid = Grid.of(Distributions.NAMES, List.of("f", "fs", "fb"), List.of(2),
            List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), p.training(0));
        Sweep sweep = new Sweep(grid.expand(), p.epochs, p.batchSize, false, 0, p.evalSamples, Basis.defaultBasis(),
            Padding.ZERO, SyntheticGenerator.PAPER_BINS);
        Path out = Files.createTempDirectory("poglm-sweep-bench").resolve("out");
        SweepJob.Spec spec = new SweepJob.Spec("bench-sweep", new GeneratedRecording(SyntheticGenerator.paperTruth(1), 60),
            sweep, 20, 0, 0, out.toString(), false, null, 0, RddObjective.Options.defaults(), Map.of());
        long t0 = System.nanoTime();
        SweepJob.Result r = new SweepJob(System.out).run(spec, spark);
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d configurations, 20 epochs, evaluation and outputs included (Spark session "
            + "start-up not included): %.1f s wall, %.0f configurations per minute; results in %s%n", sweep.size(), wall,
            sweep.size() / wall * 60, r.out());
    }

    /** Time per epoch versus pieces (V = 50) and versus V (1000 pieces); one exponential x FB configuration. */
    static void scaling(JavaSparkContext jsc) {
        System.out.println("| pieces | V | steps | build (s) | epoch (s) | per piece (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        // The first case warms the JIT and is not printed.
        int[][] cases = {{500, 50}, {1000, 50}, {10000, 50}, {100000, 50}, {1000, 10}, {1000, 200}};
        for (int k = 0; k < cases.length; k++) {
            int[] c = cases[k];
            int pieces = c[0];
            int v = c[1];
            long t0 = System.nanoTime();
            JavaRDD<PieceBlock> blocks = PieceSource.generated(jsc, new PieceSource.Range(0, pieces),
                jsc.defaultParallelism(), new PoissonPieces(100, v, 0.1, 2));
            double build = (System.nanoTime() - t0) / 1e9;
            Grid grid = new Grid(List.of("exponential"), List.of("fb"), List.of(2), List.of(0L), List.of(Double.NaN),
                List.of(5), List.of(0.02), List.of(0.02), List.of(Nonlinearity.SIGMOID), List.of(ScoreBaseline.NONE), 5);
            Sweep sweep = new Sweep(grid.expand(), 1, 32, false, 0, 1, Basis.defaultBasis(), Padding.ZERO, 100);
            SweepContext ctx = new SweepContext("scaling-" + pieces + "-" + v, sweep, v, pieces);
            Broadcast<SweepContext> b = jsc.broadcast(ctx);
            TrainingLoop.Result r = SweepTrainer.train(jsc, blocks, sweep, b, RddObjective.Options.defaults(), null);
            if (k > 0) {
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %.3f |%n", pieces, v, r.steps(), build,
                    r.wallSeconds(), r.wallSeconds() * 1000 / pieces);
            }
            b.destroy();
            blocks.unpersist();
        }
    }
}
