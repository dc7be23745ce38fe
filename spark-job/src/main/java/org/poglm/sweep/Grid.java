package org.poglm.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.poglm.distributions.Distributions;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.schemes.VariationalScheme;
import org.poglm.errors.ConfigurationException;
import org.poglm.train.TrainingConfig;

/**
 * A cartesian grid of configurations (the command line's lists and ranges), expanded into
 * {@link SweepConfig}s. Dimensions that do not apply are collapsed so no configuration is
 * trained twice: the temperature only for families that have one, the score baseline only for
 * score-function families, and for {@code H = 0} (the exact fully observed GLM) everything but
 * the generative learning rate and the nonlinearity. Ids name the scheme, family, H and seed,
 * plus every other dimension that takes more than one value.
 */
public record Grid(List<String> distributions, List<String> schemes, List<Integer> hidden, List<Long> seeds,
                   List<Double> taus, List<Integer> samples, List<Double> lrTheta, List<Double> lrPhi,
                   List<Nonlinearity> nonlinearities, List<ScoreBaseline> baselines, int categories) {

    /**
     * A grid over families, schemes, hidden-neuron counts and seeds, every other setting single-valued:
     * Monte Carlo samples, learning rates and score baseline as {@code training} has them, the
     * paper's sigmoid link, the families' default temperatures and categories.
     */
    public static Grid of(List<String> distributions, List<String> schemes, List<Integer> hidden, List<Long> seeds,
                          TrainingConfig training) {
        return new Grid(distributions, schemes, hidden, seeds, List.of(Double.NaN), List.of(training.samples()),
            List.of(training.lrTheta()), List.of(training.lrPhi()), List.of(Nonlinearity.SIGMOID),
            List.of(training.baseline()), Distributions.DEFAULT_CATEGORIES);
    }

    public List<SweepConfig> expand() {
        for (String d : distributions) {
            Distributions.create(d, Double.NaN, categories);
        }
        for (String s : schemes) {
            VariationalScheme.parse(s);
        }
        for (int h : hidden) {
            ConfigurationException.require(h >= 0, "hidden", h, "hidden-neuron counts >= 0");
        }
        for (int k : samples) {
            ConfigurationException.require(k >= 1, "mc-samples", k, "an integer >= 1");
        }
        boolean manyTaus = taus.size() > 1;
        boolean manyK = samples.size() > 1;
        boolean manyLr = lrTheta.size() > 1 || lrPhi.size() > 1;
        boolean manyNl = nonlinearities.size() > 1;
        boolean manyBaselines = baselines.size() > 1;
        Set<String> seen = new LinkedHashSet<>();
        List<SweepConfig> out = new ArrayList<>();
        for (int h : hidden) {
            for (String dist : h == 0 ? List.of(SweepConfig.FULLY_OBSERVED) : distributions) {
                for (String scheme : h == 0 ? List.of(SweepConfig.FULLY_OBSERVED) : schemes) {
                    boolean hasTau = h > 0 && Distributions.hasTau(dist);
                    boolean score = h > 0 && !Distributions.create(dist, Double.NaN, categories).pathwise();
                    for (double tau : hasTau ? taus : List.of(Double.NaN)) {
                        for (long seed : h == 0 ? List.of(seeds.get(0)) : seeds) {
                            for (int k : h == 0 ? List.of(1) : samples) {
                                for (double lt : lrTheta) {
                                    for (double lp : h == 0 ? List.of(0.0) : lrPhi) {
                                        for (Nonlinearity nl : nonlinearities) {
                                            for (ScoreBaseline b : score ? baselines : List.of(ScoreBaseline.NONE)) {
                                                double t = hasTau && Double.isNaN(tau) ? Distributions.defaultTau(dist) : tau;
                                                StringBuilder id = new StringBuilder();
                                                if (h == 0) {
                                                    id.append(SweepConfig.FULLY_OBSERVED);
                                                } else {
                                                    id.append(scheme.toLowerCase(Locale.ROOT)).append('-').append(dist)
                                                        .append("-h").append(h).append("-s").append(seed);
                                                    if (hasTau && manyTaus) {
                                                        id.append("-tau").append(number(t));
                                                    }
                                                    if (manyK) {
                                                        id.append("-k").append(k);
                                                    }
                                                }
                                                if (manyLr) {
                                                    id.append("-lr").append(number(lt));
                                                    if (h > 0) {
                                                        id.append('-').append(number(lp));
                                                    }
                                                }
                                                if (manyNl) {
                                                    id.append('-').append(nl.label());
                                                }
                                                if (score && manyBaselines && b == ScoreBaseline.LEAVE_ONE_OUT) {
                                                    id.append("-loo");
                                                }
                                                if (b == ScoreBaseline.LEAVE_ONE_OUT && k < 2) {
                                                    throw new ConfigurationException("mc-samples", k,
                                                        "K >= 2 with the leave-one-out baseline");
                                                }
                                                if (seen.add(id.toString())) {
                                                    out.add(new SweepConfig(out.size(), id.toString(), dist, t,
                                                        categories, scheme.toLowerCase(Locale.ROOT), h, nl, seed, k,
                                                        lt, lp, b));
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConfigurationException("grid", "empty", "at least one configuration");
        }
        return out;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
