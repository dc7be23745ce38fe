package org.poglm.source;

import org.poglm.errors.ConfigurationException;

/**
 * The train/test split by time (SPEC §1): the first {@code train} pieces train, the last
 * {@code test} pieces test. Chosen by a count of test pieces ({@code testPieces > 0}) or a fraction
 * of all pieces, rounded.
 */
public record Split(int train, int test) {
    public static Split of(long pieces, int testPieces, double testFraction) {
        int total = Math.toIntExact(pieces);
        int test = testPieces > 0 ? testPieces : (int) Math.round(total * testFraction);
        int train = total - test;
        if (test < 1 || train < 1) {
            throw new ConfigurationException(testPieces > 0 ? "test-pieces" : "test-fraction",
                testPieces > 0 ? testPieces : testFraction, "at least one training and one test piece out of " + total);
        }
        return new Split(train, test);
    }
}
