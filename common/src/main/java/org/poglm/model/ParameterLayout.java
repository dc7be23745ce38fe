package org.poglm.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.poglm.schemes.ParameterBlock;
import org.poglm.schemes.VariationalScheme;

/**
 * The flat parameter vector: theta = {@code b (N)}, {@code W (N x N, W[n][m] from m to n)}, then
 * phi's blocks as the scheme lists them (SPEC §2-§3). Gradients use the same layout.
 */
public final class ParameterLayout implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int visible;
    private final int hidden;
    private final int neurons;
    private final int thetaSize;
    private final int size;
    private final List<ParameterBlock> blocks;

    public ParameterLayout(int visible, int hidden, VariationalScheme scheme) {
        this.visible = visible;
        this.hidden = hidden;
        this.neurons = visible + hidden;
        this.thetaSize = neurons + neurons * neurons;
        List<ParameterBlock> all = new ArrayList<>();
        all.add(new ParameterBlock("b", 0, 1, neurons, neurons));
        all.add(new ParameterBlock("W", neurons, neurons, neurons, neurons));
        int phiSize = 0;
        if (hidden > 0) {
            for (ParameterBlock p : scheme.phiBlocks(visible, hidden)) {
                all.add(new ParameterBlock(p.name(), thetaSize + p.offset(), p.rows(), p.cols(), p.fanIn()));
                phiSize += p.size();
            }
        }
        this.size = thetaSize + phiSize;
        this.blocks = List.copyOf(all);
    }

    public int size() {
        return size;
    }

    /** theta occupies [0, thetaSize). */
    public int thetaSize() {
        return thetaSize;
    }

    /** phi occupies [thetaSize, size). */
    public int phiOffset() {
        return thetaSize;
    }

    public int neurons() {
        return neurons;
    }

    public int visible() {
        return visible;
    }

    public int hidden() {
        return hidden;
    }

    /** Offset of W[n][m]. */
    public int weight(int n, int m) {
        return neurons + n * neurons + m;
    }

    /** Offset of b[n]. */
    public int bias(int n) {
        return n;
    }

    /** The generative weights {@code W[n][m]} (from m to n) of a flat parameter vector. */
    public double[][] weights(double[] params) {
        double[][] w = new double[neurons][neurons];
        for (int n = 0; n < neurons; n++) {
            System.arraycopy(params, weight(n, 0), w[n], 0, neurons);
        }
        return w;
    }

    /** The generative biases {@code b[n]} of a flat parameter vector. */
    public double[] biases(double[] params) {
        return java.util.Arrays.copyOfRange(params, bias(0), bias(0) + neurons);
    }

    /** Block {@code block} of a flat parameter vector: rows x cols values. */
    public double[][] values(double[] params, ParameterBlock block) {
        double[][] rows = new double[block.rows()][block.cols()];
        for (int r = 0; r < block.rows(); r++) {
            System.arraycopy(params, block.index(r, 0), rows[r], 0, block.cols());
        }
        return rows;
    }

    public List<ParameterBlock> blocks() {
        return blocks;
    }

    public ParameterBlock block(String name) {
        for (ParameterBlock b : blocks) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no parameter block " + name + " in " + blocks);
    }

    /** The name of the block holding index i with its row and column, e.g. {@code W[2][4]}. */
    public String describe(int i) {
        for (ParameterBlock b : blocks) {
            if (i >= b.offset() && i < b.end()) {
                int r = (i - b.offset()) / b.cols();
                int c = (i - b.offset()) % b.cols();
                return b.rows() == 1 ? b.name() + "[" + c + "]" : b.name() + "[" + r + "][" + c + "]";
            }
        }
        return "#" + i;
    }
}
