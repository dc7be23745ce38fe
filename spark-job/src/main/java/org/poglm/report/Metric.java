package org.poglm.report;

import java.util.function.ToDoubleFunction;

/** The per-configuration scores the report aggregates over seeds. */
enum Metric {
    TEST_LL("test_ll", "test LL / piece", "nats per test piece (higher is better)", 3, true, ConfigResult::testLl),
    TEST_LL_PER_BIN("test_ll_per_bin", "test LL / bin", "nats per bin (higher is better)", 5, true,
        ConfigResult::testLlPerBin),
    BITS_PER_SPIKE("bits_per_spike", "bits / spike", "gain over a homogeneous Poisson model (higher is better)", 4,
        true, ConfigResult::bitsPerSpike),
    TRAIN_ELBO("train_elbo", "train ELBO", "final training ELBO per piece", 2, true, ConfigResult::trainElbo),
    WEIGHT_ERROR("weight_error", "W error", "mean |W - W_true| after matching hidden neurons (lower is better)", 3,
        false, ConfigResult::weightError),
    BIAS_ERROR("bias_error", "b error", "mean |b - b_true| after matching hidden neurons (lower is better)", 3, false,
        ConfigResult::biasError),
    TRAIN_SECONDS("train_seconds", "train s", "compute seconds spent training", 2, false, ConfigResult::trainSeconds);

    final String column;
    final String label;
    final String description;
    final int decimals;
    final boolean higherIsBetter;
    final ToDoubleFunction<ConfigResult> value;

    Metric(String column, String label, String description, int decimals, boolean higherIsBetter,
           ToDoubleFunction<ConfigResult> value) {
        this.column = column;
        this.label = label;
        this.description = description;
        this.decimals = decimals;
        this.higherIsBetter = higherIsBetter;
        this.value = value;
    }
}
