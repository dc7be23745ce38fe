package org.poglm.train;

import java.io.Serializable;

import org.poglm.model.ScoreBaseline;
import org.poglm.errors.ConfigurationException;

/**
 * How one configuration trains (SPEC §5-§6, §8, §9). Every default lives here: {@link #defaults}
 * is the paper's synthetic protocol (zero start, fixed epochs), {@link #forRecordings} the protocol
 * for fitting recordings (data start, validation and early stopping).
 *
 * @param epochs       passes over the training pieces (with early stopping: the most it may take)
 * @param batchSize    pieces per Adam step
 * @param samples      K, Monte Carlo samples per piece
 * @param lrTheta      Adam learning rate of the generative parameters
 * @param lrPhi        Adam learning rate of the variational parameters
 * @param seed         the configuration seed: initialisation and Monte Carlo noise
 * @param baseline     score-function baseline
 * @param shuffle      shuffle batches every epoch (the paper's code does not)
 * @param scheduleSeed the seed of the batch order (shared by a sweep so one pass serves all)
 * @param start        where the generative parameters start
 * @param stopping     fixed epochs, or early stopping on the validation ELBO
 */
public record TrainingConfig(int epochs, int batchSize, int samples, double lrTheta, double lrPhi, long seed,
                             ScoreBaseline baseline, boolean shuffle, long scheduleSeed, Start start,
                             Stopping stopping) implements Serializable {
    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_BATCH_SIZE = 10;
    public static final int DEFAULT_SAMPLES = 5;
    public static final double DEFAULT_LR_THETA = 0.05;
    public static final double DEFAULT_LR_PHI = 0.1;
    public static final int DEFAULT_EVAL_SAMPLES = 2000;
    /** Recordings: the most epochs a configuration may take before it must have converged. */
    public static final int DEFAULT_MAX_EPOCHS = 200;
    /** Recordings: pieces per step, as the paper's retina preset (a recording has thousands of pieces). */
    public static final int DEFAULT_RECORDING_BATCH_SIZE = 32;
    /** Recordings: stop after this many epochs without a validation improvement. */
    public static final int DEFAULT_PATIENCE = 10;
    /** Recordings: the improvement of the validation ELBO, in nats per piece, that counts. */
    public static final double DEFAULT_TOLERANCE = 0.01;
    /**
     * Recordings: Adam's learning rate of theta. Smaller than the paper's synthetic 0.05: on the MTL
     * recording (docs/recordings.md) the GLM's weights fit noise within two epochs at 0.05 (test 0.9 nats
     * per piece below constant rates), at 0.01 it stays with them.
     */
    public static final double DEFAULT_RECORDING_LR_THETA = 0.01;
    /** Recordings: Adam's learning rate of phi, twice theta's as in the paper's synthetic protocol. */
    public static final double DEFAULT_RECORDING_LR_PHI = 0.02;
    /** Recordings: the last fraction of the training pieces held out as the validation block. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public TrainingConfig {
        ConfigurationException.require(epochs >= 1, "epochs", epochs, "an integer >= 1");
        ConfigurationException.require(batchSize >= 1, "batch size", batchSize, "an integer >= 1");
        ConfigurationException.require(samples >= 1, "Monte Carlo samples K", samples, "an integer >= 1");
        ConfigurationException.require(baseline != null, "score baseline", null, "none or leave-one-out");
        ConfigurationException.require(baseline != ScoreBaseline.LEAVE_ONE_OUT || samples >= 2,
            "Monte Carlo samples K", samples, "K >= 2 for the leave-one-out baseline");
        ConfigurationException.require(lrTheta >= 0 && Double.isFinite(lrTheta), "learning rate theta", lrTheta,
            "a finite number >= 0");
        ConfigurationException.require(lrPhi >= 0 && Double.isFinite(lrPhi), "learning rate phi", lrPhi,
            "a finite number >= 0");
        ConfigurationException.require(start != null, "init", null, "data or paper");
        ConfigurationException.require(stopping != null, "stopping", null, "fixed epochs or early stopping");
    }

    /** The paper's synthetic protocol with the given seed. */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_SAMPLES, DEFAULT_LR_THETA,
            DEFAULT_LR_PHI, seed, ScoreBaseline.NONE, false, 0L, Start.PAPER, Stopping.FIXED_EPOCHS);
    }

    /**
     * The protocol for fitting a recording (SPEC §9): data start, up to {@link #DEFAULT_MAX_EPOCHS}
     * epochs with early stopping on the validation ELBO, batches of {@link #DEFAULT_RECORDING_BATCH_SIZE},
     * learning rates {@link #DEFAULT_RECORDING_LR_THETA} and {@link #DEFAULT_RECORDING_LR_PHI}.
     */
    public static TrainingConfig forRecordings(long seed) {
        return new TrainingConfig(DEFAULT_MAX_EPOCHS, DEFAULT_RECORDING_BATCH_SIZE, DEFAULT_SAMPLES,
            DEFAULT_RECORDING_LR_THETA, DEFAULT_RECORDING_LR_PHI, seed, ScoreBaseline.NONE, false, 0L, Start.DATA,
            new Stopping(DEFAULT_PATIENCE, DEFAULT_TOLERANCE));
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, s, baseline, shuffle, scheduleSeed,
            start, stopping);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, samples, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed,
            start, stopping);
    }

    public TrainingConfig withLearningRates(double theta, double phi) {
        return new TrainingConfig(epochs, batchSize, samples, theta, phi, seed, baseline, shuffle, scheduleSeed,
            start, stopping);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(epochs, b, samples, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed,
            start, stopping);
    }

    public TrainingConfig withSamples(int k) {
        return new TrainingConfig(epochs, batchSize, k, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed,
            start, stopping);
    }

    public TrainingConfig withBaseline(ScoreBaseline b) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, seed, b, shuffle, scheduleSeed,
            start, stopping);
    }

    public TrainingConfig withShuffle(boolean on, long schedule) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, seed, baseline, on, schedule, start,
            stopping);
    }

    public TrainingConfig withStart(Start s) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed, s,
            stopping);
    }

    public TrainingConfig withStopping(Stopping s) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed,
            start, s);
    }

    /** The batch order over {@code pieces} training pieces. */
    public BatchSchedule schedule(int pieces) {
        return new BatchSchedule(pieces, batchSize, shuffle, scheduleSeed);
    }
}
