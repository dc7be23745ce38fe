package org.poglm.model;

import org.poglm.data.PieceFeatures;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;
import org.poglm.schemes.VariationalScheme;
import org.poglm.util.ConfigurationException;

/**
 * The per-piece Monte Carlo ELBO and its exact gradient (SPEC §5):
 * {@code ELBO_hat = (1/K) sum_k [log p(X, Z_k; theta) - log q(Z_k | X; phi)]}, with
 * {@code log p} of SPEC §2 and {@code log q} of SPEC §3.
 *
 * <ul>
 * <li>theta: {@code (1/K) sum_k grad log p(X, Z_k)} for every family;</li>
 * <li>phi, pathwise families: the derivative of the whole estimate through the reparameterised
 * {@code Z_k} (through {@code hz} and, for forward-self, back through time);</li>
 * <li>phi, score-function families: {@code (1/K) sum_k (l_k - beta_k) grad log q(Z_k)}.</li>
 * </ul>
 *
 * <p>The visible part of every pre-activation is the same for all K samples and is computed once
 * per piece; only the hidden columns vary per sample. Gradients of the visible-input weights are
 * formed from sums over samples, so their cost does not grow with K. An estimator owns its scratch
 * memory: use one per thread; nothing is allocated per sample.
 *
 * <p>Random draws come from {@link CounterRng#sampleKey}(seed, step, piece id, k) and the cell index
 * {@code t*H + h}: the same arguments give the same numbers in any thread or order.
 */
public final class ElboEstimator {
    private static final double EPS = HiddenSpikeDistribution.EPS;

    private final ModelSpec spec;
    private final ParameterLayout layout;
    private final int samples;
    private final ScoreBaseline baseline;
    private final int V;
    private final int H;
    private final int N;
    private final int L;
    private final double[] psi;
    private final HiddenSpikeDistribution dist;
    private final VariationalScheme scheme;
    private final Nonlinearity sigma;
    private final int ls;
    private final int phi0;
    private final int selfOff;

    private final CellNoise noise = new CellNoise();
    private final double[] work;
    private final double[] wt;
    private final double[] dWT;
    private final double[] logW;
    private final double[] dAs;
    private final double[] dAsK;
    private int capacity = -1;
    private double[] aVis;
    private double[] a;
    private double[] f;
    private double[] df;
    private double[] dA;
    private double[] dASum;
    private double[] uVis;
    private double[] u;
    private double[] g;
    private double[] dg;
    private double[] z;
    private double[] hz;
    private double[] latent;
    private double[] gz;
    private double[] gSelf;
    private double[] du;
    private double[] duSum;
    private double[] scoreDu;
    private double[] retained;
    private boolean retain;

    /**
     * @param samples  K, the Monte Carlo samples per piece (>= 1)
     * @param baseline the score-function baseline (leave-one-out needs K >= 2)
     */
    public ElboEstimator(ModelSpec spec, int samples, ScoreBaseline baseline) {
        ConfigurationException.require(samples >= 1, "Monte Carlo samples K", samples, "an integer >= 1");
        ConfigurationException.require(baseline != ScoreBaseline.LEAVE_ONE_OUT || samples >= 2,
            "Monte Carlo samples K", samples, "K >= 2 for the leave-one-out baseline");
        this.spec = spec;
        this.layout = spec.layout();
        this.samples = samples;
        this.baseline = baseline;
        this.V = spec.visible();
        this.H = spec.hidden();
        this.N = V + H;
        this.L = spec.basis().length();
        this.psi = spec.basis().weights();
        this.dist = spec.distribution();
        this.scheme = spec.scheme();
        this.sigma = spec.nonlinearity();
        this.ls = dist.latentSize();
        this.phi0 = layout.phiOffset();
        this.selfOff = H > 0 ? scheme.selfOffset(phi0, V, H) : -1;
        this.work = new double[Math.max(1, dist.workSize())];
        this.wt = new double[N * N];
        this.dWT = new double[N * N];
        this.logW = new double[samples];
        this.dAs = new double[H * H];
        this.dAsK = new double[samples * H * H];
    }

