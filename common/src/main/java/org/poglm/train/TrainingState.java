package org.poglm.train;

import java.io.Serializable;
import java.util.Arrays;

import org.poglm.errors.ConfigurationException;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ParameterInit;
import org.poglm.model.ParameterLayout;
import org.poglm.optim.Adam;

/**
 * One configuration's parameters and optimiser state as training proceeds, its learning curves
 * (mean training ELBO per piece per epoch; with early stopping also the validation ELBO) and, once it
 * stopped, why ({@link Outcome}). The single-JVM trainer and the Spark driver advance it the same
 * way, through {@link TrainingLoop}.
 */
public final class TrainingState implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Why a configuration stopped. */
    public enum Stop {
        /** It trained its fixed number of epochs (no validation: the paper's protocol). */
        FIXED_EPOCHS("fixed-epochs", "trained the fixed number of epochs (no early stopping)"),
        /** Its validation ELBO stopped improving: converged. */
        CONVERGED("converged", "the validation ELBO did not improve for the patience"),
        /** It reached the most epochs allowed while the validation ELBO was still improving or had not settled. */
        MAX_EPOCHS("max-epochs", "reached the maximum number of epochs before the validation ELBO settled"),
        /**
         * Its ELBO or gradient turned non-finite (or beyond what the exact sums hold): it is frozen at its last
         * good parameters (its best epoch's with validation) while the rest of the sweep goes on.
         */
        DIVERGED("diverged", "its ELBO or gradient turned non-finite; frozen at its last good parameters");

        private final String label;
        private final String meaning;

        Stop(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        public String label() {
            return label;
        }

        public String meaning() {
            return meaning;
        }
    }

    /**
     * How training ended.
     *
     * @param stop           why
     * @param epochs         epochs trained
     * @param bestEpoch      0-based epoch whose parameters were kept (the last one without validation)
     * @param bestValidation its validation ELBO per piece (NaN without validation)
     * @param failure        for {@link Stop#DIVERGED}: where and what (step, piece, the value), else null
     */
    public record Outcome(Stop stop, int epochs, int bestEpoch, double bestValidation, String failure)
        implements Serializable {
        /** True when the configuration stopped because its validation ELBO settled. */
        public boolean converged() {
            return stop == Stop.CONVERGED;
        }

        /** The reason in words, with the numbers. */
        public String reason(Stopping stopping) {
            return switch (stop) {
                case FIXED_EPOCHS -> "trained the fixed " + epochs + " epochs";
                case CONVERGED -> "no validation improvement of more than " + stopping.tolerance()
                    + " nats per piece for " + stopping.patience() + " epochs; kept epoch " + (bestEpoch + 1);
                case MAX_EPOCHS -> "reached the maximum of " + epochs + " epochs; the validation ELBO was still "
                    + "improving (best at epoch " + (bestEpoch + 1) + ")";
                case DIVERGED -> "diverged in epoch " + (epochs + 1) + ": " + failure + "; frozen at "
                    + (bestEpoch >= 0 ? "the parameters after epoch " + (bestEpoch + 1) : "its parameters before that step")
                    + " (try smaller learning rates or another nonlinearity)";
            };
        }
    }

    private final String id;
    private final ModelSpec spec;
    private final TrainingConfig config;
    private final double[] params;
    private final Adam adam;
    private final double[] curve;
    private final double[] validation;
    private double epochElbo;
    private long epochPieces;
    private int epochsRun;
    private double[] bestParams;
    private double bestValidation = Double.NEGATIVE_INFINITY;
    private int bestEpoch = -1;
    private Outcome outcome;

    public TrainingState(String id, ModelSpec spec, TrainingConfig config) {
        this.id = id;
        this.spec = spec;
        this.config = config;
        ParameterLayout layout = spec.layout();
        this.params = ParameterInit.initialise(layout, config.seed());
        this.adam = new Adam(layout.size(), layout.thetaSize(), config.lrTheta(), config.lrPhi());
        this.curve = new double[config.epochs()];
        this.validation = new double[config.epochs()];
        Arrays.fill(curve, Double.NaN);
        Arrays.fill(validation, Double.NaN);
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

    /**
     * The data start of SPEC §9, when the configuration asks for it ({@link Start#DATA}): visible
     * biases at the link's inverse of {@code visibleRates} (mean spikes per bin over the training
     * pieces), hidden biases at the inverse of their median; weights stay zero. Nothing changes for
     * {@link Start#PAPER}. Must come before the first step.
     */
    public void start(double[] visibleRates) {
        if (config.start() != Start.DATA) {
            return;
        }
        ParameterLayout layout = spec.layout();
        ConfigurationException.require(visibleRates.length == layout.visible(), "training rates of " + id,
            visibleRates.length, layout.visible() + " visible units");
        if (adam.steps() > 0) {
            throw new IllegalStateException(id + ": the data start must come before the first step");
        }
        Nonlinearity link = spec.nonlinearity();
        for (int v = 0; v < layout.visible(); v++) {
            params[layout.bias(v)] = link.inverse(visibleRates[v]);
        }
        double hiddenStart = link.inverse(median(visibleRates));
        for (int h = 0; h < layout.hidden(); h++) {
            params[layout.bias(layout.visible() + h)] = hiddenStart;
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /**
     * Applies one Adam step from a batch's sums. When they are not finite (or beyond what the exact sums
     * hold) the step is refused, parameters and optimiser untouched, and the configuration stops as
     * {@link Stop#DIVERGED}, naming the step, the piece and the value.
     */
    public void apply(ElboAggregate batch, long step) {
        if (!batch.finite()) {
            diverged("step " + step + ", piece " + batch.badPiece() + ": " + describe(batch.badWhat()));
            return;
        }
        double[] g = batch.lossGradient();
        adam.step(params, g);
        epochElbo += batch.elboSum();
        epochPieces += batch.count();
    }

    /** Closes epoch {@code epoch} of the learning curve; without early stopping the last epoch ends training. */
    public void endEpoch(int epoch) {
        curve[epoch] = epochPieces > 0 ? epochElbo / epochPieces : Double.NaN;
        epochElbo = 0;
        epochPieces = 0;
        epochsRun = epoch + 1;
        if (!config.stopping().early() && epochsRun == config.epochs()) {
            outcome = new Outcome(Stop.FIXED_EPOCHS, epochsRun, epoch, Double.NaN, null);
        }
    }

    /**
     * Records the validation ELBO (mean per piece) after epoch {@code epoch} and decides (SPEC §9):
     * an improvement of more than the tolerance makes these parameters the best; no such improvement
     * for the patience stops the configuration, as does the last epoch; when it stops, the best
     * parameters are restored.
     */
    public void validated(int epoch, double meanElbo) {
        Stopping stopping = config.stopping();
        if (!Double.isFinite(meanElbo) || Math.abs(meanElbo) >= ExactSum.LIMIT) {
            diverged("validation after epoch " + (epoch + 1) + ": " + describe("ELBO (" + meanElbo + ")"));
            return;
        }
        validation[epoch] = meanElbo;
        if (bestEpoch < 0 || meanElbo > bestValidation + stopping.tolerance()) {
            bestValidation = meanElbo;
            bestEpoch = epoch;
            bestParams = params.clone();
        }
        if (epoch - bestEpoch >= stopping.patience()) {
            stop(Stop.CONVERGED, epoch);
        } else if (epoch + 1 == config.epochs()) {
            stop(Stop.MAX_EPOCHS, epoch);
        }
    }

    private void stop(Stop why, int epoch) {
        System.arraycopy(bestParams, 0, params, 0, params.length);
        outcome = new Outcome(why, epoch + 1, bestEpoch, bestValidation, null);
    }

    /**
     * Stops the configuration as diverged: with validation its best epoch's parameters come back, else it
     * keeps the last good ones (the refused step changed nothing).
     */
    private void diverged(String failure) {
        if (bestParams != null) {
            System.arraycopy(bestParams, 0, params, 0, params.length);
        }
        outcome = new Outcome(Stop.DIVERGED, epochsRun, bestParams != null ? bestEpoch : epochsRun - 1,
            bestParams != null ? bestValidation : Double.NaN, failure);
    }

    /** A value that is finite but beyond the exact sums' range is called what it is: divergence. */
    static String describe(String what) {
        String value = what.replaceAll(".*[(= ]([^ ()=]+)\\)$", "$1");
        try {
            if (Double.isFinite(Double.parseDouble(value))) {
                return what + ", beyond " + ExactSum.LIMIT + " in size: the fit diverged";
            }
        } catch (NumberFormatException e) {
            // NaN and the infinities parse; anything else is said as it is.
        }
        return "non-finite " + what;
    }

    /** True while the configuration still trains. */
    public boolean training() {
        return outcome == null;
    }

    /** How training ended, or null while it goes on. */
    public Outcome outcome() {
        return outcome;
    }

    /** Epochs trained so far. */
    public int epochsRun() {
        return epochsRun;
    }

    /** Mean training ELBO per piece for each epoch trained. */
    public double[] curve() {
        return Arrays.copyOf(curve, epochsRun);
    }

    /** Mean validation ELBO per piece for each epoch trained (NaN without validation). */
    public double[] validationCurve() {
        return Arrays.copyOf(validation, epochsRun);
    }

    /**
     * Everything of a configuration's training that a checkpoint holds: with it {@link #restore}
     * continues bit for bit where {@link #snapshot} was taken (SPEC §8).
     */
    public record Snapshot(double[] params, long adamSteps, double[] adamM, double[] adamV, double[] curve,
                           double[] validation, double epochElbo, long epochPieces, int epochsRun,
                           double[] bestParams, double bestValidation, int bestEpoch, Outcome outcome)
        implements Serializable {
    }

    /** A copy of the state as it is now. */
    public Snapshot snapshot() {
        return new Snapshot(params.clone(), adam.steps(), adam.firstMoment(), adam.secondMoment(), curve.clone(),
            validation.clone(), epochElbo, epochPieces, epochsRun, bestParams == null ? null : bestParams.clone(),
            bestValidation, bestEpoch, outcome);
    }

    /** Puts this state back where {@code s} was taken; fails, naming what does not fit, for another model. */
    public void restore(Snapshot s) {
        ConfigurationException.require(s.params().length == params.length, "checkpoint parameters of " + id,
            s.params().length, params.length + " values for " + spec.layout().visible() + " visible and "
                + spec.hidden() + " hidden neurons");
        ConfigurationException.require(s.curve().length == curve.length && s.validation().length == validation.length,
            "checkpoint learning curve of " + id, s.curve().length, curve.length + " epochs");
        System.arraycopy(s.params(), 0, params, 0, params.length);
        adam.restore(s.adamSteps(), s.adamM(), s.adamV());
        System.arraycopy(s.curve(), 0, curve, 0, curve.length);
        System.arraycopy(s.validation(), 0, validation, 0, validation.length);
        epochElbo = s.epochElbo();
        epochPieces = s.epochPieces();
        epochsRun = s.epochsRun();
        bestParams = s.bestParams() == null ? null : s.bestParams().clone();
        bestValidation = s.bestValidation();
        bestEpoch = s.bestEpoch();
        outcome = s.outcome();
    }
}
