package org.poglm.eval;

import java.util.List;

import org.poglm.data.PieceFeatures;
import org.poglm.numerics.SpecialFunctions;

/**
 * The homogeneous-Poisson reference of SPEC §7: each visible neuron fires at its mean training
 * count per bin. Bits per spike measure how much better a model predicts the test spikes.
 */
public final class PoissonBaseline {
    /** Rate floor so a neuron silent in training does not give log(0). */
    public static final double MIN_RATE = 1e-8;
    private final double[] rates;

    private PoissonBaseline(double[] rates) {
        this.rates = rates;
    }

    /** Given rates (spikes per bin per neuron, floored at {@link #MIN_RATE}). */
    public static PoissonBaseline ofRates(double[] rates) {
        double[] r = new double[rates.length];
        for (int v = 0; v < r.length; v++) {
            r[v] = Math.max(MIN_RATE, rates[v]);
        }
        return new PoissonBaseline(r);
    }

    /** Rates from counts summed over training pieces and the bins they span. */
    public static PoissonBaseline fromCounts(double[] spikesPerNeuron, long bins) {
        double[] r = new double[spikesPerNeuron.length];
        for (int v = 0; v < r.length; v++) {
            r[v] = Math.max(MIN_RATE, spikesPerNeuron[v] / bins);
        }
        return new PoissonBaseline(r);
    }

    public static PoissonBaseline fit(List<PieceFeatures> train) {
        int V = train.get(0).visible;
        double[] s = new double[V];
        long bins = 0;
        for (PieceFeatures p : train) {
            for (int v = 0; v < V; v++) {
                for (int t = 0; t < p.bins; t++) {
                    s[v] += p.count(t, v);
                }
            }
            bins += p.bins;
        }
        return fromCounts(s, bins);
    }

    public double[] rates() {
        return rates.clone();
    }

    /** Exact log-likelihood of a piece under the homogeneous model. */
    public double logLikelihood(PieceFeatures piece) {
        int V = piece.visible;
        double ll = -piece.logFactorialSum;
        for (int v = 0; v < V; v++) {
            double logRate = Math.log(rates[v]);
            for (int t = 0; t < piece.bins; t++) {
                ll += piece.count(t, v) * logRate - rates[v];
            }
        }
        return ll;
    }

    /**
     * Exact log-likelihood of each visible unit's spikes in a piece under the homogeneous model,
     * {@code sum_t [x log r_v - r_v - lgamma(x + 1)]}: the reference of the per-unit log-likelihood
     * (SPEC §7, §9). The units sum to {@link #logLikelihood} up to the order of the additions.
     */
    public double[] unitLogLikelihood(PieceFeatures piece) {
        int V = piece.visible;
        double[] ll = new double[V];
        for (int v = 0; v < V; v++) {
            double logRate = Math.log(rates[v]);
            double[] x = piece.x[v];
            double s = 0;
            for (int t = 0; t < piece.bins; t++) {
                s += x[t] * logRate - rates[v] - SpecialFunctions.logFactorial((int) x[t]);
            }
            ll[v] = s;
        }
        return ll;
    }

    /** {@code (LL_model - LL_baseline) / (spikes * ln 2)}. */
    public static double bitsPerSpike(double modelLogLikelihood, double baselineLogLikelihood, long spikes) {
        if (spikes <= 0) {
            return Double.NaN;
        }
        return (modelLogLikelihood - baselineLogLikelihood) / (spikes * Math.log(2.0));
    }
}
