package org.poglm.train;

/**
 * The training objective of a sweep, apart from the optimiser (MLlib's {@code RDDLossFunction}):
 * for one step, the sums over the step's batch of every configuration's ELBO estimate and gradient
 * (SPEC §5). {@link TrainingLoop} drives any implementation the same way; {@link LocalObjective}
 * computes it in this JVM, the Spark job's {@code RddObjective} on the executors, and both must give
 * the same bits (the sums are exact, so neither the order of the pieces nor the partitioning matters).
 */
public interface SweepObjective {
    /**
     * Sums over batch {@code batch} of epoch {@code epoch}, with the noise of global step {@code step}
     * (SPEC §8), of every configuration's per-piece ELBO estimate and gradient at {@code params[c]}.
     *
     * @param params one parameter vector per configuration, in sweep order, or null for a configuration
     *               that no longer trains (it is not computed); read only
     */
    SweepAggregate sums(int epoch, int batch, long step, double[][] params);

    /**
     * Sums over the validation pieces of every configuration's ELBO estimate (no gradient), with the
     * noise of {@code CounterRng.VALIDATION_STEP} (SPEC §9): the same draws every epoch.
     *
     * @param params as for {@link #sums}
     * @throws IllegalStateException when the objective has no validation pieces
     */
    SweepAggregate validation(double[][] params);
}
