package org.poglm.synthetic;

import java.io.Serializable;

import org.poglm.data.Basis;

/**
 * The true network of a synthetic data set: weights {@code W[n][m]} from m to n and biases of all
 * N neurons (the first V visible), the basis, bins per piece and the generator seed. Enough to
 * generate any piece on its own ({@link SyntheticGenerator#piece}).
 */
public record SyntheticTruth(double[][] weights, double[] biases, int visible, Basis basis, int bins, long seed)
    implements Serializable {
    public int neurons() {
        return biases.length;
    }
}
