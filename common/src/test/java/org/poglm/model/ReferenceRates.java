package org.poglm.model;

import org.poglm.data.PieceFeatures;
import org.poglm.numerics.SpecialFunctions;

/**
 * Rates and per-unit visible terms written straight from SPEC §2-§3 with plain loops and
 * {@code java.lang.Math}, given the hidden soft counts {@code z[t][h]}: the oracle of the evaluation
 * tests. The piece's {@code hx} and {@code rx} are taken as given ({@link ReferenceElboTest} checks them
 * against the raw counts).
 */
public final class ReferenceRates {
    static final double EPS = 1e-8;
    /** Generative rates f[t][n]. */
    public final double[][] f;
    /** Variational rates g[t][h] (for FS given z's past). */
    public final double[][] g;
    /** log p(x_v | Z, X) = sum_t [x log(f + eps) - f - lgamma(x + 1)] per visible unit. */
    public final double[] unitTerms;
    /** sum_{t,v} of the visible terms. */
    public final double visibleTerm;

    private ReferenceRates(double[][] f, double[][] g, double[] unitTerms, double visibleTerm) {
        this.f = f;
        this.g = g;
        this.unitTerms = unitTerms;
        this.visibleTerm = visibleTerm;
    }

    /** For the hidden soft counts {@code z[t][h]} ({@code T x H}; any array of T empty rows when H = 0). */
    public static ReferenceRates of(ModelSpec spec, double[] p, PieceFeatures piece, double[][] z) {
        int V = spec.visible();
        int H = spec.hidden();
        int N = V + H;
        int T = piece.bins;
        double[] psi = spec.basis().weights();
        int L = psi.length;
        double[][] hz = new double[T][H];
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < H; h++) {
                for (int l = 1; l <= L && l <= t; l++) {
                    hz[t][h] += psi[l - 1] * z[t - l][h];
                }
            }
        }
        double[][] f = new double[T][N];
        double[][] g = new double[T][H];
        double[] unit = new double[V];
        double total = 0;
        int phi = N + N * N;
        String scheme = spec.scheme().label();
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                double a = p[n];
                for (int v = 0; v < V; v++) {
                    a += p[N + n * N + v] * piece.hx[v][t];
                }
                for (int h = 0; h < H; h++) {
                    a += p[N + n * N + V + h] * hz[t][h];
                }
                f[t][n] = rate(spec.nonlinearity(), a);
                if (n < V) {
                    double x = piece.x[n][t];
                    double term = x * Math.log(f[t][n] + EPS) - f[t][n] - SpecialFunctions.logFactorial((int) x);
                    unit[n] += term;
                    total += term;
                }
            }
            for (int h = 0; h < H; h++) {
                double u = p[phi + h];
                for (int v = 0; v < V; v++) {
                    u += p[phi + H + h * V + v] * piece.hx[v][t];
                }
                int second = phi + H + H * V;
                if (scheme.equals("FS")) {
                    for (int h2 = 0; h2 < H; h2++) {
                        u += p[second + h * H + h2] * hz[t][h2];
                    }
                } else if (scheme.equals("FB")) {
                    for (int v = 0; v < V; v++) {
                        u += p[second + h * V + v] * piece.rx[v][t];
                    }
                }
                g[t][h] = rate(spec.nonlinearity(), u);
            }
        }
        return new ReferenceRates(f, g, unit, total);
    }

    public static double rate(Nonlinearity nl, double a) {
        return switch (nl) {
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-a));
            case SOFTPLUS -> Math.log1p(Math.exp(a));
            case EXP -> Math.exp(a);
        };
    }
}
