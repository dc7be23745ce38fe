package org.poglm.model;

import java.util.Random;

import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.PieceFeatures;
import org.poglm.data.Recording;
import org.poglm.distributions.Distributions;
import org.poglm.schemes.VariationalScheme;

/** Small random problems for gradient and determinism tests. */
public final class TestProblems {
    private TestProblems() {
    }

    public static ModelSpec spec(int V, int H, String dist, String scheme, Nonlinearity nl) {
        return new ModelSpec(V, H, Basis.defaultBasis(), nl, Distributions.create(dist), VariationalScheme.parse(scheme));
    }

    /** Random counts with roughly {@code rate} spikes per bin. */
    public static int[][] counts(int T, int V, double rate, long seed) {
        Random r = new Random(seed);
        int[][] x = new int[T][V];
        for (int t = 0; t < T; t++) {
            for (int v = 0; v < V; v++) {
                double p = Math.exp(-rate);
                double u = r.nextDouble();
                int k = 0;
                double cdf = p;
                while (u > cdf && k < 20) {
                    k++;
                    p *= rate / k;
                    cdf += p;
                }
                x[t][v] = k;
            }
        }
        return x;
    }

    public static PieceFeatures piece(int T, int V, long seed) {
        return PieceFeatures.of(Piece.of(seed, counts(T, V, 0.6, seed)), Basis.defaultBasis(), Padding.ZERO);
    }

    /** The middle piece of a 3-piece recording, with context padding. */
    public static PieceFeatures contextPiece(int T, int V, long seed) {
        Recording rec = Recording.of(counts(3 * T, V, 0.6, seed), 0.01);
        Piece p = rec.piece(1, T, Basis.DEFAULT_WINDOW);
        return PieceFeatures.of(p, Basis.defaultBasis(), Padding.CONTEXT);
    }

    /** Non-trivial parameters: theta ~ N(0, scale^2), phi from the initialiser plus noise. */
    public static double[] params(ParameterLayout layout, double scale, long seed) {
        Random r = new Random(seed);
        double[] p = ParameterInit.initialise(layout, seed);
        for (int i = 0; i < p.length; i++) {
            p[i] += scale * r.nextGaussian();
        }
        return p;
    }
}
