package org.poglm.distributed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.poglm.data.Piece;
import org.poglm.train.BatchSchedule;

/**
 * The pieces of one partition, the unit an RDD of a sweep holds (one element per partition):
 * compact {@link Piece}s with their training (or test) index. Indices are dealt round-robin to
 * partitions, so every batch spreads over all executors. A step touches only the pieces of its
 * batch: the block looks them up in a per-epoch index, so the cost of a step does not grow with
 * the recording.
 */
public class PieceBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] indices;
    private final Piece[] pieces;
    private transient int indexedEpoch = -1;
    private transient int[][] byBatch;

    public PieceBlock(int[] indices, Piece[] pieces) {
        if (indices.length != pieces.length) {
            throw new IllegalArgumentException(indices.length + " indices for " + pieces.length + " pieces");
        }
        this.indices = indices;
        this.pieces = pieces;
    }

    public int size() {
        return pieces.length;
    }

    public Piece piece(int i) {
        return pieces[i];
    }

    public int index(int i) {
        return indices[i];
    }

    /** Positions (into this block) of the pieces in batch {@code batch} of {@code epoch}. */
    public synchronized int[] batch(BatchSchedule schedule, int epoch, int batch) {
        if (indexedEpoch != epoch || byBatch == null) {
            int batches = schedule.batchesPerEpoch();
            List<List<Integer>> lists = new ArrayList<>(batches);
            for (int b = 0; b < batches; b++) {
                lists.add(new ArrayList<>());
            }
            for (int i = 0; i < pieces.length; i++) {
                lists.get(schedule.batchOf(epoch, indices[i])).add(i);
            }
            byBatch = new int[batches][];
            for (int b = 0; b < batches; b++) {
                byBatch[b] = lists.get(b).stream().mapToInt(Integer::intValue).toArray();
            }
            indexedEpoch = epoch;
        }
        return byBatch[batch];
    }
}
