package org.poglm.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.eval.InferredActivity;
import org.poglm.eval.MarginalLikelihood;
import org.poglm.eval.PieceEvaluation;
import org.poglm.eval.PoissonBaseline;
import org.poglm.eval.TestEvaluation;
import org.poglm.job.SweepResults;
import org.poglm.result.OutputDirectory;
import org.poglm.result.ResultWriter;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.train.TrainingState;

/**
 * Distributed evaluation equals the single-JVM {@link TestEvaluation} over the same test pieces and
 * parameters, bit for bit (same arithmetic, piece by piece): per configuration and piece, the mean
 * per piece, per bin and bits per spike; for test pieces dealt to partitions round-robin, re-dealt
 * from a shuffled RDD, and scattered by hand, so a mix-up of piece index, id and row would show.
 * pieces.csv, written from the scores, names each value with the right piece id. The per-unit
 * log-likelihoods, the per-unit baseline and the window's inferred activity and counts equal the
 * single-JVM {@link MarginalLikelihood#evaluate} and {@link PoissonBaseline#unitLogLikelihood}, bit for bit.
 */
class SweepEvaluatorTest {
    static final int TRAIN = 30;
    static final int TEST = 17;

    static PieceFeatures features(Sweep sweep, Piece p) {
        return PieceFeatures.of(p, sweep.basis(), sweep.padding());
    }

