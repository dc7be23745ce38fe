package org.poglm.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.poglm.data.Basis;
import org.poglm.distributions.Distributions;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.schemes.VariationalScheme;
import org.poglm.train.TrainingConfig;

/**
 * One configuration of a sweep: the model (family, temperature, categories, scheme, hidden
 * neurons, nonlinearity) and how it trains (seed, Monte Carlo samples, learning rates, score
 * baseline), and with blocked cross-validation the fold it trains on (1-based; 0 without folds).
 * {@code hidden = 0} is the fully observed GLM, whose family and scheme do not apply
 * ({@link #FULLY_OBSERVED}).
 */
public record SweepConfig(int index, String id, String distribution, double tau, int categories, String scheme,
                          int hidden, Nonlinearity nonlinearity, long seed, int samples, double lrTheta,
                          double lrPhi, ScoreBaseline baseline, int fold) implements Serializable {
    /** Family and scheme label of the fully observed GLM. */
    public static final String FULLY_OBSERVED = "glm";

    /** Without folds. */
    public SweepConfig(int index, String id, String distribution, double tau, int categories, String scheme,
                       int hidden, Nonlinearity nonlinearity, long seed, int samples, double lrTheta, double lrPhi,
                       ScoreBaseline baseline) {
        this(index, id, distribution, tau, categories, scheme, hidden, nonlinearity, seed, samples, lrTheta, lrPhi,
            baseline, 0);
    }

    /** This configuration trained on fold {@code fold} (1-based) of blocked cross-validation: its id says so. */
    public SweepConfig inFold(int fold) {
        return new SweepConfig(index, id + "-fold" + fold, distribution, tau, categories, scheme, hidden, nonlinearity,
            seed, samples, lrTheta, lrPhi, baseline, fold);
    }

    public boolean fullyObserved() {
        return hidden == 0;
    }

    /** The model for V visible neurons. */
    public ModelSpec spec(int visible, Basis basis) {
        String sch = fullyObserved() ? "f" : scheme;
        return new ModelSpec(visible, hidden, basis, nonlinearity, family(), VariationalScheme.parse(sch));
    }

    /** The hidden-spike family (the GLM has no hidden neurons: any family serves, exponential is used). */
    public HiddenSpikeDistribution family() {
        return Distributions.create(fullyObserved() ? "exponential" : distribution, tau, categories);
    }

    /** The training configuration under the sweep's epochs, batches and schedule. */
    public TrainingConfig training(Sweep sweep) {
        return new TrainingConfig(sweep.epochs(), sweep.batchSize(), samples, lrTheta, lrPhi, seed, baseline,
            sweep.shuffle(), sweep.sweepSeed(), sweep.start(), sweep.stopping());
    }

    /**
     * The configuration's description of itself, the one place its settings are named: every
     * setting by its output name, null where it does not apply (a temperature for a family without
     * one, the truncation for families without categories, the variational learning rate of the
     * fully observed GLM). summary.csv's setting columns, params.json's {@code config} and the
     * provenance's grid all come from here.
     */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("distribution", distribution);
        m.put("scheme", scheme);
        m.put("hidden", hidden);
        m.put("seed", seed);
        m.put("tau", Double.isNaN(tau) ? null : tau);
        m.put("categories", !fullyObserved() && Distributions.hasCategories(distribution) ? categories : null);
        m.put("nonlinearity", nonlinearity.label());
        m.put("mc_samples", samples);
        m.put("lr_model", lrTheta);
        m.put("lr_variational", fullyObserved() ? null : lrPhi);
        m.put("score_baseline", baseline.label());
        if (fold > 0) {
            m.put("fold", fold);
        }
        return m;
    }

    /** {@link #settings()} as text: numbers in full ({@link Double#toString}), empty where a setting does not apply. */
    public Map<String, String> settingsText() {
        Map<String, String> m = new LinkedHashMap<>();
        settings().forEach((k, v) -> m.put(k, v == null ? "" : v.toString()));
        return m;
    }

    /** The id and {@link #settings()}, for JSON outputs. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config_id", id);
        m.putAll(settings());
        return m;
    }
}
