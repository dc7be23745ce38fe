package org.poglm.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.sweep.Grid;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.synthetic.SyntheticTruth;
import org.poglm.train.BatchSchedule;
import org.poglm.train.ElboAggregate;
import org.poglm.train.LocalObjective;
import org.poglm.train.Start;
import org.poglm.train.Stopping;
import org.poglm.train.LocalTrainer;
import org.poglm.train.SweepObjective;
import org.poglm.train.Preset;
import org.poglm.train.TrainingConfig;
import org.poglm.train.TrainingState;
import org.poglm.train.TrainingLoop;
import org.poglm.train.SweepAggregate;

/**
 * The distributed aggregate equals the single-JVM fold over the same pieces, and whole trainings on
 * local[1], local[2] and the single-JVM trainer agree: bit for bit, since the sums do not depend on the
 * order of their pieces (the issue asks for 1e-12 and 1e-9 relative).
 */
class DistributedEqualsLocalTest {
    static final int PIECES = 23;

    @AfterAll
    static void restore() {
        SparkTestSession.reset();
    }

    static List<PieceFeatures> localPieces(Sweep sweep) {
        List<PieceFeatures> out = new ArrayList<>();
        for (int p = 0; p < PIECES; p++) {
            out.add(PieceFeatures.of(SyntheticGenerator.piece(SweepFixtures.TRUTH, p), sweep.basis(), sweep.padding()));
        }
        return out;
    }

    /** Asserts |actual - expected| <= rel * max(|expected|, scale) and returns that relative difference. */
    static double close(double expected, double actual, double rel, double scale, String what) {
        double ref = Math.max(Math.abs(expected), scale);
        assertEquals(expected, actual, rel * ref, what);
        return expected == actual ? 0.0 : Math.abs(actual - expected) / ref;
    }

