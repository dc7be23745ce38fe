package org.poglm.distributions;

import org.poglm.random.CellNoise;

/** Hidden spike count {@code z ~ Cat(pi(m))} over {@code 0..M-1} (SPEC §4), score-function gradient. */
public final class CategoricalSpikes implements HiddenSpikeDistribution {
    private static final long serialVersionUID = 1L;
    private final int categories;

    public CategoricalSpikes(int categories) {
        this.categories = Distributions.requireCategories(categories);
    }

    public int categories() {
        return categories;
    }

    @Override
    public String name() {
        return "categorical";
    }

    @Override
    public boolean pathwise() {
        return false;
    }

    @Override
    public int latentSize() {
        return 1;
    }

    /** [0, 2M) log pi and its derivative; from 2M on the memo of log pi. */
    @Override
    public int workSize() {
        return 2 * categories + TruncatedPoisson.memoSize(categories);
    }

    private void logPi(double m, double[] work) {
        TruncatedPoisson.logPi(m, categories, work, 0, work, 2 * categories);
    }

    @Override
    public double sample(CellNoise noise, double m, double[][] latent, int row, int t, double[] work) {
        logPi(m, work);
        double u = noise.uniform(0);
        double cum = 0;
        int k = categories - 1;
        for (int c = 0; c < categories - 1; c++) {
            cum += Math.exp(work[c]);
            if (u <= cum) {
                k = c;
                break;
            }
        }
        latent[row][t] = k;
        return k;
    }

    @Override
    public double count(double[][] latent, int row, int t) {
        return latent[row][t];
    }

    @Override
    public double logDensity(double[][] latent, int row, int t, double m, double[] work) {
        logPi(m, work);
        return work[(int) latent[row][t]];
    }

    @Override
    public double dLogDensityDMean(double[][] latent, int row, int t, double m, double[] work) {
        logPi(m, work);
        TruncatedPoisson.dLogPi(m, categories, work, 0, work, categories);
        return work[categories + (int) latent[row][t]];
    }

    @Override
    public String toString() {
        return name() + "(M=" + categories + ")";
    }
}
