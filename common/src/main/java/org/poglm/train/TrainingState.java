package org.poglm.train;

import java.io.Serializable;

import org.poglm.model.ModelSpec;
import org.poglm.model.ParameterInit;
import org.poglm.model.ParameterLayout;
import org.poglm.optim.Adam;
import org.poglm.errors.ConfigurationException;

/**
 * One configuration's parameters and optimiser state as training proceeds, and its learning curve
 * (mean training ELBO per piece, per epoch). The single-JVM trainer and the Spark driver both
 * advance it with {@link #apply}.
 */
public final class TrainingState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final ModelSpec spec;
    private final TrainingConfig config;
    private final double[] params;
    private final Adam adam;
    private final double[] curve;
    private double epochElbo;
    private long epochPieces;

    public TrainingState(String id, ModelSpec spec, TrainingConfig config) {
        this.id = id;
        this.spec = spec;
        this.config = config;
        ParameterLayout layout = spec.layout();
        this.params = ParameterInit.initialise(layout, config.seed());
        this.adam = new Adam(layout.size(), layout.thetaSize(), config.lrTheta(), config.lrPhi());
        this.curve = new double[config.epochs()];
        java.util.Arrays.fill(curve, Double.NaN);
    }

    public String id() {
        return id;
    }

    public ModelSpec spec() {
        return spec;
    }

    public TrainingConfig config() {
        return config;
    }

    /** The live parameter vector (do not modify). */
    public double[] params() {
        return params;
    }

    public Adam adam() {
        return adam;
    }

    /** Applies one Adam step from a batch's sums; fails, leaving the parameters unchanged, if they are not finite. */
    public void apply(ElboAggregate batch, long step) {
        if (!batch.finite()) {
            throw new NonFiniteException(id, step, batch.badPiece(), batch.badWhat());
        }
        double[] g = batch.lossGradient();
        adam.step(params, g);
        epochElbo += batch.elboSum();
        epochPieces += batch.count();
    }

    /** Closes epoch {@code epoch} of the learning curve. */
    public void endEpoch(int epoch) {
        curve[epoch] = epochPieces > 0 ? epochElbo / epochPieces : Double.NaN;
        epochElbo = 0;
        epochPieces = 0;
    }

    /** Mean training ELBO per piece for each finished epoch. */
    public double[] curve() {
        return curve.clone();
    }

    /** Restores parameters, optimiser and curve from a checkpoint. */
    public void restore(double[] p, long steps, double[] m, double[] v, double[] c) {
        ConfigurationException.require(p.length == params.length, "checkpoint parameters of " + id, p.length,
            params.length + " values for " + spec.layout().visible() + " visible and " + spec.hidden() + " hidden neurons");
        ConfigurationException.require(m.length == params.length && v.length == params.length,
            "checkpoint Adam moments of " + id, m.length + " and " + v.length, params.length + " values each");
        ConfigurationException.require(c.length == curve.length, "checkpoint learning curve of " + id, c.length,
            curve.length + " epochs");
        System.arraycopy(p, 0, params, 0, params.length);
        adam.restore(steps, m, v);
        System.arraycopy(c, 0, curve, 0, curve.length);
    }
}
