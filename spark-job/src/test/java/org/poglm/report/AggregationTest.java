package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AggregationTest {
    static final List<String> FIELDS = List.of("distribution", "scheme", "hidden", "tau", "nonlinearity", "mc_samples",
        "lr_model", "lr_variational", "score_baseline");

    static ConfigResult config(String id, String dist, String scheme, int h, long seed, String tau, String lr,
                               double ll) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("distribution", dist);
        s.put("scheme", scheme);
        s.put("hidden", Integer.toString(h));
        s.put("tau", tau);
        s.put("nonlinearity", "sigmoid");
        s.put("mc_samples", dist.equals("glm") ? "1" : "5");
        s.put("lr_model", lr);
        s.put("lr_variational", dist.equals("glm") ? "" : "0.1");
        s.put("score_baseline", "none");
        return new ConfigResult(id, s, seed, ll, 16, ll / 100, (ll + 200) / 10, ll + 3, 0.8 + seed * 0.1, Double.NaN,
            0.2, 0.3);
    }

    @Test
    void statsAreMeanAndSampleStandardDeviationOfTheFiniteValues() {
        Stats s = Stats.of(1, 2, 3, 4);
        assertEquals(2.5, s.mean(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3.0), s.sd(), 1e-15);     // n - 1 = 3
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        assertEquals(4, s.n());
        Stats withGaps = Stats.of(Double.NaN, 10, Double.POSITIVE_INFINITY, 14);
        assertEquals(12, withGaps.mean(), 1e-15);
        assertEquals(Math.sqrt(8), withGaps.sd(), 1e-15);
        assertEquals(2, withGaps.n());
        Stats one = Stats.of(-195.5);
        assertEquals(-195.5, one.mean());
        assertTrue(Double.isNaN(one.sd()), "one seed has no standard deviation");
        assertFalse(Stats.of(Double.NaN).known());
        // Values close together far from zero: no cancellation.
        Stats close = Stats.of(-195.01, -195.02, -195.03);
        assertEquals(0.01, close.sd(), 1e-12);
    }

    @Test
    void seedsOfTheSameSettingsFormOneCombinationBestFirst() {
        List<ConfigResult> rows = new ArrayList<>();
        rows.add(config("glm", "glm", "glm", 0, 0, "", "0.05", -200));
        rows.add(config("f-exp-s0", "exponential", "f", 2, 0, "", "0.05", -199.0));
        rows.add(config("f-exp-s1", "exponential", "f", 2, 1, "", "0.05", -199.4));
        rows.add(config("fb-exp-s1", "exponential", "fb", 2, 1, "", "0.05", -198.2));
        rows.add(config("fb-exp-s0", "exponential", "fb", 2, 0, "", "0.05", -198.6));
        rows.add(config("fb-eat-s0", "eat-cubic", "fb", 2, 0, "0.1", "0.05", -198.5));
        Aggregation agg = Aggregation.of(FIELDS, rows);

        List<Combination> cs = agg.combinations();
        assertEquals(4, cs.size());
        assertEquals(List.of("fb-exp-s0", "fb-exp-s1"), cs.get(0).configs().stream().map(ConfigResult::id).toList(),
            "seeds in seed order");
        assertEquals(-198.4, cs.get(0).stat(Metric.TEST_LL).mean(), 1e-12);
        assertEquals(Math.sqrt(0.08), cs.get(0).stat(Metric.TEST_LL).sd(), 1e-12);
        assertEquals("fb-exp-s1", cs.get(0).best().id(), "the best seed has the highest test LL");
        assertEquals("fb-eat-s0", cs.get(1).best().id());
        assertEquals("f-exp-s0", cs.get(2).best().id());
        assertEquals("glm", cs.get(3).best().id());
        assertSame(cs.get(0), agg.best());
        assertEquals("fb-exp-s1", agg.bestConfig().id());
        assertSame(cs.get(3), agg.glm());
        assertEquals(List.of(2), agg.hiddenValues());
        // A weight error on every seed, a bias error on none: n counts only known values.
        assertEquals(2, cs.get(0).stat(Metric.WEIGHT_ERROR).n());
        assertFalse(cs.get(0).stat(Metric.BIAS_ERROR).known());

        // tau is blank except for eat-cubic and K is 1 only for the GLM: implied by the distribution, not labelled.
        assertEquals(List.of(), agg.varying());
        assertEquals("exponential \u00d7 FB, H=2", cs.get(0).label());
        assertEquals("GLM (fully observed)", cs.get(3).label());
    }

    @Test
    void aSettingVaryingWithinADistributionSeparatesCombinationsAndIsLabelled() {
        List<ConfigResult> rows = List.of(
            config("a", "exponential", "fb", 1, 0, "", "0.05", -198),
            config("b", "exponential", "fb", 1, 1, "", "0.05", -198.2),
            config("c", "exponential", "fb", 1, 0, "", "0.02", -197.5));
        Aggregation agg = Aggregation.of(FIELDS, rows);
        assertEquals(2, agg.combinations().size());
        assertEquals(List.of("lr_model"), agg.varying());
        assertEquals("exponential \u00d7 FB, H=1, lr model=0.02", agg.best().label());
        assertEquals(1, agg.best().seeds());
        assertTrue(Double.isNaN(agg.best().stat(Metric.TEST_LL).sd()));
    }

    @Test
    void nonFiniteScoresNeverWin() {
        List<ConfigResult> rows = List.of(
            config("diverged", "poisson", "f", 1, 0, "", "0.05", Double.NaN),
            config("ok", "exponential", "f", 1, 0, "", "0.05", -300));
        Aggregation agg = Aggregation.of(FIELDS, rows);
        assertEquals("ok", agg.best().best().id());
        assertEquals("ok", agg.bestConfig().id());
        assertEquals("diverged", agg.combinations().get(1).best().id(), "listed last");
        assertNull(agg.glm());

        Aggregation none = Aggregation.of(FIELDS, List.of(config("x", "poisson", "f", 1, 0, "", "0.05", Double.NaN)));
        assertNull(none.best());
        assertNull(none.bestConfig());
    }
}
