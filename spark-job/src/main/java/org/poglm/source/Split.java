package org.poglm.source;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.poglm.distributed.PieceSource;
import org.poglm.errors.ConfigurationException;

/**
 * Which pieces train, validate and test (SPEC §1, §9), by time. Without folds: the first pieces
 * train the gradient, the next ones (the last part of the training time; none without early
 * stopping) are scored after every epoch, the last ones test; the test pieces are chosen by count
 * or as a fraction of all pieces, the validation pieces as a fraction of those before the test (at
 * least one), both rounded. With blocked cross-validation over time ({@link #folds}), fold k tests
 * the k-th of K consecutive blocks and trains on the pieces before and after it, the last fraction
 * of them (by time) validating.
 *
 * @param fold the 1-based fold, 0 without folds
 */
public record Split(int fold, PieceSource.PieceIds train, PieceSource.PieceIds validation, PieceSource.Range test) {
    public static Split of(long pieces, int testPieces, double testFraction, double validationFraction) {
        int total = Math.toIntExact(pieces);
        int test = testPieces > 0 ? testPieces : (int) Math.round(total * testFraction);
        int beforeTest = total - test;
        int validation = validationCount(beforeTest, validationFraction);
        int train = beforeTest - validation;
        if (test < 1 || train < 1) {
            throw new ConfigurationException(testPieces > 0 ? "test-pieces" : "test-fraction",
                testPieces > 0 ? testPieces : testFraction, "at least one training"
                    + (validation > 0 ? ", one validation" : "") + " and one test piece out of " + total);
        }
        return new Split(0, new PieceSource.Range(0, train), new PieceSource.Range(train, validation),
            new PieceSource.Range(beforeTest, test));
    }

    /** The {@code k} splits of blocked cross-validation over {@code pieces} pieces. */
    public static List<Split> folds(long pieces, int k, double validationFraction) {
        int total = Math.toIntExact(pieces);
        ConfigurationException.require(k >= 2 && (long) k * 2 <= total, "folds", k,
            "an integer >= 2 with at least 2 pieces per fold (" + total + " pieces)");
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int from = (int) ((long) f * total / k);
            int to = (int) ((long) (f + 1) * total / k);
            int[] rest = IntStream.range(0, total).filter(i -> i < from || i >= to).toArray();
            int validation = validationCount(rest.length, validationFraction);
            int train = rest.length - validation;
            if (train < 1) {
                throw new ConfigurationException("folds", k, "at least one training piece per fold");
            }
            out.add(new Split(f + 1, new PieceSource.Ids(java.util.Arrays.copyOfRange(rest, 0, train)),
                new PieceSource.Ids(java.util.Arrays.copyOfRange(rest, train, rest.length)),
                new PieceSource.Range(from, to - from)));
        }
        return out;
    }

    private static int validationCount(int pieces, double fraction) {
        return fraction > 0 ? Math.max(1, (int) Math.round(pieces * fraction)) : 0;
    }

    /** Pieces that train the gradient. */
    public int trainCount() {
        return train.count();
    }

    public int validationCount() {
        return validation.count();
    }

    public int testCount() {
        return test.count();
    }

    /**
     * Where the training pieces' context must stop: the first piece after the last training piece
     * (its next neighbour's bins are not the training's to see).
     */
    public int trainBoundary() {
        return train.id(train.count() - 1) + 1;
    }

    /** The first piece after the last validation piece. */
    public int validationBoundary() {
        return validation.count() == 0 ? trainBoundary() : validation.id(validation.count() - 1) + 1;
    }
}
