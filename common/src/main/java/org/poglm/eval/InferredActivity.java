package org.poglm.eval;

import java.io.Serializable;

/**
 * What a fitted model infers on one test piece (SPEC §7, for looking at a fit rather than scoring it),
 * indexed like SPEC's {@code x[t][v]}: bin first, then neuron.
 *
 * @param hiddenRate  {@code [t][h]}: the posterior mean rate of each hidden neuron under q (SPEC §3), i.e.
 *                    {@code E_q[g[t][h]]}. For the forward and forward-backward schemes {@code g} does not
 *                    depend on the sample and this is {@code g} itself, exactly; for forward-self it is the
 *                    mean of {@code g} over the evaluation samples. No columns for {@code H = 0}.
 * @param visibleRate {@code [t][v]}: the predicted firing rate of each visible unit, {@code E[f[t][v]]} under
 *                    the importance-weighted posterior: the evaluation samples of the marginal likelihood
 *                    with their self-normalised weights {@code w_k ~ exp(l_k)}. For {@code H = 0} the GLM's
 *                    rate {@code f[t][v]}, exactly.
 */
public record InferredActivity(double[][] hiddenRate, double[][] visibleRate) implements Serializable {
    /** Bins T. */
    public int bins() {
        return visibleRate.length;
    }
}
