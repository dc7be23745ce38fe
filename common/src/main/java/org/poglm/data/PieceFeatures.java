package org.poglm.data;

import org.poglm.errors.ConfigurationException;
import org.poglm.numerics.SpecialFunctions;

/**
 * A piece expanded for the model (SPEC §1): counts, forward history {@code hx} and backward history
 * {@code rx}, one array per neuron ({@code [v][t]}) so that per-neuron loops run over contiguous,
 * equally aligned time; plus the list of non-zero counts ("spikes"), including those of the context bins that
 * enter the forward history, which lets the generative model's visible part cost O(spikes).
 * Computed once per piece and step and shared by every configuration of a sweep.
 */
public final class PieceFeatures {
    public final long id;
    public final int bins;
    public final int visible;
    /** The basis the histories were built with. */
    public final Basis basis;
    /** Its length L. */
    public final int window;
    /** x[v][t]. */
    public final double[][] x;
    /** Forward history, hx[v][t] = sum_l psi[l] x[v][t-l]. */
    public final double[][] hx;
    /** Backward history, rx[v][t] = sum_l psi[l] x[v][t+l]. */
    public final double[][] rx;
    /**
     * Bin of each non-zero count that enters the forward history, in time order: in [-L, T) for
     * context padding (negative bins are the previous piece's) and in [0, T) for zero padding.
     */
    public final int[] spikeBin;
    /** Neuron of each non-zero count. */
    public final int[] spikeNeuron;
    /** The count. */
    public final double[] spikeCount;
    /** Index of the first spike inside the piece (bin >= 0); those before are context. */
    public final int firstInPiece;
    /** sum over cells of log(x!), the constant of the visible Poisson term. */
    public final double logFactorialSum;
    /** Total visible spikes inside the piece. */
    public final long spikes;

    private PieceFeatures(long id, int bins, int visible, Basis basis, double[][] x, double[][] hx, double[][] rx,
                          int[] spikeBin, int[] spikeNeuron, double[] spikeCount, double lfs, long spikes) {
        this.id = id;
        this.bins = bins;
        this.visible = visible;
        this.basis = basis;
        this.window = basis.length();
        this.x = x;
        this.hx = hx;
        this.rx = rx;
        this.spikeBin = spikeBin;
        this.spikeNeuron = spikeNeuron;
        this.spikeCount = spikeCount;
        int first = 0;
        while (first < spikeBin.length && spikeBin[first] < 0) {
            first++;
        }
        this.firstInPiece = first;
        this.logFactorialSum = lfs;
        this.spikes = spikes;
    }

    /** x[v][t]. */
    public double count(int t, int v) {
        return x[v][t];
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
        int first = context ? -L : 0;
        int last = context ? T + L : T;
        // Counts over [first, last), neuron-major, with zeros outside the piece for zero padding.
        int span = last - first;
        double[] ext = new double[V * span];
        double lfs = 0;
        long spikes = 0;
        int nonZero = 0;
        for (int t = first; t < last; t++) {
            for (int v = 0; v < V; v++) {
                int c = piece.countWithContext(t, v);
                ext[v * span + t - first] = c;
                if (t >= 0 && t < T) {
                    lfs += SpecialFunctions.logFactorial(c);
                    spikes += c;
                }
                if (c != 0 && t < T) {
                    nonZero++;
                }
            }
        }
        double[][] x = new double[V][T];
        double[][] hx = new double[V][T];
        double[][] rx = new double[V][T];
        int[] sb = new int[nonZero];
        int[] sn = new int[nonZero];
        double[] sc = new double[nonZero];
        int k = 0;
        for (int t = first; t < T; t++) {
            for (int v = 0; v < V; v++) {
                double c = ext[v * span + t - first];
                if (c != 0) {
                    sb[k] = t;
                    sn[k] = v;
                    sc[k] = c;
                    k++;
                }
            }
        }
        for (int v = 0; v < V; v++) {
            int row = v * span - first;
            for (int t = 0; t < T; t++) {
                x[v][t] = ext[row + t];
                double h = 0;
                double r = 0;
                for (int l = 1; l <= L; l++) {
                    if (t - l >= first) {
                        h += psi[l - 1] * ext[row + t - l];
                    }
                    if (t + l < last) {
                        r += psi[l - 1] * ext[row + t + l];
                    }
                }
                hx[v][t] = h;
                rx[v][t] = r;
            }
        }
        return new PieceFeatures(piece.id(), T, V, basis, x, hx, rx, sb, sn, sc, lfs, spikes);
    }
}
