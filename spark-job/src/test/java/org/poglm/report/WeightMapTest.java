package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.eval.ParameterRecovery;
import org.poglm.result.ConfigParams;
import org.poglm.result.TrueNetwork;

class WeightMapTest {
    /** 2 visible + 2 hidden; the learned hidden neurons are the true ones in swapped order. */
    static final double[][] TRUE_W = {
        {1.0, -0.5, 2.0, 0.1},
        {0.3, 0.7, -1.5, 0.2},
        {0.9, -1.1, 0.4, 1.3},
        {-0.2, 0.6, -0.8, -1.9}};
    static final double[] TRUE_B = {0.1, -0.2, 0.3, -0.4};

    /**
     * The learned parameters as the job saves them: when the truth fits, with the hidden order of
     * the match that also gives the recovery errors.
     */
    static ConfigParams saved(ConfigParams p, TrueNetwork truth) {
        int[] order = truth == null || !truth.fits(p) ? null : ParameterRecovery.match(truth.weights(), truth.biases(),
            p.weights(), p.biases(), p.visible()).hiddenOrder(p.hidden());
        return ConfigParams.generative(p.units(), p.visible(), p.hidden(), p.weights(), p.biases(), order);
    }

    static ConfigParams params(List<String> units, int visible, int hidden, double[][] w, double[] b) {
        return ConfigParams.generative(units, visible, hidden, w, b, null);
    }

    static ConfigParams swapped() {
        int[] perm = {0, 1, 3, 2};
        double[][] w = new double[4][4];
        double[] b = new double[4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                w[r][c] = TRUE_W[perm[r]][perm[c]];
            }
            b[r] = TRUE_B[perm[r]];
        }
        return params(List.of("a", "b"), 2, 2, w, b);
    }

    @Test
    void learnedHiddenNeuronsAreRenumberedToTheTrueOnesTheyMatch() {
        TrueNetwork truth = new TrueNetwork(List.of("a", "b"), 2, TRUE_W, TRUE_B);
        ConfigParams p = swapped();
        assertArrayEquals(new int[] {0, 1, 3, 2}, WeightMap.order(saved(p, truth)));
        WeightMap m = WeightMap.learned("t", saved(p, truth));
        WeightMap t = WeightMap.truth("truth", truth);
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(t.values()[r], m.values()[r], 0, "row " + r + " equals the truth after matching");
        }
        assertEquals(List.of("a", "b", "h1", "h2"), m.rowLabels());
        assertEquals(List.of("a", "b", "h1", "h2", "bias"), m.colLabels());
        assertEquals(-0.4, m.values()[3][4], 0, "bias in the last column");
        assertEquals(2, m.visible());

        // Without a truth (or one of other units) the order is the learned one.
        assertArrayEquals(new int[] {0, 1, 2, 3}, WeightMap.order(saved(p, null)));
        TrueNetwork other = new TrueNetwork(List.of("x", "y"), 2, TRUE_W, TRUE_B);
        assertArrayEquals(new int[] {0, 1, 2, 3}, WeightMap.order(saved(p, other)));
    }

    @Test
    void fewerLearnedThanTrueHiddenNeuronsKeepsTheMatchedOne() {
        TrueNetwork truth = new TrueNetwork(List.of("a", "b"), 2, TRUE_W, TRUE_B);
        // Learned: the visible block and true hidden neuron 2 (index 3) only.
        int[] keep = {0, 1, 3};
        double[][] w = new double[3][3];
        double[] b = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                w[r][c] = TRUE_W[keep[r]][keep[c]];
            }
            b[r] = TRUE_B[keep[r]];
        }
        ConfigParams p = params(List.of("a", "b"), 2, 1, w, b);
        int[] order = WeightMap.order(saved(p, truth));
        assertArrayEquals(new int[] {0, 1, 2}, order, "a permutation of the learned neurons, visible ones in place");
    }

    @Test
    void sharedScaleIsARoundPercentileAndBiasesAreScaledIntoIt() {
        double[][] w = new double[10][10];
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                w[r][c] = 0.01 * (r + c);                      // at most 0.18
            }
        }
        w[0][1] = 50;                                           // two outliers of 100 entries
        w[1][0] = -50;
        double[] b = new double[10];
        java.util.Arrays.fill(b, -0.9);
        WeightMap m = WeightMap.learned("t", params(List.of(), 10, 0, w, b));
        double scale = WeightMap.sharedScale(List.of(m));
        assertEquals(0.2, scale, 1e-12, "the outliers saturate instead of washing the map out");
        assertEquals(5, WeightMap.biasDivisor(List.of(m), scale), "0.9 / 5 fits in 0.2");
        assertEquals(1, WeightMap.biasDivisor(List.of(m), 1.0));
        assertEquals(1.5, WeightMap.niceCeil(1.3), 1e-12);
        assertEquals(0.25, WeightMap.niceCeil(0.21), 1e-12);
        assertEquals(2.0, WeightMap.niceCeil(2.0), 1e-12);
        assertTrue(WeightMap.sharedScale(List.of()) > 0);
    }
}
