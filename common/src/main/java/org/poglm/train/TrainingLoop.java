package org.poglm.train;

import java.util.List;

import org.poglm.errors.ConfigurationException;

/**
 * The one training loop (SPEC §5-§8), for one configuration or a whole sweep, in one JVM or on
 * Spark: epochs of the {@link BatchSchedule}'s batches; each step asks the {@link SweepObjective}
 * for every configuration's sums at its current parameters and applies that configuration's own
 * Adam step ({@link TrainingState#apply}); each epoch closes every learning curve. The objective is
 * the only thing that differs between the single-JVM oracle and the distributed job, so the two
 * share every line of the loop by construction.
 */
public final class TrainingLoop {
    /** Progress callbacks on the calling thread; both do nothing by default. */
    public interface Listener {
        /**
         * After every step.
         *
         * @param epoch    0-based, of {@code epochs}
         * @param batch    0-based step within the epoch, of {@code batches}
         * @param meanElbo mean over the configurations of their mean ELBO per piece in this epoch so
         *                 far (after the epoch's last step: the mean of the learning curves' values)
         */
        default void stepFinished(int epoch, int epochs, int batch, int batches, double meanElbo) {
        }

        /** After every epoch, once the learning curves hold it. */
        default void epochFinished(int epoch, int epochs, List<TrainingState> states) {
        }
    }

    /** The trained states, the compute seconds the objective spent on each, steps and wall time. */
    public record Result(List<TrainingState> states, double[] computeSeconds, long steps, double wallSeconds) {
    }

    private TrainingLoop() {
    }

    /**
     * Trains {@code states} (which must share epochs and batch order: one sweep) over the batches of
     * {@code schedule}; throws {@link NonFiniteException} at the first non-finite sum, leaving that
     * configuration's parameters and optimiser state as they were before the step.
     */
    public static Result run(List<TrainingState> states, BatchSchedule schedule, SweepObjective objective,
                             Listener listener) {
        ConfigurationException.require(!states.isEmpty(), "configurations", 0, "at least one to train");
        int epochs = states.get(0).config().epochs();
        for (TrainingState s : states) {
            TrainingConfig c = s.config();
            if (c.epochs() != epochs || c.batchSize() != schedule.batchSize() || c.shuffle() != schedule.shuffled()) {
                throw new IllegalArgumentException("configuration " + s.id() + " trains " + c.epochs() + " epochs of "
                    + "batches of " + c.batchSize() + (c.shuffle() ? ", shuffled" : "") + "; a sweep shares "
                    + epochs + " epochs of the schedule's batches of " + schedule.batchSize());
            }
        }
        Listener events = listener != null ? listener : new Listener() { };
        int n = states.size();
        int batches = schedule.batchesPerEpoch();
        double[] compute = new double[n];
        long start = System.nanoTime();
        long steps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[] epochElbo = new double[n];
            long[] epochPieces = new long[n];
            for (int batch = 0; batch < batches; batch++) {
                long step = schedule.step(epoch, batch);
                double[][] params = new double[n][];
                for (int c = 0; c < n; c++) {
                    params[c] = states.get(c).params().clone();
                }
                SweepAggregate sums = objective.sums(epoch, batch, step, params);
                double mean = 0;
                for (int c = 0; c < n; c++) {
                    ElboAggregate part = sums.part(c);
                    states.get(c).apply(part, step);
                    compute[c] += sums.seconds(c);
                    epochElbo[c] += part.elboSum();
                    epochPieces[c] += part.count();
                    mean += epochElbo[c] / epochPieces[c];
                }
                steps++;
                events.stepFinished(epoch, epochs, batch, batches, mean / n);
            }
            for (TrainingState s : states) {
                s.endEpoch(epoch);
            }
            events.epochFinished(epoch, epochs, states);
        }
        return new Result(states, compute, steps, (System.nanoTime() - start) / 1e9);
    }
}
