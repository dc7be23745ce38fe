package org.poglm.train;

import java.io.Serializable;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;

/**
 * Sums of per-piece ELBO estimates and their gradients over a batch, in the shape of MLlib's
 * {@code DifferentiableLossAggregator}: {@link #add} one piece, {@link #merge} partial sums, primitive
 * state, and a positive-count check before the mean is read. A non-finite piece is remembered (its
 * id) instead of poisoning the sums unnoticed.
 */
public final class ElboAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] grad;
    private double elboSum;
    private long count;
    private long badPiece = -1;
    private String badWhat;

    public ElboAggregate(int size) {
        this.grad = new double[size];
    }

    /** Sums formed elsewhere (a distributed aggregate): gradient sum, ELBO sum, pieces, first bad piece or -1. */
    public static ElboAggregate of(double[] gradientSum, double elboSum, long count, long badPiece) {
        ElboAggregate a = new ElboAggregate(gradientSum.length);
        System.arraycopy(gradientSum, 0, a.grad, 0, gradientSum.length);
        a.elboSum = elboSum;
        a.count = count;
        if (badPiece >= 0) {
            a.badPiece = badPiece;
            a.badWhat = "ELBO or gradient";
        }
        return a;
    }

    /** Adds piece {@code piece}'s ELBO estimate and gradient at {@code params}, noise (seed, step, piece). */
    public ElboAggregate add(ElboEstimator estimator, double[] params, PieceFeatures piece, long seed, long step) {
        double elbo = estimator.elbo(params, piece, seed, step, grad);
        count++;
        if (badPiece < 0) {
            if (!Double.isFinite(elbo)) {
                badPiece = piece.id;
                badWhat = "ELBO (" + elbo + ")";
            } else {
                elboSum += elbo;
                for (double g : grad) {
                    if (!Double.isFinite(g)) {
                        badPiece = piece.id;
                        badWhat = "gradient";
                        break;
                    }
                }
            }
        }
        return this;
    }

    /** Adds another partial sum into this one. */
    public ElboAggregate merge(ElboAggregate other) {
        if (other.count == 0) {
            return this;
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] += other.grad[i];
        }
        elboSum += other.elboSum;
        count += other.count;
        if (badPiece < 0 && other.badPiece >= 0) {
            badPiece = other.badPiece;
            badWhat = other.badWhat;
        }
        return this;
    }

    public long count() {
        return count;
    }

    public double elboSum() {
        return elboSum;
    }

    /** Sum over pieces of the ELBO gradients (not the loss). */
    public double[] gradientSum() {
        return grad;
    }

    public boolean finite() {
        return badPiece < 0;
    }

    /** The first piece that gave a non-finite value, or -1. */
    public long badPiece() {
        return badPiece;
    }

    public String badWhat() {
        return badWhat;
    }

    /** Mean ELBO per piece. */
    public double meanElbo() {
        requirePieces();
        return elboSum / count;
    }

    /** Gradient of the loss {@code -(1/|B|) sum ELBO_hat}. */
    public double[] lossGradient() {
        requirePieces();
        double[] g = new double[grad.length];
        double s = -1.0 / count;
        for (int i = 0; i < g.length; i++) {
            g[i] = s * grad[i];
        }
        return g;
    }

    private void requirePieces() {
        if (count <= 0) {
            throw new IllegalStateException("the batch holds no pieces: nothing to average");
        }
    }
}
