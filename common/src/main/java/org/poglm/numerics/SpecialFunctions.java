package org.poglm.numerics;

/** Log-gamma, digamma and friends, accurate to about 1e-14 relative where used here. */
public final class SpecialFunctions {
    private static final int FACTORIAL_TABLE = 1024;
    private static final double[] LOG_FACTORIAL = new double[FACTORIAL_TABLE];

    static {
        double acc = 0.0;
        LOG_FACTORIAL[0] = 0.0;
        for (int i = 1; i < FACTORIAL_TABLE; i++) {
            acc += Math.log(i);
            LOG_FACTORIAL[i] = acc;
        }
    }

    // Lanczos approximation, g = 607/128, 15 terms (Godfrey's coefficients, as in Boost/Commons Math).
    private static final double LANCZOS_G = 607.0 / 128.0;
    private static final double[] LANCZOS = {
        0.99999999999999709182,
        57.156235665862923517,
        -59.597960355475491248,
        14.136097974741747174,
        -0.49191381609762019978,
        .33994649984811888699e-4,
        .46523628927048575665e-4,
        -.98374475304879564677e-4,
        .15808870322491248884e-3,
        -.21026444172410488319e-3,
        .21743961811521264320e-3,
        -.16431810653676389022e-3,
        .84418223983852743293e-4,
        -.26190838401581408670e-4,
        .36899182659531622704e-5,
    };
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);

    private SpecialFunctions() {
    }

    /** log(n!) for integer n >= 0. */
    public static double logFactorial(int n) {
        if (n < FACTORIAL_TABLE) {
            return LOG_FACTORIAL[n];
        }
        return logGamma(n + 1.0);
    }

    /** log Gamma(x) for x > 0. */
    public static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1.0 - x);
        }
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x - 1.0 + i);
        }
        double t = x - 0.5 + LANCZOS_G;
        return HALF_LOG_2PI + (x - 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** The digamma function psi(x) = d/dx log Gamma(x), for x > 0. */
    public static double digamma(double x) {
        double result = 0.0;
        while (x < 6.0) {
            result -= 1.0 / x;
            x += 1.0;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        // Asymptotic series: log x - 1/(2x) - sum B_2k / (2k x^2k)
        result += Math.log(x) - 0.5 * inv
            - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132)))));
        return result;
    }

    /** log(sum exp(v[from..to))) without overflow. */
    public static double logSumExp(double[] v, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            if (v[i] > max) {
                max = v[i];
            }
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max) || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double s = 0.0;
        for (int i = from; i < to; i++) {
            s += Math.exp(v[i] - max);
        }
        return max + Math.log(s);
    }

    /** The logistic sigmoid 1 / (1 + e^-x), without overflow. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
