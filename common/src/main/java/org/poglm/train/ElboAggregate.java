package org.poglm.train;

import java.io.Serializable;
import java.util.Arrays;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;

/**
 * Sums of per-piece ELBO estimates and their gradients over a batch, in the shape of MLlib's
 * {@code DifferentiableLossAggregator}: {@link #add} one piece, {@link #merge} partial sums, primitive
 * state, and a positive-count check before the mean is read. The sums are {@link ExactSum}s, so they do
 * not depend on the order of adds and merges: one thread, any partitioning and any merge tree give the
 * same bits (SPEC §8). A non-finite piece is remembered instead of being added (the smallest such piece
 * id, itself independent of the order).
 */
public final class ElboAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ExactSum grad;
    private final ExactSum elbo = new ExactSum(1);
    private long count;
    private long badPiece = -1;
    private String badWhat;
    /** One piece's gradient (scratch, not shipped). */
    private transient double[] pieceGradient;

    public ElboAggregate(int size) {
        this.grad = new ExactSum(size);
    }

    /** Adds piece {@code piece}'s ELBO estimate and gradient at {@code params}, noise (seed, step, piece). */
    public ElboAggregate add(ElboEstimator estimator, double[] params, PieceFeatures piece, long seed, long step) {
        if (pieceGradient == null) {
            pieceGradient = new double[grad.size()];
        } else {
            Arrays.fill(pieceGradient, 0.0);
        }
        return add(piece.id, estimator.elbo(params, piece, seed, step, pieceGradient), pieceGradient);
    }

    /** Adds piece {@code piece}'s ELBO estimate alone (no gradient: the sums of the gradient stay zero). */
    public ElboAggregate addElbo(ElboEstimator estimator, double[] params, PieceFeatures piece, long seed, long step) {
        count++;
        double e = estimator.elbo(params, piece, seed, step, null);
        if (!ExactSum.addable(e)) {
            bad(piece.id, "ELBO (" + e + ")");
        } else {
            elbo.add(0, e);
        }
        return this;
    }

    /** Adds one piece's ELBO and gradient, computed elsewhere. */
    public ElboAggregate add(long pieceId, double pieceElbo, double[] pieceGradient) {
        count++;
        if (!ExactSum.addable(pieceElbo)) {
            bad(pieceId, "ELBO (" + pieceElbo + ")");
            return this;
        }
        int at = grad.addAll(pieceGradient);
        if (at >= 0) {
            bad(pieceId, "gradient (component " + at + " = " + pieceGradient[at] + ")");
            return this;
        }
        elbo.add(0, pieceElbo);
        return this;
    }

    private void bad(long pieceId, String what) {
        if (badPiece < 0 || pieceId < badPiece) {
            badPiece = pieceId;
            badWhat = what;
        }
    }

    /** Adds another partial sum into this one. */
    public ElboAggregate merge(ElboAggregate other) {
        if (other.count == 0) {
            return this;
        }
        grad.merge(other.grad);
        elbo.merge(other.elbo);
        count += other.count;
        if (other.badPiece >= 0) {
            bad(other.badPiece, other.badWhat);
        }
        return this;
    }

    public long count() {
        return count;
    }

    /** Sum over the finite pieces of their ELBO estimates. */
    public double elboSum() {
        return elbo.get(0);
    }

    /** Sum over the finite pieces of the ELBO gradients (not the loss). */
    public double[] gradientSum() {
        return grad.toArray();
    }

    public boolean finite() {
        return badPiece < 0;
    }

    /** The smallest id of a piece that gave a non-finite (or diverged, see {@link ExactSum#LIMIT}) value, or -1. */
    public long badPiece() {
        return badPiece;
    }

    public String badWhat() {
        return badWhat;
    }

    /** Mean ELBO per piece. */
    public double meanElbo() {
        requirePieces();
        return elboSum() / count;
    }

    /** Gradient of the loss {@code -(1/|B|) sum ELBO_hat}. */
    public double[] lossGradient() {
        requirePieces();
        double[] g = grad.toArray();
        double s = -1.0 / count;
        for (int i = 0; i < g.length; i++) {
            g[i] *= s;
        }
        return g;
    }

    private void requirePieces() {
        if (count <= 0) {
            throw new IllegalStateException("the batch holds no pieces: nothing to average");
        }
    }
}
