package org.poglm.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.data.Piece;

/** The paper's generator (SPEC §6 "synthetic"): its shape, its parameter ranges, and that its spikes follow the GLM. */
class SyntheticGeneratorTest {

    @Test
    void paperSetupHasTheSpecShape() {
        SyntheticData d = SyntheticGenerator.paper(4);
        assertEquals(5, d.neurons());
        assertEquals(3, d.visible());
        assertEquals(40, d.train().size());
        assertEquals(20, d.test().size());
        for (Piece p : d.train()) {
            assertEquals(100, p.bins());
            assertEquals(3, p.visible());
        }
        assertEquals(60, d.hiddenSpikes().size());
        assertEquals(2, d.hiddenSpikes().get(0)[0].length);
        // Pieces are numbered in time order: train first, then test.
        assertEquals(40, d.test().get(0).id());
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        SyntheticData a = SyntheticGenerator.paper(9);
        SyntheticData b = SyntheticGenerator.paper(9);
        SyntheticData c = SyntheticGenerator.paper(10);
        assertTrue(Arrays.deepEquals(a.weights(), b.weights()));
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
        assertFalse(Arrays.deepEquals(a.weights(), c.weights()));
        assertFalse(a.train().equals(c.train()));
        // A piece generated alone (as on an executor) equals the same piece of the whole data set.
        assertEquals(a.test().get(3), SyntheticGenerator.piece(SyntheticGenerator.paperTruth(9), 43));
    }

    /** Weights U(-2, 2) and biases U(-0.5, 0.5): ranges, means and mean absolute values over many seeds. */
    @Test
    void parametersAreUniformOnThePaperRanges() {
        double sumW = 0;
        double sumAbsW = 0;
        double sumB = 0;
        double sumAbsB = 0;
        int nw = 0;
        int nb = 0;
        for (long seed = 0; seed < 400; seed++) {
            SyntheticTruth t = SyntheticGenerator.paperTruth(seed);
            for (double[] row : t.weights()) {
                for (double w : row) {
                    assertTrue(w > -2 && w < 2, "weight " + w);
                    sumW += w;
                    sumAbsW += Math.abs(w);
                    nw++;
                }
            }
            for (double b : t.biases()) {
                assertTrue(b > -0.5 && b < 0.5, "bias " + b);
                sumB += b;
                sumAbsB += Math.abs(b);
                nb++;
            }
        }
        // Standard errors: 2/sqrt(3 nw) for the mean of U(-2,2); 5 of them as the tolerance.
        assertEquals(0.0, sumW / nw, 5 * 2 / Math.sqrt(3.0 * nw));
        assertEquals(1.0, sumAbsW / nw, 5 * 2 / Math.sqrt(12.0 * nw));
        assertEquals(0.0, sumB / nb, 5 * 0.5 / Math.sqrt(3.0 * nb));
        assertEquals(0.25, sumAbsB / nb, 5 * 0.5 / Math.sqrt(12.0 * nb));
    }

    /**
     * The spikes are Poisson(sigmoid(b + W h)) with h the basis-weighted history of all neurons (zero before
     * the piece): per neuron, total spikes minus the total predicted rate (the compensator, computed here
     * from the raster with its own loops) is within 4.5 Poisson standard deviations.
     */
    @Test
    void spikesFollowTheGeneralisedLinearModel() {
        List<int[][]> rasters = new ArrayList<>();
        SyntheticData d = SyntheticGenerator.generate(2, 5, 3, 200, 0, 100, org.poglm.data.Basis.defaultBasis());
        for (int p = 0; p < d.train().size(); p++) {
            Piece piece = d.train().get(p);
            int[][] hidden = d.hiddenSpikes().get(p);
            int[][] all = new int[piece.bins()][5];
            for (int t = 0; t < piece.bins(); t++) {
                for (int v = 0; v < 3; v++) {
                    all[t][v] = piece.count(t, v);
                }
                all[t][3] = hidden[t][0];
                all[t][4] = hidden[t][1];
            }
            rasters.add(all);
        }
        double[] psi = d.basis().weights();
        for (int n = 0; n < 5; n++) {
            double spikes = 0;
            double predicted = 0;
            for (int[][] s : rasters) {
                for (int t = 0; t < s.length; t++) {
                    double a = d.biases()[n];
                    for (int m = 0; m < 5; m++) {
                        double h = 0;
                        for (int l = 1; l <= psi.length && l <= t; l++) {
                            h += psi[l - 1] * s[t - l][m];
                        }
                        a += d.weights()[n][m] * h;
                    }
                    predicted += 1 / (1 + Math.exp(-a));
                    spikes += s[t][n];
                }
            }
            assertTrue(Math.abs(spikes - predicted) < 4.5 * Math.sqrt(predicted),
                "neuron " + n + ": " + spikes + " spikes, " + predicted + " predicted");
        }
    }
}
