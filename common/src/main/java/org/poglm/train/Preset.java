package org.poglm.train;

import org.poglm.errors.ConfigurationException;

/**
 * The paper's experimental protocols (SPEC §6). All presets start W and b at zero and evaluate with
 * {@link #evalSamples} importance samples, so results are comparable across presets.
 */
public enum Preset {
    SYNTHETIC("synthetic", 0.05, 0.1, 20, 10, 5, 2000, Double.NaN, 2.0 / 3.0),
    RGC("rgc", 0.02, 0.02, 20, 32, 5, 2000, 0.00833, 2.0 / 3.0),
    PVC5("pvc5", 0.1, 0.1, 20, 25, 5, 2000, 0.02, 0.5);

    public final String label;
    public final double lrTheta;
    public final double lrPhi;
    public final int epochs;
    public final int batchSize;
    public final int samples;
    public final int evalSamples;
    /** Bin width in seconds, NaN where the data come binned. */
    public final double binWidth;
    /** Fraction of pieces (in time order) that train. */
    public final double trainFraction;

    Preset(String label, double lrTheta, double lrPhi, int epochs, int batchSize, int samples, int evalSamples,
           double binWidth, double trainFraction) {
        this.label = label;
        this.lrTheta = lrTheta;
        this.lrPhi = lrPhi;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.samples = samples;
        this.evalSamples = evalSamples;
        this.binWidth = binWidth;
        this.trainFraction = trainFraction;
    }

    /** The preset's training configuration with seed {@code seed}. */
    public TrainingConfig training(long seed) {
        return TrainingConfig.defaults(seed).withEpochs(epochs).withBatchSize(batchSize).withSamples(samples)
            .withLearningRates(lrTheta, lrPhi);
    }

    public static Preset parse(String s) {
        for (Preset p : values()) {
            if (p.label.equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new ConfigurationException("preset", s, "one of synthetic, rgc, pvc5");
    }
}
