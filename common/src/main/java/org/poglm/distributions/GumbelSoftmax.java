package org.poglm.distributions;

import org.poglm.random.CellNoise;
import org.poglm.numerics.SpecialFunctions;

/**
 * Gumbel-Softmax (Concrete) soft one-hot spikes over the truncated Poisson {@code pi(m)} (SPEC §4).
 * The latent is {@code log y}, computed as a log-softmax; the soft count is {@code z = sum_k k y_k};
 * the density is the Concrete density
 * {@code lgamma(M) + (M-1) log tau - M LSE_k(log pi_k - tau log y_k) + sum_k (log pi_k - (tau+1) log y_k)}.
 * As {@code gs-pathwise} phi's gradient flows through the reparameterised sample; as {@code gs-score}
 * the same model uses the score-function estimator.
 */
public final class GumbelSoftmax implements HiddenSpikeDistribution {
    private static final long serialVersionUID = 1L;
    private final int categories;
    private final double tau;
    private final boolean pathwise;
    private final double constant;

    public GumbelSoftmax(int categories, double tau, boolean pathwise) {
        this.categories = Distributions.requireCategories(categories);
        this.tau = Distributions.requireTau(tau);
        this.pathwise = pathwise;
        this.constant = SpecialFunctions.logGamma(categories) + (categories - 1) * Math.log(tau);
    }

    public int categories() {
        return categories;
    }

    @Override
    public double tau() {
        return tau;
    }

    @Override
    public String name() {
        return pathwise ? "gs-pathwise" : "gs-score";
    }

    @Override
    public boolean pathwise() {
        return pathwise;
    }

    @Override
    public int latentSize() {
        return categories;
    }

    /**
     * [0, 5M) scratch of the methods below; [5M, 6M) the cell's log y gathered from the latent rows; [6M, 7M)
     * y itself in the pathwise gradient; from 7M on the memo of log pi.
     */
    @Override
    public int workSize() {
        return 7 * categories + TruncatedPoisson.memoSize(categories);
    }

    /** log pi(m) to {@code work[off..off+M)}, through the memo. */
    private void logPi(double m, double[] work, int off) {
        TruncatedPoisson.logPi(m, categories, work, off, work, 7 * categories);
    }

    private int gather(double[][] latent, int row, int t, double[] work) {
        int at = 5 * categories;
        for (int k = 0; k < categories; k++) {
            work[at + k] = latent[row + k][t];
        }
        return at;
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work) {
        int M = categories;
        int ly = 5 * M;
        logPi(m, work, 0);
        for (int k = 0; k < M; k++) {
            work[ly + k] = (work[k] + noise.gumbel(k)) / tau;
        }
        // log-softmax, reusing the exponentials of the normaliser for the soft count.
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < M; k++) {
            max = Math.max(max, work[ly + k]);
        }
        double sum = 0;
        double weighted = 0;
        for (int k = 0; k < M; k++) {
            double e = Math.exp(work[ly + k] - max);
            sum += e;
            weighted += k * e;
        }
        double lse = max + Math.log(sum);
        for (int k = 0; k < M; k++) {
            latent[row + k][t] = work[ly + k] - lse;
        }
        return weighted / sum;
    }

    @Override
    public double count(double[][] latent, int row, int t) {
        double z = 0;
        for (int k = 1; k < categories; k++) {
            z += k * Math.exp(latent[row + k][t]);
        }
        return z;
    }

    /** Concrete log density given log pi at {@code work[lp..]}; leaves softmax(log pi - tau log y) at {@code work[w..]}. */
    private double concrete(double[] ly, int off, double[] work, int lp, int w) {
        int M = categories;
        double sum = 0;
        for (int k = 0; k < M; k++) {
            work[w + k] = work[lp + k] - tau * ly[off + k];
            sum += work[lp + k] - (tau + 1.0) * ly[off + k];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < M; k++) {
            max = Math.max(max, work[w + k]);
        }
        double total = 0;
        for (int k = 0; k < M; k++) {
            double e = Math.exp(work[w + k] - max);
            work[w + k] = e;
            total += e;
        }
        for (int k = 0; k < M; k++) {
            work[w + k] /= total;
        }
        return constant - M * (max + Math.log(total)) + sum;
    }

    @Override
    public double logDensity(double[][] latent, int row, int t, double m, double[] work) {
        int off = gather(latent, row, t, work);
        logPi(m, work, 0);
        return concrete(work, off, work, 0, categories);
    }

    @Override
    public double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work) {
        int M = categories;
        int off = gather(latent, row, t, work);
        logPi(m, work, 0);
        concrete(work, off, work, 0, M);
        TruncatedPoisson.dLogPi(m, M, work, 0, work, 2 * M);
        double d = 0;
        for (int k = 0; k < M; k++) {
            d += (1.0 - M * work[M + k]) * work[2 * M + k];
        }
        return d;
    }

    @Override
    public double pathwiseMeanGradient(double[][] latent, int row, int t, double f, double g, double dUdz,
                                       double[] work) {
        if (!pathwise) {
            return HiddenSpikeDistribution.super.pathwiseMeanGradient(latent, row, t, f, g, dUdz, work);
        }
        int M = categories;
        int off = gather(latent, row, t, work);
        double[] ly = work;
        // work: [0,M) log pi(f); [M,2M) w_p; [2M,3M) log pi(g); [3M,4M) w_q; [4M,5M) dl/dly then d log pi(g)/dm
        logPi(f, work, 0);
        concrete(ly, off, work, 0, M);
        logPi(g, work, 2 * M);
        concrete(ly, off, work, 2 * M, 3 * M);
        int y = 6 * M;
        double sumDly = 0;
        for (int k = 0; k < M; k++) {
            work[y + k] = Math.exp(ly[off + k]);
            double dly = M * tau * (work[M + k] - work[3 * M + k]) + dUdz * k * work[y + k];
            work[4 * M + k] = dly;
            sumDly += dly;
        }
        // ly = s - LSE(s), s = (log pi(g) + G) / tau
        double grad = 0;
        for (int k = 0; k < M; k++) {
            double dls = (work[4 * M + k] - work[y + k] * sumDly) / tau;
            work[4 * M + k] = dls - (1.0 - M * work[3 * M + k]);
        }
        TruncatedPoisson.dLogPi(g, M, work, 2 * M, work, 0);
        for (int k = 0; k < M; k++) {
            grad += work[4 * M + k] * work[k];
        }
        return grad;
    }

    @Override
    public String toString() {
        return name() + "(M=" + categories + ", tau=" + tau + ")";
    }
}
