package org.poglm.train;

import java.util.List;

import org.poglm.errors.ConfigurationException;

/**
 * The one training loop (SPEC §5-§9), for one configuration or a whole sweep, in one JVM or on
 * Spark: epochs of the {@link BatchSchedule}'s batches; each step asks the {@link SweepObjective}
 * for the sums of every configuration still training at its current parameters and applies that
 * configuration's own Adam step ({@link TrainingState#apply}); each epoch closes every learning
 * curve and, with early stopping, scores the validation pieces, after which a configuration may
 * stop ({@link TrainingState#validated}) while the others go on in the same steps. The objective is
 * the only thing that differs between the single-JVM oracle and the distributed job, so the two
 * share every line of the loop by construction.
 */
public final class TrainingLoop {
    /** Progress callbacks on the calling thread; both do nothing by default. */
    public interface Listener {
        /**
         * After every step.
         *
         * @param epoch    0-based, of at most {@code epochs}
         * @param batch    0-based step within the epoch, of {@code batches}
         * @param meanElbo mean over the configurations still training of their mean ELBO per piece in
         *                 this epoch so far
         */
        default void stepFinished(int epoch, int epochs, int batch, int batches, double meanElbo) {
        }

        /** After every epoch, once the learning curves (and the validation, if any) hold it. */
        default void epochFinished(int epoch, int epochs, List<TrainingState> states) {
        }
    }

    /** The trained states, the compute seconds the objective spent on each, steps and wall time. */
    public record Result(List<TrainingState> states, double[] computeSeconds, long steps, double wallSeconds) {
    }

    private TrainingLoop() {
    }

    /**
     * Trains {@code states} (which must share epochs, batch order and stopping: one sweep) over the
     * batches of {@code schedule}. A configuration whose sums turn non-finite stops as diverged, its
     * parameters as they were before that step, and the others go on ({@link TrainingState#apply}).
     */
    public static Result run(List<TrainingState> states, BatchSchedule schedule, SweepObjective objective,
                             Listener listener) {
        return run(states, schedule, objective, listener, Checkpoints.NONE);
    }

    /**
     * As {@link #run(List, BatchSchedule, SweepObjective, Listener)}, resuming from and saving
     * checkpoints: the loop starts where {@code checkpoints} resumes it (its states restored), saves
     * whenever a checkpoint is due, and when asked to stop saves and throws {@link Checkpoints.Interrupted}.
     * Resumed, it reaches the same bits as a run that never stopped (SPEC §8).
     */
    public static Result run(List<TrainingState> states, BatchSchedule schedule, SweepObjective objective,
                             Listener listener, Checkpoints checkpoints) {
        ConfigurationException.require(!states.isEmpty(), "configurations", 0, "at least one to train");
        TrainingConfig first = states.get(0).config();
        int epochs = first.epochs();
        boolean validate = first.stopping().early();
        for (TrainingState s : states) {
            TrainingConfig c = s.config();
            if (c.epochs() != epochs || c.batchSize() != schedule.batchSize() || c.shuffle() != schedule.shuffled()
                || !c.stopping().equals(first.stopping())) {
                throw new IllegalArgumentException("configuration " + s.id() + " trains " + c.epochs() + " epochs of "
                    + "batches of " + c.batchSize() + (c.shuffle() ? ", shuffled" : "") + ", stopping " + c.stopping()
                    + "; a sweep shares " + epochs + " epochs of the schedule's batches of " + schedule.batchSize()
                    + " and stopping " + first.stopping());
            }
        }
        Listener events = listener != null ? listener : new Listener() { };
        int n = states.size();
        int batches = schedule.batchesPerEpoch();
        Checkpoint.Position resumed = checkpoints.resume(states);
        double[] compute = resumed == null ? new double[n] : resumed.computeSeconds().clone();
        long start = System.nanoTime();
        long steps = resumed == null ? 0 : resumed.steps();
        int firstEpoch = resumed == null ? 0 : resumed.epoch();
        for (int epoch = firstEpoch; epoch < epochs && states.stream().anyMatch(TrainingState::training); epoch++) {
            double[] epochElbo = new double[n];
            long[] epochPieces = new long[n];
            int firstBatch = resumed != null && epoch == firstEpoch ? resumed.batch() : 0;
            for (int batch = firstBatch; batch < batches; batch++) {
                long step = schedule.step(epoch, batch);
                SweepAggregate sums = objective.sums(epoch, batch, step, trainingParams(states));
                double mean = 0;
                int active = 0;
                for (int c = 0; c < n; c++) {
                    TrainingState s = states.get(c);
                    compute[c] += sums.seconds(c);
                    if (!s.training()) {
                        continue;
                    }
                    ElboAggregate part = sums.part(c);
                    s.apply(part, step);
                    if (!s.training()) {
                        continue;       // diverged at this step
                    }
                    epochElbo[c] += part.elboSum();
                    epochPieces[c] += part.count();
                    mean += epochElbo[c] / epochPieces[c];
                    active++;
                }
                steps++;
                events.stepFinished(epoch, epochs, batch, batches, active == 0 ? Double.NaN : mean / active);
                if (batch + 1 < batches) {
                    checkpoint(checkpoints, new Checkpoint.Position(epoch, batch + 1, steps, compute.clone()), states,
                        false);
                }
            }
            for (TrainingState s : states) {
                if (s.training()) {
                    s.endEpoch(epoch);
                }
            }
            if (validate) {
                SweepAggregate val = objective.validation(trainingParams(states));
                for (int c = 0; c < n; c++) {
                    TrainingState s = states.get(c);
                    compute[c] += val.seconds(c);
                    if (s.training()) {
                        ElboAggregate part = val.part(c);
                        s.validated(epoch, part.finite() ? part.meanElbo() : Double.NaN);
                    }
                }
            }
            events.epochFinished(epoch, epochs, states);
            checkpoint(checkpoints, new Checkpoint.Position(epoch + 1, 0, steps, compute.clone()), states, true);
        }
        return new Result(states, compute, steps, (System.nanoTime() - start) / 1e9);
    }

    /** Saves when due or when asked to stop; then stops. */
    private static void checkpoint(Checkpoints checkpoints, Checkpoint.Position at, List<TrainingState> states,
                                   boolean epochEnd) {
        boolean stop = checkpoints.stopRequested();
        if (stop || checkpoints.due(at.steps(), epochEnd)) {
            checkpoints.save(at, states);
        }
        if (stop) {
            throw new Checkpoints.Interrupted(at);
        }
    }

    /** Each configuration's parameters (a copy), null for those that stopped: the objective skips them. */
    private static double[][] trainingParams(List<TrainingState> states) {
        double[][] params = new double[states.size()][];
        for (int c = 0; c < params.length; c++) {
            TrainingState s = states.get(c);
            params[c] = s.training() ? s.params().clone() : null;
        }
        return params;
    }
}
