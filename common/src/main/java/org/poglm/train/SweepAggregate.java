package org.poglm.train;

import java.io.Serializable;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;

/**
 * Per-configuration sums of one step for a whole sweep (what a {@link SweepObjective} returns), in the shape of MLlib's
 * {@code DifferentiableLossAggregator}: one {@link ElboAggregate} per configuration (exact, order-independent
 * sums: any partitioning and merge tree give the same bits), {@link #merge}, and a positive-count check
 * before results are read. The parts are allocated on the first piece, so the zero value that travels
 * with every task is empty. Also sums the compute time spent per configuration.
 */
public final class SweepAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    private ElboAggregate[] parts;
    private double[] seconds;
    private long pieces;

    /** The empty aggregate (the zero value). */
    public SweepAggregate() {
    }

    /** Allocates sums for configurations with gradient sizes {@code sizes}, if not done yet. */
    public void ensure(int[] sizes) {
        if (parts != null) {
            return;
        }
        parts = new ElboAggregate[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            parts[c] = new ElboAggregate(sizes[c]);
        }
        seconds = new double[sizes.length];
    }

    /** Adds piece {@code piece} for configuration c and the seconds it took. */
    public void add(int c, ElboEstimator estimator, double[] params, PieceFeatures piece, long seed, long step) {
        long t0 = System.nanoTime();
        parts[c].add(estimator, params, piece, seed, step);
        seconds[c] += (System.nanoTime() - t0) / 1e9;
    }

    /** Adds piece {@code piece}'s ELBO estimate alone (validation) for configuration c and the seconds it took. */
    public void addElbo(int c, ElboEstimator estimator, double[] params, PieceFeatures piece, long seed, long step) {
        long t0 = System.nanoTime();
        parts[c].addElbo(estimator, params, piece, seed, step);
        seconds[c] += (System.nanoTime() - t0) / 1e9;
    }

    /** Counts one piece of the batch (added for every configuration). */
    public void countPiece() {
        pieces++;
    }

    /** Adds another partial sum into this one (either may be empty). */
    public SweepAggregate merge(SweepAggregate other) {
        if (other.parts == null) {
            return this;
        }
        if (parts == null) {
            return other;
        }
        for (int c = 0; c < parts.length; c++) {
            parts[c].merge(other.parts[c]);
            seconds[c] += other.seconds[c];
        }
        pieces += other.pieces;
        return this;
    }

    /** Pieces summed (the same for every configuration). */
    public long pieces() {
        return pieces;
    }

    /** Configuration c's sums, ready for {@link TrainingState#apply}. */
    public ElboAggregate part(int c) {
        if (pieces <= 0) {
            throw new IllegalStateException("the step's batch held no pieces: nothing to average");
        }
        return parts[c];
    }

    /** Compute seconds spent on configuration c, summed over executors. */
    public double seconds(int c) {
        return seconds == null ? 0.0 : seconds[c];
    }
}
