package org.poglm.schemes;

import java.io.Serializable;
import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.errors.ConfigurationException;
import org.poglm.numerics.VectorMath;

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
     * {@code uVis[h][t] = c[h] + sum_v Af[h][v] hx[v][t] (+ sum_v Ab[h][v] rx[v][t])}.
     * {@code phi} starts at {@code phiOffset} of {@code params}.
     */
    public void visiblePreactivation(double[] params, int phiOffset, int hidden, PieceFeatures piece,
                                     double[][] uVis) {
        int V = piece.visible;
        int T = piece.bins;
        int af = phiOffset + hidden;
        int ab = backwardOffset(phiOffset, V, hidden);
        for (int h = 0; h < hidden; h++) {
            double[] row = uVis[h];
            java.util.Arrays.fill(row, 0, T, params[phiOffset + h]);
            for (int v = 0; v < V; v++) {
                VectorMath.axpy(params[af + h * V + v], piece.hx[v], row, T);
                if (ab >= 0) {
                    VectorMath.axpy(params[ab + h * V + v], piece.rx[v], row, T);
                }
            }
        }
    }

    /**
     * Adds {@code scale * dL/dphi} of the visible blocks to {@code grad}, given
     * {@code du[h][t] = dL/du[h][t]} summed over samples; {@code acc} is lane scratch
     * ({@link VectorMath#lanes()} doubles).
     */
    public void accumulateVisibleGradient(double[][] du, double scale, int hidden, PieceFeatures piece,
                                          double[] grad, int phiOffset, double[] acc) {
        int V = piece.visible;
        int T = piece.bins;
        int af = phiOffset + hidden;
        int ab = backwardOffset(phiOffset, V, hidden);
        for (int h = 0; h < hidden; h++) {
            double[] row = du[h];
            grad[phiOffset + h] += scale * VectorMath.sum(row, 0, T);
            for (int v = 0; v < V; v++) {
                grad[af + h * V + v] += scale * VectorMath.dot(row, piece.hx[v], T, acc);
                if (ab >= 0) {
                    grad[ab + h * V + v] += scale * VectorMath.dot(row, piece.rx[v], T, acc);
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
