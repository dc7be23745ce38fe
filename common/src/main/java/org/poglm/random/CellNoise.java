package org.poglm.random;

/**
 * The noise stream of one (sample, bin, neuron) cell: an unbounded sequence of uniforms
 * addressed by index, so a sampler may consume as many as it needs (EAT arrivals, rejection
 * samplers) and re-reading index j always gives the same number. Mutable and reused: no
 * allocation per cell.
 */
public final class CellNoise {
    private static final long CELL_STRIDE = 0xC2B2AE3D27D4EB4FL;

    private long cellKey;

    /** Points this stream at cell {@code cell} of the sample keyed {@code sampleKey}. */
    public CellNoise at(long sampleKey, long cell) {
        this.cellKey = cellKey(sampleKey, cell);
        return this;
    }

    private static long cellKey(long sampleKey, long cell) {
        return CounterRng.mix64(sampleKey + (cell + 1) * CELL_STRIDE);
    }

    /**
     * {@code out[t] = at(sampleKey, cell0 + t).uniform(0)}, t < n: the first uniform of a row of cells. One
     * branch-free loop of hashes overlaps the cells' multiply chains, which a sampler's per-cell loop cannot.
     */
    public static void firstUniforms(long sampleKey, long cell0, int n, double[] out) {
        for (int t = 0; t < n; t++) {
            out[t] = CounterRng.uniform(cellKey(sampleKey, cell0 + t), 0);
        }
    }

    /** The j-th uniform of this cell, in (0, 1). */
    public double uniform(int j) {
        return CounterRng.uniform(cellKey, j);
    }

    /** The j-th standard exponential of this cell, {@code -log(u_j)}. */
    public double exponential(int j) {
        return -Math.log(uniform(j));
    }

    /** The j-th standard Gumbel of this cell, {@code -log(-log(u_j))}. */
    public double gumbel(int j) {
        return -Math.log(-Math.log(uniform(j)));
    }

    /** A standard normal built from uniforms j and j+1 (Box-Muller, cosine branch). */
    public double normal(int j) {
        double r = Math.sqrt(-2.0 * Math.log(uniform(j)));
        return r * Math.cos(2.0 * Math.PI * uniform(j + 1));
    }
}
