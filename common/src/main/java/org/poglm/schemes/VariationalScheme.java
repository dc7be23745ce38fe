package org.poglm.schemes;

import java.io.Serializable;
import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.util.ConfigurationException;
import org.poglm.util.VectorMath;

/**
 * A sampling scheme of the variational model q(Z | X; phi) (SPEC §3): how the pre-activation
 * {@code u[t][h]} of the hidden rates {@code g = sigma(u)} depends on the visible spikes (and, for
 * forward-self, on the sampled hidden history).
 *
 * <p>phi blocks, in vector order: {@code c (H)}, {@code Af (H x V)}, then {@code As (H x H)} for FS or
 * {@code Ab (H x V)} for FB.
 */
public abstract class VariationalScheme implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Every valid name. */
    public static final List<String> NAMES = List.of("f", "fs", "fb");

    /** Short lower-case name: f, fs, fb. */
    public abstract String name();

    /** The paper's label: F, FS, FB. */
    public String label() {
        return name().toUpperCase(java.util.Locale.ROOT);
    }

    /** True for FS: {@code u} also depends on the hidden history hz, so sampling is sequential in t. */
    public abstract boolean selfCoupled();

    /** The phi blocks for V visible and H hidden neurons, offsets relative to the start of phi. */
    public abstract List<ParameterBlock> phiBlocks(int visible, int hidden);

    /**
     * The part of {@code u} that is the same for every Monte Carlo sample, for all bins:
     * {@code uVis[h][t] = c[h] + sum_v Af[h][v] hx[v][t] (+ sum_v Ab[h][v] rx[v][t])}, computed from the
     * piece's spike list as {@code c[h] + sum_l psi[l] (Yf[h][t-l] + Yb[h][t+l])} with
     * {@code Yf[h][s] = sum_v Af[h][v] x[v][s]} (and likewise Yb), so the cost follows the spikes.
     * {@code phi} starts at {@code phiOffset} of {@code params}; {@code scratch} holds H rows of
     * {@code T + 2L}.
     */
    public void visiblePreactivation(double[] params, int phiOffset, int hidden, PieceFeatures piece, double[] psi,
                                     double[][] uVis, double[][] scratch) {
        int V = piece.visible;
        int T = piece.bins;
        int L = psi.length;
        int af = phiOffset + hidden;
        int ab = backwardOffset(phiOffset, V, hidden);
        for (int pass = 0; pass < (ab >= 0 ? 2 : 1); pass++) {
            int w0 = pass == 0 ? af : ab;
            for (int h = 0; h < hidden; h++) {
                java.util.Arrays.fill(scratch[h], 0, T + 2 * L, 0.0);
            }
            for (int i = 0; i < piece.spikeBin.length; i++) {
                int s = piece.spikeBin[i] + L;
                int v = piece.spikeNeuron[i];
                double c = piece.spikeCount[i];
                for (int h = 0; h < hidden; h++) {
                    scratch[h][s] += c * params[w0 + h * V + v];
                }
            }
            for (int h = 0; h < hidden; h++) {
                double[] row = uVis[h];
                double[] y = scratch[h];
                for (int t = 0; t < T; t++) {
                    double acc = pass == 0 ? params[phiOffset + h] : row[t];
                    for (int l = 1; l <= L; l++) {
                        acc += psi[l - 1] * y[pass == 0 ? t - l + L : t + l + L];
                    }
                    row[t] = acc;
                }
            }
        }
    }

    /**
     * Adds {@code scale * dL/dphi} of the visible blocks to {@code grad}, given
     * {@code du[h][t] = dL/du[h][t]} summed over samples:
     * {@code dAf[h][v] = sum_s x[v][s] sum_l psi[l] du[h][s+l]} and
     * {@code dAb[h][v] = sum_s x[v][s] sum_l psi[l] du[h][s-l]}, over the piece's spikes.
     */
    public void accumulateVisibleGradient(double[][] du, double scale, int hidden, PieceFeatures piece, double[] psi,
                                          double[] grad, int phiOffset, double[][] scratch) {
        int V = piece.visible;
        int T = piece.bins;
        int L = psi.length;
        int af = phiOffset + hidden;
        int ab = backwardOffset(phiOffset, V, hidden);
        for (int h = 0; h < hidden; h++) {
            grad[phiOffset + h] += scale * VectorMath.sum(du[h], 0, T);
        }
        for (int pass = 0; pass < (ab >= 0 ? 2 : 1); pass++) {
            int w0 = pass == 0 ? af : ab;
            for (int h = 0; h < hidden; h++) {
                double[] d = du[h];
                double[] y = scratch[h];
                for (int s = -L; s < T + L; s++) {
                    double acc = 0;
                    for (int l = 1; l <= L; l++) {
                        int t = pass == 0 ? s + l : s - l;
                        if (t >= 0 && t < T) {
                            acc += psi[l - 1] * d[t];
                        }
                    }
                    y[s + L] = acc;
                }
            }
            for (int i = 0; i < piece.spikeBin.length; i++) {
                int s = piece.spikeBin[i] + L;
                int v = piece.spikeNeuron[i];
                double c = scale * piece.spikeCount[i];
                for (int h = 0; h < hidden; h++) {
                    grad[w0 + h * V + v] += c * scratch[h][s];
                }
            }
        }
    }

    /** Offset of Ab, or -1 if the scheme has no backward block. */
    protected int backwardOffset(int phiOffset, int visible, int hidden) {
        return -1;
    }

    /** Offset of As, or -1 if the scheme has no self block. */
    public int selfOffset(int phiOffset, int visible, int hidden) {
        return -1;
    }

    /** Total phi size. */
    public int phiSize(int visible, int hidden) {
        return phiBlocks(visible, hidden).stream().mapToInt(ParameterBlock::size).sum();
    }

    public static VariationalScheme parse(String name) {
        String n = name == null ? "null" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "f", "forward" -> ForwardScheme.INSTANCE;
            case "fs", "forward-self" -> ForwardSelfScheme.INSTANCE;
            case "fb", "forward-backward" -> ForwardBackwardScheme.INSTANCE;
            default -> throw new ConfigurationException("scheme", name, "one of f, fs, fb");
        };
    }

    @Override
    public String toString() {
        return label();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariationalScheme s && s.name().equals(name());
    }

    @Override
    public int hashCode() {
        return name().hashCode();
    }
}
