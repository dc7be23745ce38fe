package org.poglm.model;

import java.util.function.ToDoubleFunction;

/** Five-point central differences (error O(h^4)). */
public final class FiniteDifference {
    private FiniteDifference() {
    }

    public static double derivative(ToDoubleFunction<double[]> f, double[] x, int i, double h) {
        double[] p = x.clone();
        double x0 = x[i];
        p[i] = x0 + h;
        double f1 = f.applyAsDouble(p);
        p[i] = x0 - h;
        double fm1 = f.applyAsDouble(p);
        p[i] = x0 + 2 * h;
        double f2 = f.applyAsDouble(p);
        p[i] = x0 - 2 * h;
        double fm2 = f.applyAsDouble(p);
        return (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * h);
    }
}
