package org.poglm.train;

import org.poglm.errors.ConfigurationException;

/**
 * Where the generative parameters start.
 * <ul>
 * <li>{@link #PAPER}: W and b at zero (SPEC §3), the paper code's protocol, kept by the presets;</li>
 * <li>{@link #DATA}: each visible neuron's bias at the link's inverse of its mean count per bin over
 * the training pieces, each hidden neuron's at the inverse of the median of those rates, W at zero
 * (SPEC §9): at zero, a sigmoid link starts every unit at 0.5 spikes per bin (50 Hz at 10 ms) and
 * the first epochs only pull the biases down.</li>
 * </ul>
 * The variational side starts as SPEC §3 says in both.
 */
public enum Start {
    PAPER("paper"), DATA("data");

    private final String label;

    Start(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Start parse(String s) {
        for (Start v : values()) {
            if (v.label.equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new ConfigurationException("init", s, "data or paper");
    }

    @Override
    public String toString() {
        return label;
    }
}