    public ModelSpec spec() {
        return spec;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public int samples() {
        return samples;
    }

    public ScoreBaseline baseline() {
        return baseline;
    }

    /**
     * Returns {@code ELBO_hat} for one piece and, if {@code grad} is non-null, adds its gradient with
     * respect to the parameters (layout {@link #layout()}) to {@code grad}.
     */
    public double elbo(double[] params, PieceFeatures piece, long seed, long step, double[] grad) {
        checkShapes(params, piece, grad);
        int T = piece.bins;
        ensureCapacity(T);
        transposeWeights(params);
        visibleGenerative(params, piece);
        if (H == 0) {
            double logp = generativeForward(piece, grad != null);
            if (grad != null) {
                System.arraycopy(dA, 0, dASum, 0, T * N);
                java.util.Arrays.fill(dWT, 0.0);
                finishTheta(piece, 1.0, grad);
            }
            return logp;
        }
        scheme.visiblePreactivation(params, phi0, H, piece, uVis);
        if (!scheme.selfCoupled()) {
            System.arraycopy(uVis, 0, u, 0, T * H);
            sigma.apply(u, g, dg, 0, T * H);
        }
        if (grad != null) {
            java.util.Arrays.fill(dASum, 0, T * N, 0.0);
            java.util.Arrays.fill(dWT, 0.0);
            java.util.Arrays.fill(duSum, 0, T * H, 0.0);
            java.util.Arrays.fill(dAs, 0.0);
        }
        double total = 0;
        for (int k = 0; k < samples; k++) {
            long key = CounterRng.sampleKey(seed, step, piece.id, k);
            drawSample(params, piece, key, true);
            if (retain) {
                System.arraycopy(latent, 0, retained, k * T * H * ls, T * H * ls);
            }
            double logp = generativeForward(piece, grad != null);
            double lk = logp - variationalLogDensity(T);
            logW[k] = lk;
            total += lk;
            if (grad != null) {
                accumulateSampleGradient(params, piece, k);
            }
        }
        if (grad != null) {
            double scale = 1.0 / samples;
            finishTheta(piece, scale, grad);
            if (!dist.pathwise()) {
                combineScoreTerms(T);
            }
            scheme.accumulateVisibleGradient(duSum, scale, H, piece, grad, phi0);
            if (selfOff >= 0) {
                for (int i = 0; i < H * H; i++) {
                    grad[selfOff + i] += scale * dAs[i];
                }
            }
        }
        return total / samples;
    }

    /**
     * Writes {@code l_k = log p(X, Z_k) - log q(Z_k | X)} for {@code k < out.length} samples to {@code out}
     * (no gradient; any K). Used for the importance-sampling marginal likelihood.
     */
    public void logWeights(double[] params, PieceFeatures piece, long seed, long step, double[] out) {
        checkShapes(params, piece, null);
        int T = piece.bins;
        ensureCapacity(T);
        transposeWeights(params);
        visibleGenerative(params, piece);
        if (H == 0) {
            java.util.Arrays.fill(out, generativeForward(piece, false));
            return;
        }
        scheme.visiblePreactivation(params, phi0, H, piece, uVis);
        if (!scheme.selfCoupled()) {
            System.arraycopy(uVis, 0, u, 0, T * H);
            sigma.apply(u, g, dg, 0, T * H);
        }
        for (int k = 0; k < out.length; k++) {
            drawSample(params, piece, CounterRng.sampleKey(seed, step, piece.id, k), true);
            out[k] = generativeForward(piece, false) - variationalLogDensity(T);
        }
    }

    /**
     * For fixed latents {@code lat} ({@code T*H*latentSize}, as retained by the last call): returns
     * {@code {log p(X, Z), log q(Z | X)}}. With the latents held fixed these are the terms of the
     * score-function surrogate objective.
     */
    public double[] logJointAndVariational(double[] params, PieceFeatures piece, double[] lat, int latOff) {
        checkShapes(params, piece, null);
        int T = piece.bins;
        ensureCapacity(T);
        transposeWeights(params);
        visibleGenerative(params, piece);
        if (H == 0) {
            return new double[] {generativeForward(piece, false), 0.0};
        }
        scheme.visiblePreactivation(params, phi0, H, piece, uVis);
        if (!scheme.selfCoupled()) {
            System.arraycopy(uVis, 0, u, 0, T * H);
            sigma.apply(u, g, dg, 0, T * H);
        }
        System.arraycopy(lat, latOff, latent, 0, T * H * ls);
        drawSample(params, piece, 0L, false);
        double logp = generativeForward(piece, false);
        return new double[] {logp, variationalLogDensity(T)};
    }

    /** Keep every sample's latents of the next calls (diagnostics and tests). */
    public void retainLatents(boolean on) {
        this.retain = on;
        if (on && capacity > 0) {
            retained = new double[samples * capacity * H * ls];
        }
    }

    /** The latents of sample k of the last {@link #elbo} call (needs {@link #retainLatents}). */
    public double[] retainedLatents() {
        return retained;
    }

    /** The per-sample {@code l_k} of the last {@link #elbo} call. */
    public double[] lastLogWeights() {
        return logW.clone();
    }

    // ---------------------------------------------------------------- forward pieces

    private void checkShapes(double[] params, PieceFeatures piece, double[] grad) {
        if (piece.visible != V) {
            throw new ConfigurationException("piece " + piece.id + " visible neurons", piece.visible,
                "the model's V = " + V);
        }
        if (params.length != layout.size()) {
            throw new ConfigurationException("parameter vector length", params.length,
                "" + layout.size() + " for V=" + V + ", H=" + H + ", scheme " + scheme.label());
        }
        if (grad != null && grad.length != layout.size()) {
            throw new ConfigurationException("gradient vector length", grad.length, "" + layout.size());
        }
    }

    private void ensureCapacity(int T) {
        if (T <= capacity) {
            return;
        }
        capacity = T;
        aVis = new double[T * N];
        a = new double[T * N];
        f = new double[T * N];
        df = new double[T * N];
        dA = new double[T * N];
        dASum = new double[T * N];
        uVis = new double[T * H];
        u = new double[T * H];
        g = new double[T * H];
        dg = new double[T * H];
        z = new double[T * H];
        hz = new double[T * H];
        latent = new double[T * H * ls];
        gz = new double[T * H];
        gSelf = new double[T * H];
        du = new double[T * H];
        duSum = new double[T * H];
        scoreDu = new double[samples * T * H];
        if (retain) {
            retained = new double[samples * T * H * ls];
        }
    }

    /** wt[m*N + n] = W[n][m], so rows of wt are contiguous per presynaptic neuron. */
    private void transposeWeights(double[] params) {
        int w0 = N;
        for (int n = 0; n < N; n++) {
            for (int m = 0; m < N; m++) {
                wt[m * N + n] = params[w0 + n * N + m];
            }
        }
    }

    /** aVis[t][n] = b[n] + sum_v W[n][v] hx[t][v]. */
    private void visibleGenerative(double[] params, PieceFeatures piece) {
        int T = piece.bins;
        double[] hx = piece.hx;
        for (int t = 0; t < T; t++) {
            int row = t * N;
            System.arraycopy(params, 0, aVis, row, N);
            for (int v = 0; v < V; v++) {
                double h = hx[t * V + v];
                if (h != 0.0) {
                    int w = v * N;
                    for (int n = 0; n < N; n++) {
                        aVis[row + n] += h * wt[w + n];
                    }
                }
            }
        }
    }

    /**
     * Fills latent, z and hz for one sample: draws from noise ({@code resample}) or reads the given
     * latents. For FS also fills u, g and dg, which depend on the sampled history.
     */
    private void drawSample(double[] params, PieceFeatures piece, long key, boolean resample) {
        int T = piece.bins;
        if (!scheme.selfCoupled()) {
            for (int c = 0; c < T * H; c++) {
                z[c] = resample ? dist.sample(noise.at(key, c), g[c], latent, c * ls, work)
                    : dist.count(latent, c * ls);
            }
            convolveHidden(T);
            return;
        }
        for (int t = 0; t < T; t++) {
            int row = t * H;
            for (int h = 0; h < H; h++) {
                double s = 0;
                for (int l = 1; l <= L && l <= t; l++) {
                    s += psi[l - 1] * z[(t - l) * H + h];
                }
                hz[row + h] = s;
            }
            for (int h = 0; h < H; h++) {
                double s = uVis[row + h];
                int as = selfOff + h * H;
                for (int h2 = 0; h2 < H; h2++) {
                    s += params[as + h2] * hz[row + h2];
                }
                u[row + h] = s;
            }
            sigma.apply(u, g, dg, row, row + H);
            for (int h = 0; h < H; h++) {
                int c = row + h;
                z[c] = resample ? dist.sample(noise.at(key, c), g[c], latent, c * ls, work)
                    : dist.count(latent, c * ls);
            }
        }
    }

    /** hz[t][h] = sum_l psi[l] z[t-l][h]; hidden spikes outside the piece are zero. */
    private void convolveHidden(int T) {
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < H; h++) {
                double s = 0;
                for (int l = 1; l <= L && l <= t; l++) {
                    s += psi[l - 1] * z[(t - l) * H + h];
                }
                hz[t * H + h] = s;
            }
        }
    }

    /** log p(X, Z) of the current sample; with {@code derivative}, dA = d log p / d a. */
    private double generativeForward(PieceFeatures piece, boolean derivative) {
        int T = piece.bins;
        for (int t = 0; t < T; t++) {
            int row = t * N;
            System.arraycopy(aVis, row, a, row, N);
            for (int h = 0; h < H; h++) {
                double s = hz[t * H + h];
                if (s != 0.0) {
                    int w = (V + h) * N;
                    for (int n = 0; n < N; n++) {
                        a[row + n] += s * wt[w + n];
                    }
                }
            }
        }
        sigma.apply(a, f, df, 0, T * N);
        double logp = -piece.logFactorialSum;
        double[] x = piece.x;
        for (int t = 0; t < T; t++) {
            int row = t * N;
            int xrow = t * V;
            for (int v = 0; v < V; v++) {
                int i = row + v;
                double xv = x[xrow + v];
                double fi = f[i];
                if (xv != 0.0) {
                    logp += xv * Math.log(fi + EPS);
                    dA[i] = (xv / (fi + EPS) - 1.0) * df[i];
                } else {
                    dA[i] = -df[i];
                }
                logp -= fi;
            }
            for (int h = 0; h < H; h++) {
                int i = row + V + h;
                int off = (t * H + h) * ls;
                logp += dist.logDensity(latent, off, f[i], work);
                if (derivative) {
                    dA[i] = dist.dLogDensityDMean(latent, off, f[i], work) * df[i];
                }
            }
        }
        return logp;
    }

    /** log q(Z | X) of the current sample. */
    private double variationalLogDensity(int T) {
        double logq = 0;
        for (int c = 0; c < T * H; c++) {
            logq += dist.logDensity(latent, c * ls, g[c], work);
        }
        return logq;
    }

    // ---------------------------------------------------------------- backward pieces

    private void accumulateSampleGradient(double[] params, PieceFeatures piece, int k) {
        int T = piece.bins;
        for (int i = 0; i < T * N; i++) {
            dASum[i] += dA[i];
        }
        // Hidden-input weights: dW[n][V+h] += sum_t hz[t][h] dA[t][n].
        for (int t = 0; t < T; t++) {
            int row = t * N;
            for (int h = 0; h < H; h++) {
                double s = hz[t * H + h];
                if (s != 0.0) {
                    int w = (V + h) * N;
                    for (int n = 0; n < N; n++) {
                        dWT[w + n] += s * dA[row + n];
                    }
                }
            }
        }
        if (dist.pathwise()) {
            pathwiseBackward(params, T);
        } else {
            // d log q / d u per cell; weighted by (l_k - beta_k) once all samples are known.
            int base = k * T * H;
            for (int c = 0; c < T * H; c++) {
                scoreDu[base + c] = dist.dLogDensityDMean(latent, c * ls, g[c], work) * dg[c];
            }
            if (selfOff >= 0) {
                int kb = k * H * H;
                java.util.Arrays.fill(dAsK, kb, kb + H * H, 0.0);
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < H; h++) {
                        double d = scoreDu[base + t * H + h];
                        for (int h2 = 0; h2 < H; h2++) {
                            dAsK[kb + h * H + h2] += d * hz[t * H + h2];
                        }
                    }
                }
            }
        }
    }

    /**
     * dl/du for the current sample by reverse accumulation: through hz into every later generative
     * pre-activation, and for FS through hz into later variational pre-activations (back-propagation
     * through time).
     */
    private void pathwiseBackward(double[] params, int T) {
        // gz[t][h] = d l / d hz[t][h] through the generative model.
        for (int t = 0; t < T; t++) {
            int row = t * N;
            for (int h = 0; h < H; h++) {
                int w = (V + h) * N;
                double s0 = 0;
                double s1 = 0;
                int n = 0;
                for (; n + 1 < N; n += 2) {
                    s0 += dA[row + n] * wt[w + n];
                    s1 += dA[row + n + 1] * wt[w + n + 1];
                }
                if (n < N) {
                    s0 += dA[row + n] * wt[w + n];
                }
                gz[t * H + h] = s0 + s1;
            }
        }
        boolean self = selfOff >= 0;
        for (int t = T - 1; t >= 0; t--) {
            int row = t * H;
            for (int h = 0; h < H; h++) {
                double dUdz = 0;
                for (int l = 1; l <= L && t + l < T; l++) {
                    int c = (t + l) * H + h;
                    dUdz += psi[l - 1] * (self ? gz[c] + gSelf[c] : gz[c]);
                }
                int c = row + h;
                double dldg = dist.pathwiseMeanGradient(latent, c * ls, f[t * N + V + h], g[c], dUdz, work);
                du[c] = dldg * dg[c];
                duSum[c] += du[c];
            }
            if (self) {
                for (int h2 = 0; h2 < H; h2++) {
                    double s = 0;
                    for (int h = 0; h < H; h++) {
                        s += du[row + h] * params[selfOff + h * H + h2];
                    }
                    gSelf[row + h2] = s;
                }
            }
        }
        if (self) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < H; h++) {
                    double d = du[t * H + h];
                    for (int h2 = 0; h2 < H; h2++) {
                        dAs[h * H + h2] += d * hz[t * H + h2];
                    }
                }
            }
        }
    }

    /** duSum = sum_k (l_k - beta_k) d log q_k / du, and likewise for As. */
    private void combineScoreTerms(int T) {
        double sum = 0;
        for (double l : logW) {
            sum += l;
        }
        for (int k = 0; k < samples; k++) {
            double beta = baseline == ScoreBaseline.LEAVE_ONE_OUT ? (sum - logW[k]) / (samples - 1) : 0.0;
            double w = logW[k] - beta;
            int base = k * T * H;
            for (int c = 0; c < T * H; c++) {
                duSum[c] += w * scoreDu[base + c];
            }
            if (selfOff >= 0) {
                int kb = k * H * H;
                for (int i = 0; i < H * H; i++) {
                    dAs[i] += w * dAsK[kb + i];
                }
            }
        }
    }

    /** Adds scale * (db, dW) from dASum (all samples) and dWT (hidden-input rows) to grad. */
    private void finishTheta(PieceFeatures piece, double scale, double[] grad) {
        int T = piece.bins;
        double[] hx = piece.hx;
        for (int t = 0; t < T; t++) {
            int row = t * N;
            for (int n = 0; n < N; n++) {
                grad[n] += scale * dASum[row + n];
            }
            for (int v = 0; v < V; v++) {
                double h = hx[t * V + v];
                if (h != 0.0) {
                    int w = v * N;
                    for (int n = 0; n < N; n++) {
                        dWT[w + n] += h * dASum[row + n];
                    }
                }
            }
        }
        int w0 = N;
        for (int n = 0; n < N; n++) {
            for (int m = 0; m < N; m++) {
                grad[w0 + n * N + m] += scale * dWT[m * N + n];
            }
        }
    }
}
