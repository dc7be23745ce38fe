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

    /** Trains a sweep of configurations side by side on {@code train}, as the Spark job does (no validation). */
    public static TrainingLoop.Result train(List<TrainingState> states, List<PieceFeatures> train,
                                            TrainingLoop.Listener listener) {
        return train(states, train, List.of(), listener);
    }

    /**
     * Trains a sweep side by side on {@code train}, scoring {@code validation} after every epoch when
     * the configurations stop early; each starts from the data first when its configuration asks for
     * it (the mean rates of {@code train}).
     */
    public static TrainingLoop.Result train(List<TrainingState> states, List<PieceFeatures> train,
                                            List<PieceFeatures> validation, TrainingLoop.Listener listener) {
        BatchSchedule schedule = states.get(0).config().schedule(train.size());
        if (!train.isEmpty()) {
            double[] rates = trainingRates(train);
            for (TrainingState s : states) {
                s.start(rates);
            }
        }
        return TrainingLoop.run(states, schedule, new LocalObjective(states, train, validation, schedule), listener);
    }

    /** Mean spikes per bin of each visible neuron over {@code pieces}. */
    public static double[] trainingRates(List<PieceFeatures> pieces) {
        int visible = pieces.get(0).visible;
        double[] s = new double[visible];
        long bins = 0;
        for (PieceFeatures p : pieces) {
            for (int v = 0; v < visible; v++) {
                for (int t = 0; t < p.bins; t++) {
                    s[v] += p.count(t, v);
                }
            }
            bins += p.bins;
        }
        for (int v = 0; v < visible; v++) {
            s[v] /= bins;
        }
        return s;
    }
}
