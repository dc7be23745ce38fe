package org.poglm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.ElboAggregate;
import org.poglm.train.LocalTrainer;
import org.poglm.train.TrainingState;

/**
 * The distributed aggregate equals the single-JVM fold over the same pieces (1e-12 relative), and
 * whole trainings on local[1], local[2] and the single-JVM trainer agree to 1e-9.
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
            SweepAggregate sum = SweepTrainer.aggregate(jsc, blocks, b, params, broadcast, epoch, batch, step, 2);
            List<Integer> members = ctx.schedule().batch(epoch, batch);
            assertEquals(members.size(), sum.pieces());
            for (SweepConfig c : sweep.configs()) {
                ElboEstimator est = new ElboEstimator(ctx.spec(c.index()), c.samples(), c.baseline());
                ElboAggregate fold = new ElboAggregate(params[c.index()].length);
                for (int i : members) {
                    fold.add(est, params[c.index()], local.get(i), c.seed(), step);
                }
                ElboAggregate dist = sum.part(c.index());
                close(fold.elboSum(), dist.elboSum(), 1e-12, 0, c.id() + " ELBO sum");
                double scale = 0;
                for (double g : fold.gradientSum()) {
                    scale = Math.max(scale, Math.abs(g));
                }
                for (int i = 0; i < fold.gradientSum().length; i++) {
                    close(fold.gradientSum()[i], dist.gradientSum()[i], 1e-12, 1e-6 * scale,
                        c.id() + " gradient " + i);
                }
            }
        }
        b.destroy();
        blocks.unpersist();
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
            SweepTrainer.Result r = SweepTrainer.train(jsc, blocks, sweep, b, SweepTrainer.Options.defaults(), null);
            assertEquals(3L * b.value().schedule().batchesPerEpoch(), r.steps());
            for (SweepConfig c : sweep.configs()) {
                double[] expected = oneJvm.get(c.index());
                double[] actual = r.states().get(c.index()).params();
                double scale = 0;
                for (double v : expected) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < expected.length; i++) {
                    close(expected[i], actual[i], 1e-9, scale * 1e-3, master + " " + c.id() + " parameter " + i);
                }
                assertTrue(r.computeSeconds()[c.index()] > 0, "compute time is recorded");
            }
            b.destroy();
            blocks.unpersist();
        }
    }
}
