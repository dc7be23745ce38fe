package org.poglm.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.poglm.random.CounterRng;
import org.poglm.errors.ConfigurationException;

/**
 * Which batch a training piece belongs to in each epoch (SPEC §8). A pure function of
 * (seed, epoch, training index), so any executor can decide locally whether its pieces are in the
 * current step's batch without shipping id lists.
 *
 * <p>Fixed order (the paper's code): batch = index / batchSize. Shuffled: the index is first mapped
 * through a pseudo-random permutation of {@code [0, P)} keyed by (seed, epoch), a 6-round Feistel
 * network with cycle walking, so every epoch is a fresh reproducible shuffle.
 */
public final class BatchSchedule implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ROUNDS = 6;

    private final int pieces;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int halfBits;
    private final long halfMask;

    public BatchSchedule(int pieces, int batchSize, boolean shuffle, long seed) {
        ConfigurationException.require(pieces >= 1, "training pieces", pieces, "at least one training piece");
        ConfigurationException.require(batchSize >= 1, "batch size", batchSize, "an integer >= 1");
        this.pieces = pieces;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, pieces - 1));
        this.halfBits = Math.max(1, (bits + 1) / 2);
        this.halfMask = (1L << halfBits) - 1;
    }

    public int pieces() {
        return pieces;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffled() {
        return shuffle;
    }

    /** Batches per epoch, the last one possibly smaller. */
    public int batchesPerEpoch() {
        return (pieces + batchSize - 1) / batchSize;
    }

    /** The global step of batch {@code batch} of epoch {@code epoch}. */
    public long step(int epoch, int batch) {
        return (long) epoch * batchesPerEpoch() + batch;
    }

    /** Position of training piece {@code index} in epoch {@code epoch}'s order. */
    public int position(int epoch, int index) {
        if (index < 0 || index >= pieces) {
            throw new IllegalArgumentException("training index " + index + " outside [0, " + pieces + ")");
        }
        if (!shuffle) {
            return index;
        }
        long key = CounterRng.derive(CounterRng.sampleKey(seed, CounterRng.SCHEDULE_STEP, 0, 0), epoch);
        long x = index;
        do {
            x = feistel(key, x);
        } while (x >= pieces);
        return (int) x;
    }

    /** The batch of training piece {@code index} in epoch {@code epoch}. */
    public int batchOf(int epoch, int index) {
        return position(epoch, index) / batchSize;
    }

    /** The training indices of one batch, in position order (for the single-JVM trainer). */
    public List<Integer> batch(int epoch, int batch) {
        int[] byPosition = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            byPosition[position(epoch, i)] = i;
        }
        List<Integer> out = new ArrayList<>();
        for (int p = batch * batchSize; p < Math.min(pieces, (batch + 1) * batchSize); p++) {
            out.add(byPosition[p]);
        }
        return out;
    }

    /** All batches of an epoch. */
    public List<List<Integer>> epoch(int epoch) {
        int[] byPosition = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            byPosition[position(epoch, i)] = i;
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int b = 0; b < batchesPerEpoch(); b++) {
            List<Integer> batch = new ArrayList<>();
            for (int p = b * batchSize; p < Math.min(pieces, (b + 1) * batchSize); p++) {
                batch.add(byPosition[p]);
            }
            out.add(batch);
        }
        return out;
    }

    private long feistel(long key, long x) {
        long left = (x >>> halfBits) & halfMask;
        long right = x & halfMask;
        for (int r = 0; r < ROUNDS; r++) {
            long f = CounterRng.derive(key, r * 0x10000L + right) & halfMask;
            long next = left ^ f;
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}