    @Test
    void distributedEvaluationEqualsTheSingleJvmEvaluationForAnyPartitioning(@TempDir Path dir) throws Exception {
        Sweep sweep = SweepFixtures.small(1, 10);
        assertTrue(sweep.configs().stream().anyMatch(SweepConfig::fullyObserved)
            && sweep.configs().stream().anyMatch(c -> !c.fullyObserved()), "H = 0 and H > 0");
        JavaSparkContext jsc = SparkTestSession.jsc();
        List<Piece> all = new ArrayList<>();
        List<PieceFeatures> train = new ArrayList<>();
        List<PieceFeatures> test = new ArrayList<>();
        for (int id = 0; id < TRAIN + TEST; id++) {
            Piece p = SyntheticGenerator.piece(SweepFixtures.TRUTH, id);
            all.add(p);
            (id < TRAIN ? train : test).add(features(sweep, p));
        }
        double[] rates = PoissonBaseline.fit(train).rates();
        PoissonBaseline baseline = PoissonBaseline.ofRates(rates);
        SweepContext ctx = new SweepContext("test-eval", sweep, 3, TRAIN);
        // Parameters away from the initial ones, so every block (W, variational weights) matters.
        List<TrainingState> states = new ArrayList<>();
        double[][] params = new double[sweep.size()][];
        List<TestEvaluation> oneJvm = new ArrayList<>();
        for (SweepConfig c : sweep.configs()) {
            TrainingState st = new TrainingState(c.id(), ctx.spec(c.index()), c.training(sweep));
            double[] p = st.params().clone();
            Random noise = new Random(100 + c.index());
            for (int i = 0; i < p.length; i++) {
                p[i] += 0.5 * noise.nextGaussian();
            }
            TrainingState.Snapshot now = st.snapshot();
            double[] curve = now.curve();
            curve[0] = -1.0;
            st.restore(new TrainingState.Snapshot(p, 0, new double[p.length], new double[p.length], curve,
                now.validation(), now.epochElbo(), now.epochPieces(), now.epochsRun(), null, now.bestValidation(),
                now.bestEpoch(), now.outcome()));
            states.add(st);
            params[c.index()] = p;
            oneJvm.add(TestEvaluation.evaluate(ctx.spec(c.index()), p, test, baseline, sweep.evalSamples(), c.seed()));
        }
        // The new numbers in one JVM: per configuration and test piece, with the activity everywhere.
        PieceEvaluation[][] perPiece = new PieceEvaluation[sweep.size()][TEST];
        for (SweepConfig c : sweep.configs()) {
            MarginalLikelihood ml = new MarginalLikelihood(ctx.spec(c.index()), sweep.evalSamples());
            for (int i = 0; i < TEST; i++) {
                perPiece[c.index()][i] = ml.evaluate(params[c.index()], test.get(i), c.seed(), true);
            }
        }

        PieceSource.Range range = new PieceSource.Range(TRAIN, TEST);
        List<Piece> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(5));
        Map<String, JavaRDD<PieceBlock>> partitionings = new HashMap<>();
        partitionings.put("round-robin over 3", PieceSource.synthetic(jsc, SweepFixtures.TRUTH, range, 3));
        partitionings.put("shuffled RDD re-dealt to 5", PieceSource.fromPieces(jsc, jsc.parallelize(shuffled, 4), range,
            0, TRAIN, 5));
        partitionings.put("scattered by hand", scattered(jsc, all));
        Broadcast<SweepContext> b = jsc.broadcast(ctx);
        try {
            for (Map.Entry<String, JavaRDD<PieceBlock>> e : partitionings.entrySet()) {
                String how = e.getKey();
                SweepEvaluator.Scores s = SweepEvaluator.evaluate(jsc, e.getValue(), TEST, b, params, rates, null);
                for (int i = 0; i < TEST; i++) {
                    PieceFeatures p = test.get(i);
                    assertEquals(TRAIN + i, s.pieceIds()[i], how + ": id of test piece " + i);
                    assertEquals(p.bins, s.bins()[i], how + ": bins of piece " + p.id);
                    assertEquals(p.spikes, s.spikes()[i], how + ": spikes of piece " + p.id);
                    assertEquals(baseline.logLikelihood(p), s.baseline()[i], 0.0, how + ": baseline of piece " + p.id);
                }
                for (SweepConfig c : sweep.configs()) {
                    TestEvaluation expected = oneJvm.get(c.index());
                    String what = how + ", " + c.id();
                    for (int i = 0; i < TEST; i++) {
                        assertTrue(Double.isFinite(expected.perPiece()[i]), what + ": a finite value to compare");
                        assertEquals(expected.perPiece()[i], s.logLikelihood()[c.index()][i], 0.0,
                            what + ": log-likelihood of piece " + (TRAIN + i));
                    }
                    // The summary the job writes (SweepResults) is computed from the distributed scores like this.
                    TestEvaluation row = TestEvaluation.of(s.logLikelihood()[c.index()], s.baseline(), s.bins(),
                        s.spikes());
                    assertEquals(expected.meanPerPiece(), row.meanPerPiece(), 0.0, what + ": mean per piece");
                    assertEquals(expected.meanPerBin(), row.meanPerBin(), 0.0, what + ": mean per bin");
                    assertEquals(expected.bitsPerSpike(), row.bitsPerSpike(), 0.0, what + ": bits per spike");
                    assertTrue(s.computeSeconds()[c.index()] > 0, what + ": compute time");
                }
                checkUnitsAndActivity(how, s, SweepEvaluator.DEFAULT_WINDOW, sweep, test, perPiece, baseline);
                if (how.equals("scattered by hand")) {
                    checkPiecesCsv(dir, sweep, states, s, test, oneJvm, baseline);
                    // Window pieces spread over several blocks, and no window at all.
                    SweepEvaluator.Scores wide = SweepEvaluator.evaluate(jsc, e.getValue(), TEST, b, params, rates, 9,
                        null);
                    checkUnitsAndActivity(how + ", window 9", wide, 9, sweep, test, perPiece, baseline);
                    SweepEvaluator.Scores none = SweepEvaluator.evaluate(jsc, e.getValue(), TEST, b, params, rates, 0,
                        null);
                    checkUnitsAndActivity(how + ", no window", none, 0, sweep, test, perPiece, baseline);
                    for (SweepConfig c : sweep.configs()) {
                        for (int i = 0; i < TEST; i++) {
                            assertEquals(s.logLikelihood()[c.index()][i], wide.logLikelihood()[c.index()][i], 0.0,
                                "the window does not touch log p(X)");
                        }
                    }
                }
            }
        } finally {
            b.destroy();
            partitionings.values().forEach(JavaRDD::unpersist);
        }
    }

    /** The per-unit values, the per-unit baseline and the window of the distributed scores, against one JVM. */
    static void checkUnitsAndActivity(String how, SweepEvaluator.Scores s, int window, Sweep sweep,
                                      List<PieceFeatures> test, PieceEvaluation[][] oneJvm, PoissonBaseline baseline) {
        int V = test.get(0).visible;
        assertEquals(Math.min(window, TEST), s.window(), how + ": window pieces");
        for (int i = 0; i < TEST; i++) {
            PieceFeatures p = test.get(i);
            double[] base = baseline.unitLogLikelihood(p);
            for (int v = 0; v < V; v++) {
                assertEquals(base[v], s.unitBaseline()[i][v], 0.0, how + ": unit baseline, piece " + p.id + " unit " + v);
            }
        }
        for (SweepConfig c : sweep.configs()) {
            String what = how + ", " + c.id();
            assertEquals(s.window(), s.activity()[c.index()].length, what + ": activity per window piece");
            for (int i = 0; i < TEST; i++) {
                PieceEvaluation expected = oneJvm[c.index()][i];
                assertEquals(expected.logLikelihood(), s.logLikelihood()[c.index()][i], 0.0, what + ": same samples");
                for (int v = 0; v < V; v++) {
                    double u = expected.unitLogLikelihood()[v];
                    assertTrue(Double.isFinite(u), what + ": a finite value to compare");
                    assertEquals(u, s.unitLogLikelihood()[c.index()][i][v], 0.0,
                        what + ": unit " + v + " of piece " + (TRAIN + i));
                }
            }
            for (int w = 0; w < s.window(); w++) {
                InferredActivity e = oneJvm[c.index()][w].activity();
                InferredActivity got = s.activity()[c.index()][w];
                int H = c.hidden();
                for (int t = 0; t < test.get(w).bins; t++) {
                    assertEquals(H, got.hiddenRate()[t].length, what + ": hidden neurons");
                    for (int h = 0; h < H; h++) {
                        assertEquals(e.hiddenRate()[t][h], got.hiddenRate()[t][h], 0.0,
                            what + ": hidden rate, window piece " + w + " bin " + t);
                    }
                    for (int v = 0; v < V; v++) {
                        assertEquals(e.visibleRate()[t][v], got.visibleRate()[t][v], 0.0,
                            what + ": visible rate, window piece " + w + " bin " + t);
                    }
                }
            }
        }
        for (int w = 0; w < s.window(); w++) {
            PieceFeatures p = test.get(w);
            assertEquals(p.bins, s.windowCounts()[w].length, how + ": bins of window piece " + w);
            for (int t = 0; t < p.bins; t++) {
                for (int v = 0; v < V; v++) {
                    assertEquals((int) p.count(t, v), s.windowCounts()[w][t][v], how + ": count of window piece " + w);
                }
            }
        }
    }

    /** Test pieces scattered over 4 blocks of uneven size, out of order within each block. */
    static JavaRDD<PieceBlock> scattered(JavaSparkContext jsc, List<Piece> all) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < TEST; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(11));
        int[] sizes = {7, 1, 4, 5};
        List<PieceBlock> blocks = new ArrayList<>();
        int next = 0;
        for (int size : sizes) {
            int[] idx = new int[size];
            Piece[] pieces = new Piece[size];
            for (int k = 0; k < size; k++) {
                idx[k] = order.get(next++);
                pieces[k] = all.get(TRAIN + idx[k]);
            }
            blocks.add(new PieceBlock(idx, pieces));
        }
        assertEquals(TEST, next);
        JavaRDD<PieceBlock> rdd = jsc.parallelize(blocks, sizes.length);
        rdd.cache().count();
        return rdd;
    }

    /** pieces.csv: one row per configuration and test piece, each value under its own piece id. */
    static void checkPiecesCsv(Path dir, Sweep sweep, List<TrainingState> states, SweepEvaluator.Scores s,
                               List<PieceFeatures> test, List<TestEvaluation> oneJvm, PoissonBaseline baseline)
        throws Exception {
        String out = dir.resolve("result").toString();
        OutputDirectory o = OutputDirectory.open(out, false, new Configuration(), "test-eval");
        new ResultWriter(o).pieces(SweepResults.pieces(s, sweep.configs().stream().map(SweepConfig::id).toList()));
        o.commit("test-eval\n");
        List<String> lines = Files.readAllLines(Path.of(out, "pieces.csv"));
        assertEquals("piece_id,config_id,test_marginal_ll,baseline_ll,spikes", lines.get(0));
        assertEquals(1 + sweep.size() * TEST, lines.size());
        Map<String, Integer> byId = new HashMap<>();
        sweep.configs().forEach(c -> byId.put(c.id(), c.index()));
        boolean[][] seen = new boolean[sweep.size()][TEST];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            int i = Integer.parseInt(f[0]) - TRAIN;
            int c = byId.get(f[1]);
            PieceFeatures p = test.get(i);
            assertEquals(p.id, Long.parseLong(f[0]));
            assertEquals(oneJvm.get(c).perPiece()[i], Double.parseDouble(f[2]), 0.0, "pieces.csv: " + line);
            assertEquals(baseline.logLikelihood(p), Double.parseDouble(f[3]), 0.0, "pieces.csv: " + line);
            assertEquals(p.spikes, Long.parseLong(f[4]), "pieces.csv: " + line);
            assertTrue(!seen[c][i], "pieces.csv: one row per configuration and piece: " + line);
            seen[c][i] = true;
        }
    }
}
