package org.poglm.train;

import java.util.List;

import org.poglm.data.PieceFeatures;

/**
 * The single-JVM trainer: the {@link TrainingLoop} over a {@link LocalObjective}. It is the oracle
 * the distributed job must match: the batch order comes from {@link BatchSchedule} and every draw
 * from (seed, step, piece id, sample), never from call order.
 */
public final class LocalTrainer {
    /** Progress callback of a single configuration. */
    public interface Listener {
        void epochFinished(int epoch, int epochs, double meanElbo);
    }

    private LocalTrainer() {
    }

    /** Trains one configuration on {@code train} (training index i = position in the list) and returns its state. */
    public static TrainingState train(TrainingState state, List<PieceFeatures> train, Listener listener) {
        train(List.of(state), train, listener == null ? null : new TrainingLoop.Listener() {
            @Override
            public void epochFinished(int epoch, int epochs, List<TrainingState> states) {
                listener.epochFinished(epoch, epochs, state.curve()[epoch]);
            }
        });
        return state;
    }

    /** Trains a sweep of configurations side by side on {@code train}, as the Spark job does. */
    public static TrainingLoop.Result train(List<TrainingState> states, List<PieceFeatures> train,
                                            TrainingLoop.Listener listener) {
        BatchSchedule schedule = states.get(0).config().schedule(train.size());
        return TrainingLoop.run(states, schedule, new LocalObjective(states, train, schedule), listener);
    }
}
