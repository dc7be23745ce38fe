package org.poglm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.PoissonSpikes;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;
import org.poglm.train.ElboAggregate;
import org.poglm.train.LocalTrainer;
import org.poglm.train.TrainingConfig;
import org.poglm.train.TrainingState;

/** SPEC §8: the same seed gives bit-identical parameters; neither the order of pieces nor their split changes a sum. */
class DeterminismTest {

    static List<PieceFeatures> pieces(int n, int T, int V) {
        List<PieceFeatures> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestProblems.piece(T, V, 100 + i));
        }
        return out;
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() {
        for (String d : List.of("exponential", "poisson", "gs-pathwise", "eat-cubic")) {
            for (String s : List.of("f", "fs", "fb")) {
                ModelSpec spec = TestProblems.spec(3, 2, d, s, Nonlinearity.SIGMOID);
                TrainingConfig cfg = TrainingConfig.defaults(7).withEpochs(2).withBatchSize(3);
                List<PieceFeatures> train = pieces(7, 30, 3);
                double[] a = LocalTrainer.train(new TrainingState("a", spec, cfg), train, null).params();
                double[] b = LocalTrainer.train(new TrainingState("b", spec, cfg), train, null).params();
                assertArrayEquals(a, b, 0.0, d + " x " + s);
                double[] c = LocalTrainer.train(new TrainingState("c", spec, cfg.withSeed(8)), train, null).params();
                assertNotEquals(a[0], c[0], "another seed gives other parameters");
            }
        }
    }

    /** The issue asks for 1e-12 relative; exact sums make it bit-identical. */
    @Test
    void pieceOrderInsideABatchAndItsSplitDoNotChangeTheSums() {
        for (String d : List.of("exponential", "categorical", "eat-sigmoid", "poisson")) {
            ModelSpec spec = TestProblems.spec(3, 2, d, "fb", Nonlinearity.SIGMOID);
            ElboEstimator est = new ElboEstimator(spec, 4, ScoreBaseline.LEAVE_ONE_OUT);
            double[] params = TestProblems.params(est.layout(), 0.5, 3);
            List<PieceFeatures> batch = pieces(12, 40, 3);
            ElboAggregate forward = new ElboAggregate(params.length);
            for (PieceFeatures p : batch) {
                forward.add(est, params, p, 9, 4);
            }
            List<PieceFeatures> shuffled = new ArrayList<>(batch);
            Collections.shuffle(shuffled, new Random(1));
            // Three partial sums merged, as a distributed aggregate would.
            ElboAggregate[] parts = {new ElboAggregate(params.length), new ElboAggregate(params.length),
                new ElboAggregate(params.length)};
            for (int i = 0; i < shuffled.size(); i++) {
                parts[i % 3 == 0 ? 0 : i % 5 == 0 ? 1 : 2].add(est, params, shuffled.get(i), 9, 4);
            }
            ElboAggregate merged = parts[2].merge(parts[0]).merge(parts[1]);
            assertEquals(forward.count(), merged.count());
            assertEquals(forward.elboSum(), merged.elboSum(), 0.0, d + " ELBO sum");
            assertArrayEquals(forward.gradientSum(), merged.gradientSum(), 0.0, d + " gradient sum");
            double norm = 0;
            for (double g : forward.gradientSum()) {
                norm = Math.max(norm, Math.abs(g));
            }
            assertTrue(norm > 0);
        }
    }

    @Test
    void noiseDependsOnSeedStepPieceAndSampleOnly() {
        ModelSpec spec = TestProblems.spec(3, 2, "exponential", "f", Nonlinearity.SIGMOID);
        ElboEstimator est = new ElboEstimator(spec, 3, ScoreBaseline.NONE);
        double[] params = TestProblems.params(est.layout(), 0.5, 3);
        PieceFeatures p = TestProblems.piece(20, 3, 5);
        double e1 = est.elbo(params, p, 1, 2, null);
        est.elbo(params, TestProblems.piece(20, 3, 6), 1, 2, null);
        assertEquals(e1, est.elbo(params, p, 1, 2, null), 0.0, "no hidden state between calls");
        assertNotEquals(e1, est.elbo(params, p, 1, 3, null), "another step draws other noise");
        assertNotEquals(e1, est.elbo(params, p, 2, 2, null), "another seed draws other noise");
    }

    @Test
    void aRowOfFirstUniformsIsTheCellsOwn() {
        CellNoise noise = new CellNoise();
        double[] row = new double[257];
        for (long key : new long[] {0L, -1L, CounterRng.sampleKey(3, 7, 11, 2), Long.MIN_VALUE}) {
            for (long cell0 : new long[] {0L, 100L, 1L << 40}) {
                CellNoise.firstUniforms(key, cell0, row.length, row);
                for (int t = 0; t < row.length; t++) {
                    assertEquals(noise.at(key, cell0 + t).uniform(0), row[t], 0.0, "cell " + (cell0 + t));
                }
            }
        }
    }

    @Test
    void poissonRowsDrawWhatTheCellSamplerDraws() {
        PoissonSpikes d = new PoissonSpikes();
        CellNoise noise = new CellNoise();
        int T = 300;
        double[] m = new double[T];
        for (int t = 0; t < T; t++) {
            // Inversion, the rejection sampler above 10, zero and a diverged (NaN) mean.
            m[t] = t % 50 == 0 ? 0.0 : t % 37 == 0 ? 25.0 + t : t == 299 ? Double.NaN : 0.01 * t;
        }
        double[][] latent = new double[1][T];
        double[] z = new double[T];
        long key = CounterRng.sampleKey(1, 2, 3, 4);
        d.sampleRow(noise, key, 40, m, T, latent, 0, z, new double[1], new double[T]);
        double[][] one = new double[1][1];
        for (int t = 0; t < T; t++) {
            double expected = d.sample(noise.at(key, 40 + t), m[t], one, 0, 0, new double[1]);
            assertEquals(expected, z[t], 0.0, "cell " + t + " mean " + m[t]);
            assertEquals(expected, latent[0][t], 0.0);
        }
    }
}
