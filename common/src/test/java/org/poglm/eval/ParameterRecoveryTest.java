package org.poglm.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ParameterRecoveryTest {

    static double[][] random(int n, Random r) {
        double[][] w = new double[n][n];
        for (double[] row : w) {
            for (int j = 0; j < n; j++) {
                row[j] = 4 * r.nextDouble() - 2;
            }
        }
        return w;
    }

    /** learned = true with hidden neurons reordered by perm (learned hidden perm[i] = true hidden i). */
    static double[][] permute(double[][] w, int V, int[] perm) {
        int n = w.length;
        int[] map = new int[n];
        for (int i = 0; i < n; i++) {
            map[i] = i < V ? i : V + perm[i - V];
        }
        double[][] out = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                out[map[a]][map[b]] = w[a][b];
            }
        }
        return out;
    }

    @Test
    void recoversAPermutedTruthExactly() {
        Random r = new Random(1);
        int V = 3;
        double[][] w = random(6, r);
        double[] b = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        int[] perm = {2, 0, 1};
        double[][] lw = permute(w, V, perm);
        double[] lb = new double[6];
        for (int i = 0; i < 6; i++) {
            lb[i < V ? i : V + perm[i - V]] = b[i];
        }
        ParameterRecovery.Result res = ParameterRecovery.match(w, b, lw, lb, V);
        assertEquals(0.0, res.weightError(), 0.0);
        assertEquals(0.0, res.biasError(), 0.0);
        assertArrayEquals(perm, res.hiddenMap());
        assertTrue(res.exhaustive());
    }

    @Test
    void assignmentSearchFindsThePermutationForManyHiddenNeurons() {
        Random r = new Random(2);
        int V = 4;
        int H = 12;
        double[][] w = random(V + H, r);
        double[] b = new double[V + H];
        int[] perm = new int[H];
        for (int i = 0; i < H; i++) {
            perm[i] = (i * 5 + 3) % H;
        }
        double[][] lw = permute(w, V, perm);
        // Small noise: the best map is still the planted one.
        for (double[] row : lw) {
            for (int j = 0; j < row.length; j++) {
                row[j] += 0.01 * r.nextGaussian();
            }
        }
        ParameterRecovery.Result res = ParameterRecovery.match(w, b, lw, b, V);
        assertFalse(res.exhaustive());
        assertArrayEquals(perm, res.hiddenMap());
        assertEquals(0.008, res.weightError(), 0.002);
    }

    @Test
    void differentHiddenCountsMatchTheSmallerSet() {
        Random r = new Random(3);
        int V = 3;
        double[][] w = random(5, r);
        double[] b = {1, 2, 3, 4, 5};
        // Learned model has 3 hidden neurons: true hidden 0 -> learned 2, true hidden 1 -> learned 0.
        double[][] lw = random(6, r);
        double[] lb = {1, 2, 3, 5, 9, 4};
        int[] map = {0, 1, 2, 5, 3};
        for (int a = 0; a < 5; a++) {
            for (int c = 0; c < 5; c++) {
                lw[map[a]][map[c]] = w[a][c];
            }
        }
        ParameterRecovery.Result res = ParameterRecovery.match(w, b, lw, lb, V);
        assertArrayEquals(new int[] {2, 0}, res.hiddenMap());
        assertEquals(0.0, res.weightError(), 0.0);
        assertEquals(0.0, res.biasError(), 0.0);
        // And the other way round: fewer learned than true hidden neurons.
        ParameterRecovery.Result back = ParameterRecovery.match(lw, lb, w, b, V);
        assertEquals(0.0, back.weightError(), 0.0);
    }

    @Test
    void hungarianSolvesASmallAssignment() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertArrayEquals(new int[] {1, 0, 2}, Hungarian.solve(cost));
    }

    /** The visible block's error compares a GLM with a POGLM like with like; the hidden entries apart. */
    @Test
    void visibleAndHiddenBlockErrorsAreSeparate() {
        double[][] trueW = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        double[] trueB = {0, 0, 0};
        // A GLM of the 2 visible neurons, each weight off by 0.5.
        double[][] glm = {{1.5, 2.5}, {4.5, 5.5}};
        ParameterRecovery.Result g = ParameterRecovery.match(trueW, trueB, glm, new double[] {0, 0}, 2);
        assertEquals(0.5, g.visibleWeightError(), 1e-12);
        assertTrue(Double.isNaN(g.hiddenWeightError()), "no hidden neuron to compare");
        // A POGLM with its visible block exact and the 5 entries of its hidden neuron off by 1.
        double[][] poglm = {{1, 2, 4}, {4, 5, 7}, {8, 9, 10}};
        ParameterRecovery.Result p = ParameterRecovery.match(trueW, trueB, poglm, trueB, 2);
        assertEquals(0.0, p.visibleWeightError(), 0.0);
        assertEquals(1.0, p.hiddenWeightError(), 1e-12);
        assertEquals(5.0 / 9, p.weightError(), 1e-12, "the whole-matrix error as before");
    }
}
