package org.poglm.train;

import org.poglm.errors.ConfigurationException;

/**
 * When a configuration stops training (SPEC §9). With {@code patience = 0} it trains its fixed number
 * of epochs (the paper's protocol); otherwise its validation ELBO is scored after every epoch and it
 * stops once that has not improved by more than {@code tolerance} (nats per piece) for
 * {@code patience} epochs, or at the maximum number of epochs, keeping its best parameters.
 */
public record Stopping(int patience, double tolerance) implements java.io.Serializable {
    /** Fixed epochs, no validation: the paper's protocol. */
    public static final Stopping FIXED_EPOCHS = new Stopping(0, 0.0);

    public Stopping {
        ConfigurationException.require(patience >= 0, "patience", patience, "an integer >= 0 (0: fixed epochs)");
        ConfigurationException.require(tolerance >= 0 && Double.isFinite(tolerance), "tolerance", tolerance,
            "a finite number >= 0 (nats per piece)");
    }

    /** True when training stops on the validation ELBO. */
    public boolean early() {
        return patience > 0;
    }
}
