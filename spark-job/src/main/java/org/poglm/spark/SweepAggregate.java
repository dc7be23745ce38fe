package org.poglm.spark;

import java.io.Serializable;
import java.util.Arrays;

import org.poglm.train.ElboAggregate;

/**
 * Per-configuration sums of one step for a whole sweep, in the shape of MLlib's
 * {@code DifferentiableLossAggregator}: primitive arrays, {@link #merge}, and a positive-count check
 * before results are read. The arrays are allocated on the first piece, so the zero value that
 * travels with every task is empty. Also sums the compute time spent per configuration.
 */
public final class SweepAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    private double[][] gradients;
    private double[] elboSums;
    private long[] badPieces;
    private double[] seconds;
    private long pieces;

    /** The empty aggregate (the zero value). */
    public SweepAggregate() {
    }

    /** Allocates sums for configurations with gradient sizes {@code sizes}, if not done yet. */
    void ensure(int[] sizes) {
        if (gradients != null) {
            return;
        }
        gradients = new double[sizes.length][];
        for (int c = 0; c < sizes.length; c++) {
            gradients[c] = new double[sizes[c]];
        }
        elboSums = new double[sizes.length];
        badPieces = new long[sizes.length];
        Arrays.fill(badPieces, -1);
        seconds = new double[sizes.length];
    }

    /** Configuration c's gradient sum, to add into. */
    double[] gradient(int c) {
        return gradients[c];
    }

    /** Records piece {@code pieceId}'s ELBO for configuration c and remembers the first non-finite piece. */
    void add(int c, double elbo, long pieceId, double secondsSpent) {
        elboSums[c] += elbo;
        seconds[c] += secondsSpent;
        if (badPieces[c] >= 0) {
            return;
        }
        if (!Double.isFinite(elbo)) {
            badPieces[c] = pieceId;
            return;
        }
        for (double g : gradients[c]) {
            if (!Double.isFinite(g)) {
                badPieces[c] = pieceId;
                return;
            }
        }
    }

    void countPiece() {
        pieces++;
    }

    /** Adds another partial sum into this one (either may be empty). */
    public SweepAggregate merge(SweepAggregate other) {
        if (other.gradients == null) {
            return this;
        }
        if (gradients == null) {
            return other;
        }
        for (int c = 0; c < gradients.length; c++) {
            double[] g = gradients[c];
            double[] o = other.gradients[c];
            for (int i = 0; i < g.length; i++) {
                g[i] += o[i];
            }
            elboSums[c] += other.elboSums[c];
            seconds[c] += other.seconds[c];
            if (badPieces[c] < 0) {
                badPieces[c] = other.badPieces[c];
            }
        }
        pieces += other.pieces;
        return this;
    }

    /** Pieces summed (the same for every configuration). */
    public long pieces() {
        return pieces;
    }

    /** Configuration c's sums as an {@link ElboAggregate}, ready for {@code TrainingState.apply}. */
    public ElboAggregate part(int c) {
        if (pieces <= 0) {
            throw new IllegalStateException("the step's batch held no pieces: nothing to average");
        }
        return ElboAggregate.of(gradients[c], elboSums[c], pieces, badPieces[c]);
    }

    /** Compute seconds spent on configuration c, summed over executors. */
    public double seconds(int c) {
        return seconds == null ? 0.0 : seconds[c];
    }
}
