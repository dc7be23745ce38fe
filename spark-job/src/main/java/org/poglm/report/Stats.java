package org.poglm.report;

/**
 * Mean, sample standard deviation (n - 1 in the denominator), minimum and maximum of the finite
 * values among some numbers; NaN (not applicable, or a failed run's non-finite value) is left
 * out. {@code sd} is NaN for fewer than two values; everything is NaN for none.
 */
record Stats(double mean, double sd, double min, double max, int n) {
    static final Stats NONE = new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    static Stats of(double... values) {
        int n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (n == 0) {
            return NONE;
        }
        double mean = sum / n;
        double sd = Double.NaN;
        if (n > 1) {
            // Two-pass: the values are close together (-195.01, -195.02, ...), where sum-of-squares cancels.
            double ss = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            sd = Math.sqrt(ss / (n - 1));
        }
        return new Stats(mean, sd, min, max, n);
    }

    boolean known() {
        return n > 0;
    }
}
