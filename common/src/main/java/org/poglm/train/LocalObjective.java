package org.poglm.train;

import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.model.ElboEstimator;

/**
 * The {@link SweepObjective} computed in this JVM over a list of training pieces (training index i
 * is position i of the list): the single-JVM oracle that the distributed objective must equal.
 */
public final class LocalObjective implements SweepObjective {
    private final List<PieceFeatures> train;
    private final BatchSchedule schedule;
    private final ElboEstimator[] estimators;
    private final long[] seeds;
    private final int[] sizes;
    private int cachedEpoch = -1;
    private List<List<Integer>> epochBatches;

    /**
     * Checks every piece against every configuration's model before anything trains: a bad piece must
     * not surface after parameters moved.
     */
    public LocalObjective(List<TrainingState> states, List<PieceFeatures> train, BatchSchedule schedule) {
        this.train = List.copyOf(train);
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
        }
    }

    @Override
    public SweepAggregate sums(int epoch, int batch, long step, double[][] params) {
        SweepAggregate agg = new SweepAggregate();
        agg.ensure(sizes);
        if (epoch != cachedEpoch) {
            epochBatches = schedule.epoch(epoch);
            cachedEpoch = epoch;
        }
        for (int index : epochBatches.get(batch)) {
            PieceFeatures piece = train.get(index);
            agg.countPiece();
            for (int c = 0; c < params.length; c++) {
                agg.add(c, estimators[c], params[c], piece, seeds[c], step);
            }
        }
        return agg;
    }
}
