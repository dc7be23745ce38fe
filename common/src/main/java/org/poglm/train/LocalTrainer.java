package org.poglm.train;

import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;

/**
 * The single-JVM trainer (SPEC §5-§8): batches, epochs, Adam, learning curve. It is the oracle the
 * distributed job must match: the batch order comes from {@link BatchSchedule} and every draw from
 * (seed, step, piece id, sample), never from call order.
 */
public final class LocalTrainer {
    /** Progress callback. */
    public interface Listener {
        void epochFinished(int epoch, int epochs, double meanElbo);
    }

    private LocalTrainer() {
    }

    /** Trains on {@code train} (training index i = position in the list) and returns the final state. */
    public static TrainingState train(TrainingState state, List<PieceFeatures> train, Listener listener) {
        TrainingConfig cfg = state.config();
        ElboEstimator estimator = new ElboEstimator(state.spec(), cfg.samples(), cfg.baseline());
        BatchSchedule schedule = cfg.schedule(train.size());
        int size = state.spec().layout().size();
        // Every piece is checked before the first step: a bad one must not surface after parameters moved.
        for (PieceFeatures piece : train) {
            estimator.requireCompatible(piece);
        }
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            List<List<Integer>> batches = schedule.epoch(epoch);
            for (int b = 0; b < batches.size(); b++) {
                long step = schedule.step(epoch, b);
                ElboAggregate agg = new ElboAggregate(size);
                for (int index : batches.get(b)) {
                    agg.add(estimator, state.params(), train.get(index), cfg.seed(), step);
                }
                state.apply(agg, step);
            }
            state.endEpoch(epoch);
            if (listener != null) {
                listener.epochFinished(epoch, cfg.epochs(), state.curve()[epoch]);
            }
        }
        return state;
    }
}
