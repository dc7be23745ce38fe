package org.poglm.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.errors.ConfigurationException;
import org.poglm.result.Provenance;
import org.poglm.train.BatchSchedule;
import org.poglm.train.Start;
import org.poglm.train.Stopping;

/**
 * A sweep: configurations that train side by side on the same batches, and what they share:
 * epochs (with early stopping, the most), batch size and order, the history basis and padding, piece
 * length, evaluation samples, where the parameters start, when a configuration stops, and the
 * fraction of the training pieces held out to validate (0 without early stopping).
 */
public record Sweep(List<SweepConfig> configs, int epochs, int batchSize, boolean shuffle, long sweepSeed,
                    int evalSamples, Basis basis, Padding padding, int pieceBins, Start start, Stopping stopping,
                    double validationFraction) implements Serializable {
    /** The paper's protocol: zero start, fixed epochs, no validation. */
    public Sweep(List<SweepConfig> configs, int epochs, int batchSize, boolean shuffle, long sweepSeed,
                 int evalSamples, Basis basis, Padding padding, int pieceBins) {
        this(configs, epochs, batchSize, shuffle, sweepSeed, evalSamples, basis, padding, pieceBins, Start.PAPER,
            Stopping.FIXED_EPOCHS, 0.0);
    }

    public Sweep {
        ConfigurationException.require(configs != null && !configs.isEmpty(), "configurations",
            configs == null ? 0 : configs.size(), "at least one configuration in the grid");
        configs = List.copyOf(configs);
        ConfigurationException.require(epochs >= 1, "epochs", epochs, "an integer >= 1");
        ConfigurationException.require(batchSize >= 1, "batch size", batchSize, "an integer >= 1");
        ConfigurationException.require(evalSamples >= 1, "evaluation samples", evalSamples, "an integer >= 1");
        ConfigurationException.require(pieceBins >= 1, "piece bins", pieceBins, "an integer >= 1");
        ConfigurationException.require(start != null && stopping != null, "init and stopping", start, "both set");
        ConfigurationException.require(stopping.early() ? validationFraction > 0 && validationFraction < 1
                : validationFraction == 0, "validation-fraction", validationFraction,
            stopping.early() ? "a fraction in (0, 1) to stop early on" : "0 with a fixed number of epochs");
        for (int i = 0; i < configs.size(); i++) {
            if (configs.get(i).index() != i) {
                throw new IllegalArgumentException("configuration " + configs.get(i).id() + " has index "
                    + configs.get(i).index() + ", expected " + i);
            }
        }
    }

    public int size() {
        return configs.size();
    }

    /** The same sweep on fold {@code fold} (1-based) of blocked cross-validation. */
    public Sweep inFold(int fold) {
        return new Sweep(configs.stream().map(c -> c.inFold(fold)).toList(), epochs, batchSize, shuffle, sweepSeed,
            evalSamples, basis, padding, pieceBins, start, stopping, validationFraction);
    }

    /** The sweep's description of itself for provenance, over {@code trainPieces} training pieces. */
    public Provenance.SweepSettings describe(int trainPieces) {
        int batches = new BatchSchedule(Math.max(1, trainPieces), batchSize, shuffle, sweepSeed).batchesPerEpoch();
        return new Provenance.SweepSettings(size(), epochs, batchSize, batches, shuffle, sweepSeed, evalSamples,
            basis.weights(), padding.name().toLowerCase(Locale.ROOT), pieceBins, start.label(),
            stopping.early() ? stopping.patience() : null, stopping.early() ? stopping.tolerance() : null,
            stopping.early() ? validationFraction : null,
            configs.stream().map(SweepConfig::describe).toList(),
            configs.stream().filter(c -> !c.fullyObserved()).map(c -> c.family().samplerNote()).distinct().toList());
    }
}
