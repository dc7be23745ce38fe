package org.poglm.eval;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The paired comparison of SPEC §9: two models scored on the same consecutive test pieces,
 * {@code d_i = a_i - b_i} (for instance a configuration against the fully observed GLM of the same seed,
 * or against the homogeneous-Poisson baseline; per piece or per unit and piece).
 *
 * <p>Consecutive pieces of a recording are correlated, so the standard error of the mean of {@code d}
 * comes from batch means, not from treating the pieces as independent:
 * <ul>
 * <li>block length {@code b = floor(sqrt(n))} pieces ({@link #blockLength(int)}), which gives
 * {@code m = floor(n / b) >= 2} blocks whenever {@code n >= 2}, and both grow with {@code n};</li>
 * <li>the blocks are consecutive, from the first piece; the last {@code n - m b < b} pieces, if any,
 * enter the mean and the fractions but no block;</li>
 * <li>{@code SE = sd(block means) / sqrt(m)}, the sample standard deviation taken about the mean of
 * the block means;</li>
 * <li>the 95 % interval is {@code mean +- t_{0.975, m - 1} SE} (Student t with {@code m - 1} degrees
 * of freedom).</li>
 * </ul>
 * With one piece there is no spread to estimate: the standard error and the interval are NaN.
 * A non-finite value is refused rather than skipped: leaving a piece out would make the blocks span a
 * gap and the comparison no longer be over the same pieces, and a non-finite log-likelihood is a
 * failure to be fixed where it arose.
 *
 * @param pieces          n, the pieces compared
 * @param blockLength     b, pieces per block
 * @param blocks          m, the blocks behind the standard error
 * @param meanDifference  the mean of {@code d} over all n pieces
 * @param standardError   its batch-means standard error (NaN for n = 1)
 * @param lower           the lower end of the 95 % interval (NaN for n = 1)
 * @param upper           the upper end of the 95 % interval (NaN for n = 1)
 * @param fractionABetter the fraction of pieces with {@code a_i > b_i}
 * @param fractionTied    the fraction of pieces with {@code a_i == b_i}
 */
public record PairedComparison(int pieces, int blockLength, int blocks, double meanDifference, double standardError,
                               double lower, double upper, double fractionABetter, double fractionTied) {
    /** The coverage of the interval. */
    public static final double LEVEL = 0.95;

    /** The rule for the block length: {@code floor(sqrt(n))} pieces, at least 1. */
    public static int blockLength(int pieces) {
        if (pieces < 1) {
            throw new IllegalArgumentException("a comparison needs at least one piece, got " + pieces);
        }
        int b = (int) Math.floor(Math.sqrt(pieces));
        // Guard the square root's rounding at perfect squares.
        while ((long) (b + 1) * (b + 1) <= pieces) {
            b++;
        }
        while ((long) b * b > pieces) {
            b--;
        }
        return Math.max(1, b);
    }

    /** Degrees of freedom of the interval's t quantile: blocks - 1. */
    public int degreesOfFreedom() {
        return blocks - 1;
    }

    /**
     * Compares {@code a} with {@code b}, piece by piece in the given (time) order.
     *
     * @throws IllegalArgumentException if the arrays are empty, differ in length, or hold a non-finite value
     */
    public static PairedComparison of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values of " + a.length + " and " + b.length
                + " pieces: a paired comparison needs both models on the same pieces");
        }
        int n = a.length;
        int len = blockLength(n);
        double[] d = new double[n];
        double total = 0;
        int better = 0;
        int tied = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("piece " + i + " of the comparison has a = " + a[i] + ", b = "
                    + b[i] + ": every value must be finite (a missing piece would break the blocks of consecutive"
                    + " pieces)");
            }
            d[i] = a[i] - b[i];
            total += d[i];
            if (a[i] > b[i]) {
                better++;
            } else if (a[i] == b[i]) {
                tied++;
            }
        }
        double mean = total / n;
        int m = n / len;
        double se = Double.NaN;
        double lower = Double.NaN;
        double upper = Double.NaN;
        if (m >= 2) {
            double[] blockMean = new double[m];
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = j * len; i < (j + 1) * len; i++) {
                    s += d[i];
                }
                blockMean[j] = s / len;
                sum += blockMean[j];
            }
            double center = sum / m;
            double ss = 0;
            for (double x : blockMean) {
                ss += (x - center) * (x - center);
            }
            se = Math.sqrt(ss / (m - 1) / m);
            double t = new TDistribution(m - 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
            lower = mean - t * se;
            upper = mean + t * se;
        }
        return new PairedComparison(n, len, m, mean, se, lower, upper, (double) better / n, (double) tied / n);
    }
}
