package org.poglm.train;

import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;
import org.poglm.random.CounterRng;

/**
 * The {@link SweepObjective} computed in this JVM over a list of training pieces (training index i
 * is position i of the list) and, for early stopping, a list of validation pieces: the single-JVM
 * oracle that the distributed objective must equal.
 */
public final class LocalObjective implements SweepObjective {
    private final List<PieceFeatures> train;
    private final List<PieceFeatures> validation;
    private final BatchSchedule schedule;
    private final ElboEstimator[] estimators;
    private final long[] seeds;
    private final int[] sizes;
    private int cachedEpoch = -1;
    private List<List<Integer>> epochBatches;

    /** Without validation pieces (fixed epochs). */
    public LocalObjective(List<TrainingState> states, List<PieceFeatures> train, BatchSchedule schedule) {
        this(states, train, List.of(), schedule);
    }

    /**
     * Checks every piece against every configuration's model before anything trains: a bad piece must
     * not surface after parameters moved.
     */
    public LocalObjective(List<TrainingState> states, List<PieceFeatures> train, List<PieceFeatures> validation,
                          BatchSchedule schedule) {
        this.train = List.copyOf(train);
        this.validation = List.copyOf(validation);
        this.schedule = schedule;
        int n = states.size();
        this.estimators = new ElboEstimator[n];
        this.seeds = new long[n];
        this.sizes = new int[n];
        for (int c = 0; c < n; c++) {
            TrainingState s = states.get(c);
            estimators[c] = new ElboEstimator(s.spec(), s.config().samples(), s.config().baseline());
            seeds[c] = s.config().seed();
            sizes[c] = s.spec().layout().size();
            for (PieceFeatures piece : this.train) {
                estimators[c].requireCompatible(piece);
            }
            for (PieceFeatures piece : this.validation) {
                estimators[c].requireCompatible(piece);
            }
        }
    }

    @Override
    public SweepAggregate sums(int epoch, int batch, long step, double[][] params) {
        if (epoch != cachedEpoch) {
            epochBatches = schedule.epoch(epoch);
            cachedEpoch = epoch;
        }
        SweepAggregate agg = new SweepAggregate();
        agg.ensure(sizes);
        for (int index : epochBatches.get(batch)) {
            PieceFeatures piece = train.get(index);
            agg.countPiece();
            for (int c = 0; c < params.length; c++) {
                if (params[c] != null) {
                    agg.add(c, estimators[c], params[c], piece, seeds[c], step);
                }
            }
        }
        return agg;
    }

    @Override
    public SweepAggregate validation(double[][] params) {
        if (validation.isEmpty()) {
            throw new IllegalStateException("early stopping needs validation pieces; this objective has none");
        }
        SweepAggregate agg = new SweepAggregate();
        agg.ensure(sizes);
        for (PieceFeatures piece : validation) {
            agg.countPiece();
            for (int c = 0; c < params.length; c++) {
                if (params[c] != null) {
                    agg.addElbo(c, estimators[c], params[c], piece, seeds[c], CounterRng.VALIDATION_STEP);
                }
            }
        }
        return agg;
    }
}
