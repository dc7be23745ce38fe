package org.poglm.source;

import org.poglm.errors.ConfigurationException;

/**
 * The split by time (SPEC §1, §9): the first {@code train} pieces train the gradient, the next
 * {@code validation} pieces (the last part of the training time; 0 without early stopping) are
 * scored after every epoch, the last {@code test} pieces test. The test pieces are chosen by count
 * ({@code testPieces > 0}) or as a fraction of all pieces, the validation pieces as a fraction of
 * the pieces before the test (at least one), both rounded.
 */
public record Split(int train, int validation, int test) {
    public static Split of(long pieces, int testPieces, double testFraction, double validationFraction) {
        int total = Math.toIntExact(pieces);
        int test = testPieces > 0 ? testPieces : (int) Math.round(total * testFraction);
        int beforeTest = total - test;
        int validation = validationFraction > 0 ? Math.max(1, (int) Math.round(beforeTest * validationFraction)) : 0;
        int train = beforeTest - validation;
        if (test < 1 || train < 1) {
            throw new ConfigurationException(testPieces > 0 ? "test-pieces" : "test-fraction",
                testPieces > 0 ? testPieces : testFraction, "at least one training"
                    + (validation > 0 ? ", one validation" : "") + " and one test piece out of " + total);
        }
        return new Split(train, validation, test);
    }

    /** The first validation piece's index (the end of the gradient's pieces). */
    public int validationStart() {
        return train;
    }

    /** The first test piece's index. */
    public int testStart() {
        return train + validation;
    }
}
