package org.poglm.distributions;

import org.poglm.numerics.SpecialFunctions;

/**
 * The truncated Poisson {@code pi(m)} of SPEC §4 with M categories:
 * {@code pi_k = m^k e^-m / k!} for {@code k < M-1}, the tail mass {@code P(X >= M-1)} in category M-1,
 * evaluated at {@code m + EPS}. The tail is summed directly when it is small (no cancellation) and
 * {@code d log pi_{M-1} / dm = pi_{M-2} / pi_{M-1}}.
 */
final class TruncatedPoisson {
    /** 1/j, so the recurrences multiply instead of divide. */
    private static final double[] RECIPROCALS = new double[1024];

    static {
        for (int j = 1; j < RECIPROCALS.length; j++) {
            RECIPROCALS[j] = 1.0 / j;
        }
    }

    private TruncatedPoisson() {
    }

    private static double reciprocal(int j) {
        return j < RECIPROCALS.length ? RECIPROCALS[j] : 1.0 / j;
    }

    /** Memo entries: a power of two, the memo at most 16384 doubles. */
    private static int memoEntries(int M) {
        return Math.max(64, Integer.highestOneBit(16384 / (M + 2)));
    }

    /** Doubles of scratch a memo of {@link #logPi} needs (see {@link #logPi(double, int, double[], int, double[], int)}). */
    static int memoSize(int M) {
        return memoEntries(M) * (M + 2);
    }

    /**
     * {@link #logPi(double, int, double[], int)} through a direct-mapped memo keyed by the exact mean, kept in
     * the caller's scratch {@code memo[memoOff..memoOff+memoSize(M))} (zeros: empty). log pi is a pure
     * function of m, so a hit gives the very bits a computation would: under F and FB one cell's mean is
     * asked for up to five times per sample (sampling, both densities, the gradient) and q's means repeat
     * across samples, which made the truncated Poisson most of a categorical or Gumbel-Softmax evaluation.
     */
    static void logPi(double m, int M, double[] logPi, int off, double[] memo, int memoOff) {
        int entries = memoEntries(M);
        long bits = Double.doubleToRawLongBits(m);
        int slot = memoOff + (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(entries)))
            * (M + 2);
        // Slot: [M when filled (0: empty), key m, log pi_0 .. log pi_{M-1}].
        if (memo[slot] == M && Double.doubleToRawLongBits(memo[slot + 1]) == bits) {
            System.arraycopy(memo, slot + 2, logPi, off, M);
            return;
        }
        logPi(m, M, logPi, off);
        memo[slot] = M;
        memo[slot + 1] = m;
        System.arraycopy(logPi, off, memo, slot + 2, M);
    }

    /** Writes log pi_k(m) to {@code logPi[off..off+M)}. */
    static void logPi(double m, int M, double[] logPi, int off) {
        double mt = m + HiddenSpikeDistribution.EPS;
        double logM = Math.log(mt);
        // pmf_k by recurrence (one exp); log pmf_k in closed form (no cancellation for small m).
        double pmf = Math.exp(-mt);
        double headSum = 0;
        for (int k = 0; k < M - 1; k++) {
            logPi[off + k] = k * logM - mt - SpecialFunctions.logFactorial(k);
            headSum += pmf;
            pmf *= mt * reciprocal(k + 1);
        }
        logPi[off + M - 1] = Math.log(tail(mt, M, pmf, headSum));
    }

    /** Writes d log pi_k / dm to {@code d[off..off+M)}; needs {@code logPi} from {@link #logPi}. */
    static void dLogPi(double m, int M, double[] logPi, int lpOff, double[] d, int off) {
        double mt = m + HiddenSpikeDistribution.EPS;
        for (int k = 0; k < M - 1; k++) {
            d[off + k] = k / mt - 1.0;
        }
        d[off + M - 1] = Math.exp(logPi[lpOff + M - 2] - logPi[lpOff + M - 1]);
    }

    /** P(X >= M-1) given pmf_{M-1} ({@code first}) and the head sum. */
    private static double tail(double mt, int M, double first, double headSum) {
        int n = M - 1;
        if (mt > n) {
            return 1.0 - headSum;
        }
        // Sum pmf_j for j >= n until negligible. Multiplying by a tabled 1/j keeps a division out of the
        // loop's dependency chain: this loop was two thirds of a Gumbel-Softmax ELBO evaluation.
        double term = first;
        double sum = term;
        for (int j = n + 1; j < n + 1000; j++) {
            term *= mt * reciprocal(j);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