    @Test
    void stepSumsEqualTheSingleJvmFold() {
        Sweep sweep = SweepFixtures.mixed(1, 6);
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 3);
        SweepContext ctx = new SweepContext("test-sums", sweep, 3, PIECES);
        Broadcast<SweepContext> b = jsc.broadcast(ctx);
        List<PieceFeatures> local = localPieces(sweep);
        int epoch = 2;
        int batch = 1;
        long step = ctx.schedule().step(epoch, batch);
        double[][] params = new double[sweep.size()][];
        for (SweepConfig c : sweep.configs()) {
            params[c.index()] = new TrainingState(c.id(), ctx.spec(c.index()), c.training(sweep)).params();
        }
        for (boolean broadcast : new boolean[] {false, true}) {
            SweepAggregate sum = RddObjective.aggregate(jsc, blocks, b, params, broadcast, epoch, batch, step, 2);
            List<Integer> members = ctx.schedule().batch(epoch, batch);
            assertEquals(members.size(), sum.pieces());
            for (SweepConfig c : sweep.configs()) {
                ElboEstimator est = new ElboEstimator(ctx.spec(c.index()), c.samples(), c.baseline());
                ElboAggregate fold = new ElboAggregate(params[c.index()].length);
                for (int i : members) {
                    fold.add(est, params[c.index()], local.get(i), c.seed(), step);
                }
                ElboAggregate dist = sum.part(c.index());
                assertEquals(fold.elboSum(), dist.elboSum(), 0.0, c.id() + " ELBO sum");
                assertArrayEquals(fold.gradientSum(), dist.gradientSum(), 0.0, c.id() + " gradient sum");
                assertTrue(fold.elboSum() < 0);
            }
        }
        b.destroy();
        blocks.unpersist();
    }

    /**
     * The one training loop's two objectives, step by step: the in-JVM {@link LocalObjective} and the
     * Spark {@link RddObjective} return the same sums for every configuration and batch of a shuffled epoch.
     */
    @Test
    void theLocalAndTheRddObjectiveGiveTheSameSumsAtEveryStep() {
        Sweep sweep = SweepFixtures.mixed(2, 5);
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES), 3);
        SweepContext ctx = new SweepContext("test-objectives", sweep, 3, PIECES);
        Broadcast<SweepContext> b = jsc.broadcast(ctx);
        List<TrainingState> states = new ArrayList<>();
        for (SweepConfig c : sweep.configs()) {
            states.add(new TrainingState(c.id(), ctx.spec(c.index()), c.training(sweep)));
        }
        double[][] params = new double[states.size()][];
        for (int c = 0; c < params.length; c++) {
            params[c] = states.get(c).params();
        }
        SweepObjective local = new LocalObjective(states, localPieces(sweep), ctx.schedule());
        SweepObjective rdd = new RddObjective(jsc, blocks, b, RddObjective.Options.defaults());
        try {
            for (int batch = 0; batch < ctx.schedule().batchesPerEpoch(); batch++) {
                long step = ctx.schedule().step(1, batch);
                SweepAggregate expected = local.sums(1, batch, step, params);
                SweepAggregate actual = rdd.sums(1, batch, step, params);
                assertEquals(ctx.schedule().batch(1, batch).size(), actual.pieces(), "pieces of batch " + batch);
                assertEquals(expected.pieces(), actual.pieces(), "pieces of batch " + batch);
                for (SweepConfig c : sweep.configs()) {
                    assertEquals(expected.part(c.index()).elboSum(), actual.part(c.index()).elboSum(), 0.0,
                        c.id() + " batch " + batch + ": ELBO sum");
                    assertArrayEquals(expected.part(c.index()).gradientSum(), actual.part(c.index()).gradientSum(), 0.0,
                        c.id() + " batch " + batch + ": gradient sum");
                }
            }
        } finally {
            b.destroy();
            blocks.unpersist();
        }
    }

    /**
     * Early stopping on Spark equals the single-JVM trainer bit for bit (SPEC §8-§9): the data start, the
     * validation ELBO of every epoch, the epoch each configuration stops at, its restored parameters;
     * configurations that stop early leave the others' steps unchanged.
     */
    @Test
    void earlyStoppingOnSparkEqualsTheSingleJvmTrainer() {
        Sweep mixed = SweepFixtures.mixed(12, 5);
        Sweep sweep = new Sweep(mixed.configs(), 12, 5, true, 7, 50, mixed.basis(), mixed.padding(), mixed.pieceBins(),
            Start.DATA, new Stopping(2, 0.02), 0.2);
        int train = 18;
        List<PieceFeatures> all = localPieces(sweep);
        List<TrainingState> oneJvm = new ArrayList<>();
        for (SweepConfig c : sweep.configs()) {
            oneJvm.add(new TrainingState(c.id(), c.spec(3, sweep.basis()), c.training(sweep)));
        }
        LocalTrainer.train(oneJvm, all.subList(0, train), all.subList(train, PIECES), null);
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, train), 3);
        JavaRDD<PieceBlock> validation = PieceSource.synthetic(jsc, SweepFixtures.TRUTH,
            new PieceSource.Range(train, PIECES - train), 2);
        Broadcast<SweepContext> b = jsc.broadcast(new SweepContext("test-early", sweep, 3, train));
        try {
            TrainingLoop.Result r = SweepTrainer.train(jsc, blocks, validation, sweep, b, RddObjective.Options.defaults(),
                null);
            java.util.Set<Integer> epochs = new java.util.HashSet<>();
            for (SweepConfig c : sweep.configs()) {
                TrainingState expected = oneJvm.get(c.index());
                TrainingState actual = r.states().get(c.index());
                assertArrayEquals(expected.params(), actual.params(), 0.0, c.id() + ": parameters bit-identical");
                assertArrayEquals(expected.validationCurve(), actual.validationCurve(), 0.0, c.id() + ": validation");
                assertArrayEquals(expected.curve(), actual.curve(), 0.0, c.id() + ": learning curve");
                assertEquals(expected.outcome(), actual.outcome(), c.id() + ": how it stopped");
                epochs.add(actual.outcome().epochs());
            }
            assertTrue(epochs.size() > 1, "configurations stopped at different epochs: " + epochs);
        } finally {
            b.destroy();
            blocks.unpersist();
            validation.unpersist();
        }
    }

    @Test
    void trainingOnLocal1Local2AndOneJvmAgree() {
        Sweep sweep = SweepFixtures.mixed(3, 5);
        List<PieceFeatures> local = localPieces(sweep);
        List<double[]> oneJvm = new ArrayList<>();
        for (SweepConfig c : sweep.configs()) {
            TrainingState s = new TrainingState(c.id(), c.spec(3, sweep.basis()), c.training(sweep));
            oneJvm.add(LocalTrainer.train(s, local, null).params());
        }
        for (String master : new String[] {"local[1]", "local[2,4]"}) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get(master).sparkContext());
            JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, SweepFixtures.TRUTH, new PieceSource.Range(0, PIECES),
                master.equals("local[1]") ? 1 : 4);
            Broadcast<SweepContext> b = jsc.broadcast(new SweepContext("test-train-" + master, sweep, 3, PIECES));
            TrainingLoop.Result r = SweepTrainer.train(jsc, blocks, sweep, b, RddObjective.Options.defaults(), null);
            assertEquals(3L * b.value().schedule().batchesPerEpoch(), r.steps());
            for (SweepConfig c : sweep.configs()) {
                double[] expected = oneJvm.get(c.index());
                double[] actual = r.states().get(c.index()).params();
                // SPEC asks for 1e-9; exact (order-independent) sums make it bit-identical.
                assertArrayEquals(expected, actual, 0.0, master + " " + c.id() + ": parameters bit-identical");
                assertTrue(r.computeSeconds()[c.index()] > 0, "compute time is recorded");
            }
            b.destroy();
            blocks.unpersist();
        }
    }

    /**
     * The synthetic preset at its real length (SPEC §6: 40 training pieces of 100 bins, batch 10,
     * K = 5, 20 epochs = 80 steps) on the shared local[2] session, 2 partitions, equals the single-JVM
     * trainer bit for bit: the GLM, a pathwise family, and Poisson, a score-function family with discrete
     * hidden spikes whose last-bit differences would grow about tenfold per epoch if a sum depended on
     * the order of its pieces (with plain double sums it reached order 1 by epoch 16).
     */
    @Test
    void theSyntheticPresetsTwentyEpochsOnSparkEqualTheSingleJvmTrainer() {
        Preset preset = Preset.SYNTHETIC;
        SyntheticTruth truth = SyntheticGenerator.paperTruth(1);
        int pieces = SyntheticGenerator.PAPER_TRAIN;
        int visible = SyntheticGenerator.PAPER_VISIBLE;
        Grid grid = new Grid(List.of("exponential", "poisson"), List.of("fb"), List.of(0, 2), List.of(0L),
            List.of(Double.NaN), List.of(preset.samples), List.of(preset.lrTheta), List.of(preset.lrPhi),
            List.of(Nonlinearity.SIGMOID), List.of(ScoreBaseline.NONE), 5);
        Sweep sweep = new Sweep(grid.expand(), preset.epochs, preset.batchSize, false, 0, preset.evalSamples,
            Basis.defaultBasis(), Padding.ZERO, SyntheticGenerator.PAPER_BINS);
        assertEquals(List.of("glm", "fb-exponential-h2-s0", "fb-poisson-h2-s0"),
            sweep.configs().stream().map(SweepConfig::id).toList());
        List<PieceFeatures> local = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            local.add(PieceFeatures.of(SyntheticGenerator.piece(truth, p), sweep.basis(), sweep.padding()));
        }
        JavaSparkContext jsc = SparkTestSession.jsc();
        JavaRDD<PieceBlock> blocks = PieceSource.synthetic(jsc, truth, new PieceSource.Range(0, pieces), 2);
        Broadcast<SweepContext> b = jsc.broadcast(new SweepContext("test-preset", sweep, visible, pieces));
        try {
            TrainingLoop.Result r = SweepTrainer.train(jsc, blocks, sweep, b, RddObjective.Options.defaults(), null);
            assertEquals(20L * 4, r.steps());
            for (SweepConfig c : sweep.configs()) {
                TrainingConfig training = c.training(sweep);
                if (!c.fullyObserved()) {
                    assertEquals(preset.training(c.seed()), training, c.id() + ": the preset's training");
                }
                TrainingState spark = r.states().get(c.index());
                TrainingState oneJvm = LocalTrainer.train(
                    new TrainingState(c.id(), c.spec(visible, sweep.basis()), training), local, null);
                assertArrayEquals(oneJvm.params(), spark.params(), 0.0, c.id() + ": parameters bit-identical");
                assertArrayEquals(oneJvm.curve(), spark.curve(), 0.0, c.id() + ": learning curve bit-identical");
            }
        } finally {
            b.destroy();
            blocks.unpersist();
        }
    }
}
