package org.poglm.model;

import java.io.Serializable;
import java.util.Objects;

import org.poglm.data.Basis;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.schemes.VariationalScheme;
import org.poglm.errors.ConfigurationException;

/**
 * What the model is (SPEC §2-§4): V visible and H hidden neurons, the history basis, the rate
 * nonlinearity, the hidden-spike family shared by p and q, and the variational scheme.
 * {@code H = 0} is the fully observed GLM.
 */
public record ModelSpec(int visible, int hidden, Basis basis, Nonlinearity nonlinearity,
                        HiddenSpikeDistribution distribution, VariationalScheme scheme) implements Serializable {
    public ModelSpec {
        ConfigurationException.require(visible >= 1, "visible neurons V", visible, "an integer >= 1");
        ConfigurationException.require(hidden >= 0, "hidden neurons H", hidden, "an integer >= 0");
        ConfigurationException.require(basis != null, "basis", null, "a history basis");
        Objects.requireNonNull(nonlinearity, "nonlinearity");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(scheme, "scheme");
    }

    /** N = V + H. */
    public int neurons() {
        return visible + hidden;
    }

    public ModelSpec withDistribution(HiddenSpikeDistribution d) {
        return new ModelSpec(visible, hidden, basis, nonlinearity, d, scheme);
    }

    public ModelSpec withHidden(int h) {
        return new ModelSpec(visible, h, basis, nonlinearity, distribution, scheme);
    }

    /** The parameter layout of this model. */
    public ParameterLayout layout() {
        return new ParameterLayout(visible, hidden, scheme);
    }
}
