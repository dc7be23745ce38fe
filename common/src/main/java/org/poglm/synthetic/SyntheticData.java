package org.poglm.synthetic;

import java.util.List;

import org.poglm.data.Basis;
import org.poglm.data.Piece;
import org.poglm.model.Nonlinearity;

/**
 * A generated data set with its truth: weights {@code W[n][m]} (from m to n) and biases of all N
 * neurons (the first V visible), the visible pieces, and the hidden neurons' spikes for reference.
 */
public record SyntheticData(double[][] weights, double[] biases, int visible, Basis basis, Nonlinearity nonlinearity,
                            List<Piece> train, List<Piece> test, List<int[][]> hiddenSpikes, long seed) {
    public int neurons() {
        return biases.length;
    }

    public int hidden() {
        return biases.length - visible;
    }

    /** Mean |W_true|, the weight error of an all-zero estimate. */
    public double meanAbsWeight() {
        double s = 0;
        for (double[] row : weights) {
            for (double w : row) {
                s += Math.abs(w);
            }
        }
        return s / (weights.length * (double) weights.length);
    }
}
