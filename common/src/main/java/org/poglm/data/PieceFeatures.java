package org.poglm.data;

import org.poglm.util.ConfigurationException;
import org.poglm.util.SpecialFunctions;

/**
 * A piece expanded for the model: counts as doubles and the forward ({@code hx}) and backward
 * ({@code rx}) history features of SPEC §1, row-major {@code [t*V + v]}. Computed once per piece
 * and step and shared by every configuration of a sweep.
 */
public final class PieceFeatures {
    public final long id;
    public final int bins;
    public final int visible;
    /** x[t*V+v]. */
    public final double[] x;
    /** Forward history, sum_l psi[l] x[t-l][v]. */
    public final double[] hx;
    /** Backward history, sum_l psi[l] x[t+l][v]. */
    public final double[] rx;
    /** sum over cells of log(x!), the constant of the visible Poisson term. */
    public final double logFactorialSum;
    /** Total visible spikes. */
    public final long spikes;

    private PieceFeatures(long id, int bins, int visible, double[] x, double[] hx, double[] rx, double lfs,
                          long spikes) {
        this.id = id;
        this.bins = bins;
        this.visible = visible;
        this.x = x;
        this.hx = hx;
        this.rx = rx;
        this.logFactorialSum = lfs;
        this.spikes = spikes;
    }

    /**
     * Builds the features of {@code piece} under {@code basis}. With {@link Padding#CONTEXT} the piece's
     * stored neighbouring bins enter the history; they must cover the basis window.
     */
    public static PieceFeatures of(Piece piece, Basis basis, Padding padding) {
        int T = piece.bins();
        int V = piece.visible();
        int L = basis.length();
        boolean context = padding == Padding.CONTEXT;
        if (context) {
            ConfigurationException.require(piece.contextBins() >= L, "piece " + piece.id() + " context bins",
                piece.contextBins(), "at least the basis length " + L + " for context padding");
        }
        double[] psi = basis.raw();
        double[] x = new double[T * V];
        double lfs = 0;
        long spikes = 0;
        for (int t = 0; t < T; t++) {
            for (int v = 0; v < V; v++) {
                int c = piece.count(t, v);
                x[t * V + v] = c;
                lfs += SpecialFunctions.logFactorial(c);
                spikes += c;
            }
        }
        double[] hx = new double[T * V];
        double[] rx = new double[T * V];
        for (int t = 0; t < T; t++) {
            for (int l = 1; l <= L; l++) {
                double w = psi[l - 1];
                int past = t - l;
                int future = t + l;
                for (int v = 0; v < V; v++) {
                    if (past >= 0) {
                        hx[t * V + v] += w * x[past * V + v];
                    } else if (context) {
                        hx[t * V + v] += w * piece.countWithContext(past, v);
                    }
                    if (future < T) {
                        rx[t * V + v] += w * x[future * V + v];
                    } else if (context) {
                        rx[t * V + v] += w * piece.countWithContext(future, v);
                    }
                }
            }
        }
        return new PieceFeatures(piece.id(), T, V, x, hx, rx, lfs, spikes);
    }
}
