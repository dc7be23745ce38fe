package org.poglm.synthetic;

import java.util.ArrayList;
import java.util.List;

import org.poglm.data.Basis;
import org.poglm.data.Piece;
import org.poglm.distributions.PoissonSampler;
import org.poglm.model.Nonlinearity;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;
import org.poglm.errors.ConfigurationException;

/**
 * The paper's synthetic generator (SPEC §6 "synthetic"): N neurons of which the first V are visible,
 * weights {@code U(-2, 2)}, biases {@code U(-0.5, 0.5)}, sigmoid rates, Poisson spikes for every
 * neuron (hidden ones included), each piece simulated from zero history. Every draw derives from
 * (seed, data step, piece, cell), so a seed names one data set.
 */
public final class SyntheticGenerator {
    public static final int PAPER_NEURONS = 5;
    public static final int PAPER_VISIBLE = 3;
    public static final int PAPER_TRAIN = 40;
    public static final int PAPER_TEST = 20;
    public static final int PAPER_BINS = 100;
    public static final double WEIGHT_RANGE = 2.0;
    public static final double BIAS_RANGE = 0.5;

    private SyntheticGenerator() {
    }

    /** The paper's setup: 5 neurons, 3 visible, 40 train + 20 test pieces of 100 bins. */
    public static SyntheticData paper(long seed) {
        return generate(seed, PAPER_NEURONS, PAPER_VISIBLE, PAPER_TRAIN, PAPER_TEST, PAPER_BINS, Basis.defaultBasis());
    }

    public static SyntheticData generate(long seed, int neurons, int visible, int trainPieces, int testPieces, int bins,
                                         Basis basis) {
        ConfigurationException.require(trainPieces >= 1, "training pieces", trainPieces, "an integer >= 1");
        ConfigurationException.require(testPieces >= 0, "test pieces", testPieces, "an integer >= 0");
        SyntheticTruth truth = truth(seed, neurons, visible, bins, basis);
        List<Piece> train = new ArrayList<>();
        List<Piece> test = new ArrayList<>();
        List<int[][]> hidden = new ArrayList<>();
        for (int p = 0; p < trainPieces + testPieces; p++) {
            int[][] spikes = simulate(truth, p);
            (p < trainPieces ? train : test).add(visiblePiece(truth, p, spikes));
            int[][] hid = new int[bins][neurons - visible];
            for (int t = 0; t < bins; t++) {
                System.arraycopy(spikes[t], visible, hid[t], 0, neurons - visible);
            }
            hidden.add(hid);
        }
        return new SyntheticData(truth.weights(), truth.biases(), visible, basis, Nonlinearity.SIGMOID, train, test,
            hidden, seed);
    }

    /** The network of generator seed {@code seed}: weights U(-2, 2), biases U(-0.5, 0.5). */
    public static SyntheticTruth truth(long seed, int neurons, int visible, int bins, Basis basis) {
        ConfigurationException.require(neurons >= 1, "neurons", neurons, "an integer >= 1");
        ConfigurationException.require(visible >= 1 && visible <= neurons, "visible neurons", visible,
            "between 1 and " + neurons);
        ConfigurationException.require(bins >= 1, "bins", bins, "an integer >= 1");
        long key = CounterRng.sampleKey(seed, CounterRng.DATA_STEP, -1, 0);
        double[][] w = new double[neurons][neurons];
        double[] b = new double[neurons];
        int i = 0;
        for (int n = 0; n < neurons; n++) {
            for (int m = 0; m < neurons; m++) {
                w[n][m] = WEIGHT_RANGE * (2 * CounterRng.uniform(key, i++) - 1);
            }
        }
        for (int n = 0; n < neurons; n++) {
            b[n] = BIAS_RANGE * (2 * CounterRng.uniform(key, i++) - 1);
        }
        return new SyntheticTruth(w, b, visible, basis, bins, seed);
    }

    /** The paper setup's network for a seed. */
    public static SyntheticTruth paperTruth(long seed) {
        return truth(seed, PAPER_NEURONS, PAPER_VISIBLE, PAPER_BINS, Basis.defaultBasis());
    }

    /** Visible spikes of piece {@code p}, generated on its own (any executor, any order). */
    public static Piece piece(SyntheticTruth truth, int p) {
        return visiblePiece(truth, p, simulate(truth, p));
    }

    private static Piece visiblePiece(SyntheticTruth truth, int p, int[][] spikes) {
        int[][] vis = new int[truth.bins()][truth.visible()];
        for (int t = 0; t < truth.bins(); t++) {
            System.arraycopy(spikes[t], 0, vis[t], 0, truth.visible());
        }
        return Piece.of(p, vis);
    }

    static int[][] simulate(SyntheticTruth truth, int p) {
        return simulate(truth.weights(), truth.biases(), truth.basis(), truth.bins(),
            CounterRng.sampleKey(truth.seed(), CounterRng.DATA_STEP, p, 0));
    }

    /** Spikes of all neurons for one piece, from zero history. */
    static int[][] simulate(double[][] w, double[] b, Basis basis, int bins, long key) {
        int n = b.length;
        int L = basis.length();
        int[][] s = new int[bins][n];
        CellNoise noise = new CellNoise();
        for (int t = 0; t < bins; t++) {
            for (int j = 0; j < n; j++) {
                double a = b[j];
                for (int m = 0; m < n; m++) {
                    double h = 0;
                    for (int l = 1; l <= L && l <= t; l++) {
                        h += basis.lag(l) * s[t - l][m];
                    }
                    a += w[j][m] * h;
                }
                double rate = Nonlinearity.SIGMOID.value(a);
                s[t][j] = (int) PoissonSampler.sample(noise.at(key, (long) t * n + j), rate);
            }
        }
        return s;
    }
}
