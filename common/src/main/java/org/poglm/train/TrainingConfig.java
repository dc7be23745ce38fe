package org.poglm.train;

import java.io.Serializable;

import org.poglm.model.ScoreBaseline;
import org.poglm.errors.ConfigurationException;

/**
 * How one configuration trains (SPEC §5-§6, §8). Defaults are the paper's synthetic preset and
 * live here only.
 *
 * @param epochs       passes over the training pieces
 * @param batchSize    pieces per Adam step
 * @param samples      K, Monte Carlo samples per piece
 * @param lrTheta      Adam learning rate of the generative parameters
 * @param lrPhi        Adam learning rate of the variational parameters
 * @param seed         the configuration seed: initialisation and Monte Carlo noise
 * @param baseline     score-function baseline
 * @param shuffle      shuffle batches every epoch (the paper's code does not)
 * @param scheduleSeed the seed of the batch order (shared by a sweep so one pass serves all)
 */
public record TrainingConfig(int epochs, int batchSize, int samples, double lrTheta, double lrPhi, long seed,
                             ScoreBaseline baseline, boolean shuffle, long scheduleSeed) implements Serializable {
    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_BATCH_SIZE = 10;
    public static final int DEFAULT_SAMPLES = 5;
    public static final double DEFAULT_LR_THETA = 0.05;
    public static final double DEFAULT_LR_PHI = 0.1;
    public static final int DEFAULT_EVAL_SAMPLES = 2000;

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
    }

    /** The paper's synthetic protocol with the given seed. */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_SAMPLES, DEFAULT_LR_THETA,
            DEFAULT_LR_PHI, seed, ScoreBaseline.NONE, false, 0L);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, s, baseline, shuffle, scheduleSeed);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, samples, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed);
    }

    public TrainingConfig withLearningRates(double theta, double phi) {
        return new TrainingConfig(epochs, batchSize, samples, theta, phi, seed, baseline, shuffle, scheduleSeed);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(epochs, b, samples, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed);
    }

    public TrainingConfig withSamples(int k) {
        return new TrainingConfig(epochs, batchSize, k, lrTheta, lrPhi, seed, baseline, shuffle, scheduleSeed);
    }

    public TrainingConfig withBaseline(ScoreBaseline b) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, seed, b, shuffle, scheduleSeed);
    }

    public TrainingConfig withShuffle(boolean on, long schedule) {
        return new TrainingConfig(epochs, batchSize, samples, lrTheta, lrPhi, seed, baseline, on, schedule);
    }

    /** The batch order over {@code pieces} training pieces. */
    public BatchSchedule schedule(int pieces) {
        return new BatchSchedule(pieces, batchSize, shuffle, scheduleSeed);
    }
}
