package org.poglm.model;

import java.util.Arrays;

import org.poglm.data.PieceFeatures;
import org.poglm.distributions.HiddenSpikeDistribution;
import org.poglm.random.CellNoise;
import org.poglm.random.CounterRng;
import org.poglm.schemes.VariationalScheme;
import org.poglm.errors.ConfigurationException;
import org.poglm.numerics.SpecialFunctions;
import org.poglm.numerics.VectorMath;

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
 * <p>Cost structure: the visible part of every pre-activation is the same for all K samples and is
 * computed once per piece, in O(spikes x N + T x N x L) from the piece's spike list; only the hidden
 * columns vary per sample. Gradients of the visible-input weights are formed from sums over
 * samples, so their cost does not grow with K. Arrays are neuron-major ({@code [n*T + t]}) so the
 * per-sample loops run over contiguous time. An estimator owns its scratch memory: use one per
 * thread; nothing is allocated per sample.
 *
 * <p>Random draws come from {@link CounterRng#sampleKey}(seed, step, piece id, k) and the cell index
 * {@code h*T + t}: the same arguments give the same numbers in any thread or order.
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
    /** wt[m][n] = W[n][m]: the columns of W as rows. */
    private final double[][] wt;
    /** dW[n][v] for visible inputs, stored [v][n]. */
    private final double[][] dWvis;
    /** dW[n][V+h] for hidden inputs, unreduced lanes at [(n*H + h) * lanes]. */
    private final double[] dWhidLanes;
    private final int lanes = VectorMath.lanes();
    /** Accumulator of the visible Poisson term. */
    private final double[] poissonLanes = new double[VectorMath.lanes()];
    /** Rows and weights of a fused linear combination. */
    private final double[][] comboRows;
    private final double[] comboWeights;
    /** Rows and weights of the history convolution's taps. */
    private final double[][] tapRows;
    private final double[] tapWeights;
    private final double[] biasRow;
    /** Row scratch for the distribution's row methods. */
    private double[] rowScratch;
    private double[] dUdzRow;
    /** f (then log f) at the piece's spike cells. */
    private double[] spikeRates;
    /** df, then dA, at the piece's spike cells. */
    private double[] spikeSlopes;
    private final double[] logW;
    private final double[] dAs;
    private final double[] dAsK;
    private int capacity = -1;
    /** Time-major scratch of T + L rows of N: y[s + L][n] = sum_v W[n][v] x[v][s]. */
    private double[][] y;
    /** Time-major scratch of T rows of N. */
    private double[][] tm;
    /** Lane scratch of one dot product. */
    private final double[] dotLanes = new double[VectorMath.lanes()];

    private double[][] aVis;
    private double[][] a;
    private double[][] f;
    private double[][] df;
    private double[][] dA;
    private double[][] dASum;
    private double[][] uVis;
    private double[][] u;
    private double[][] g;
    private double[][] dg;
    private double[][] z;
    private double[][] hz;
    /** Latent rows: component j of hidden neuron h at bin t is latent[h * ls + j][t]. */
    private double[][] latent;
    private double[][] gz;
    private double[][] gSelf;
    private double[][] du;
    private double[][] duSum;
    private double[][][] scoreDu;
    private double[][][] retained;
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
        this.wt = new double[N][N];
        this.dWvis = new double[V][N];
        this.dWhidLanes = new double[N * H * lanes];
        this.comboRows = new double[N][];
        this.comboWeights = new double[N];
        this.tapRows = new double[L][];
        this.tapWeights = new double[L];
        this.biasRow = new double[N];
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
        prepare(params, piece, grad);
        int T = piece.bins;
        boolean derivative = grad != null;
        if (derivative) {
            for (double[] row : dWvis) {
                Arrays.fill(row, 0.0);
            }
            Arrays.fill(dWhidLanes, 0.0);
        }
        if (H == 0) {
            double logp = generativeForward(params, piece, derivative);
            if (derivative) {
                finishTheta(piece, dA, 1.0, grad);
            }
            return logp;
        }
        if (derivative) {
            zero(dASum, T);
            zero(duSum, T);
            Arrays.fill(dAs, 0.0);
        }
        double total = 0;
        for (int k = 0; k < samples; k++) {
            drawSample(params, piece, CounterRng.sampleKey(seed, step, piece.id, k), true);
            if (retain) {
                for (int r = 0; r < H * ls; r++) {
                    System.arraycopy(latent[r], 0, retained[k][r], 0, T);
                }
            }
            double lk = generativeForward(params, piece, derivative) - variationalLogDensity(T);
            logW[k] = lk;
            total += lk;
            if (derivative) {
                accumulateSampleGradient(params, piece, k);
            }
        }
        if (derivative) {
            double scale = 1.0 / samples;
            finishTheta(piece, dASum, scale, grad);
            if (!dist.pathwise()) {
                combineScoreTerms(T);
            }
            scheme.accumulateVisibleGradient(duSum, scale, H, piece, grad, phi0, dotLanes);
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
        prepare(params, piece, null);
        if (H == 0) {
            Arrays.fill(out, generativeForward(params, piece, false));
            return;
        }
        for (int k = 0; k < out.length; k++) {
            drawSample(params, piece, CounterRng.sampleKey(seed, step, piece.id, k), true);
            out[k] = generativeForward(params, piece, false) - variationalLogDensity(piece.bins);
        }
    }

    /**
     * For fixed latents {@code lat} (rows as in {@link HiddenSpikeDistribution}, as retained by
     * {@link #retainLatents}): returns {@code {log p(X, Z), log q(Z | X)}}. With the latents held fixed
     * these are the terms of the score-function surrogate objective.
     */
    public double[] logJointAndVariational(double[] params, PieceFeatures piece, double[][] lat) {
        prepare(params, piece, null);
        if (H == 0) {
            return new double[] {generativeForward(params, piece, false), 0.0};
        }
        for (int r = 0; r < H * ls; r++) {
            System.arraycopy(lat[r], 0, latent[r], 0, piece.bins);
        }
        drawSample(params, piece, 0L, false);
        double logp = generativeForward(params, piece, false);
        return new double[] {logp, variationalLogDensity(piece.bins)};
    }

    /** Keep every sample's latents of the next calls (diagnostics and tests). */
    public void retainLatents(boolean on) {
        this.retain = on;
        if (on && capacity > 0) {
            retained = new double[samples][H * ls][capacity];
        }
    }

    /** The latent rows of each sample of the last {@link #elbo} call (needs {@link #retainLatents}). */
    public double[][][] retainedLatents() {
        return retained;
    }

    /** The per-sample {@code l_k} of the last {@link #elbo} call. */
    public double[] lastLogWeights() {
        return logW.clone();
    }

    // ---------------------------------------------------------------- per-sample terms for evaluation

    /**
     * What an evaluation sees of each importance sample (SPEC §7, §9): its log weight, the visible
     * Poisson term of SPEC §2 split by unit, and the rates the sample produced. The arrays are the
     * estimator's scratch: valid only during the call, and not to be modified.
     */
    @FunctionalInterface
    public interface SampleObserver {
        /**
         * @param k                the sample index
         * @param logWeight        {@code l_k = log p(X, Z_k) - log q(Z_k | X)}, the value written to {@code out[k]}
         * @param visibleTerms     {@code log p(x_v | Z_k, X) = sum_t [x log(f + 1e-8) - f - lgamma(x + 1)]} of
         *                         each visible unit v (V values); they sum to the visible part of
         *                         {@code log p(X, Z_k)} up to the order of the additions
         * @param rates            the generative rates {@code f[n][t]} of the sample, neuron-major: rows
         *                         {@code 0..V-1} visible, {@code V..N-1} hidden; bins {@code t < T} (rows may be longer)
         * @param variationalRates q's rates {@code g[h][t]} (H rows; for forward-self those of this sample's
         *                         past, otherwise the same for every sample); bins {@code t < T}
         */
        void sample(int k, double logWeight, double[] visibleTerms, double[][] rates, double[][] variationalRates);
    }

    /** log p(x_v | Z, X) of the current sample, per visible unit. */
    private double[] unitTerms;
    /** sum_t lgamma(x[t][v] + 1) of the current piece, per visible unit. */
    private double[] unitLogFactorial;

    /**
     * {@link #logWeights(double[], PieceFeatures, long, long, double[])} that also shows each sample to
     * {@code observer}: the same draws, and {@code out} bit for bit the same (the per-unit terms are read
     * from the rates after {@code l_k} is formed and change nothing). For {@code H = 0} there is nothing to
     * sample: every {@code out[k]} is the exact {@code log p(X)} and the observer is called once, with k = 0.
     * Costs O(V T + spikes) per sample on top of the log weight.
     */
    public void logWeights(double[] params, PieceFeatures piece, long seed, long step, double[] out,
                           SampleObserver observer) {
        prepare(params, piece, null);
        prepareUnitTerms(piece);
        if (H == 0) {
            double logp = generativeForward(params, piece, false);
            Arrays.fill(out, logp);
            observer.sample(0, logp, visibleUnitTerms(piece), f, g);
            return;
        }
        for (int k = 0; k < out.length; k++) {
            drawSample(params, piece, CounterRng.sampleKey(seed, step, piece.id, k), true);
            out[k] = generativeForward(params, piece, false) - variationalLogDensity(piece.bins);
            observer.sample(k, out[k], visibleUnitTerms(piece), f, g);
        }
    }

    /** The per-unit log-factorial constants of the piece, from its non-zero counts. */
    private void prepareUnitTerms(PieceFeatures piece) {
        if (unitTerms == null) {
            unitTerms = new double[V];
            unitLogFactorial = new double[V];
        }
        Arrays.fill(unitLogFactorial, 0.0);
        int[] sn = piece.spikeNeuron;
        double[] sc = piece.spikeCount;
        for (int i = piece.firstInPiece; i < sn.length; i++) {
            unitLogFactorial[sn[i]] += SpecialFunctions.logFactorial((int) sc[i]);
        }
    }

    /**
     * Splits the visible Poisson term of the sample {@link #generativeForward} just formed by unit. It
     * reuses {@code log(f + eps)} at the spike cells, which {@link #spikeCellTerm} left in
     * {@code spikeRates}, so the units' terms are built from the very logarithms of the piece's total.
     */
    private double[] visibleUnitTerms(PieceFeatures piece) {
        int T = piece.bins;
        for (int v = 0; v < V; v++) {
            unitTerms[v] = -VectorMath.sum(f[v], 0, T) - unitLogFactorial[v];
        }
        int from = piece.firstInPiece;
        int[] sn = piece.spikeNeuron;
        double[] sc = piece.spikeCount;
        for (int i = 0; i < sn.length - from; i++) {
            unitTerms[sn[from + i]] += sc[from + i] * spikeRates[i];
        }
        return unitTerms;
    }

    // ---------------------------------------------------------------- forward pieces

    private static void zero(double[][] m, int T) {
        for (double[] row : m) {
            Arrays.fill(row, 0, T, 0.0);
        }
    }

    /**
     * Fails, naming the piece, unless it was built for this model: V visible neurons and the model's basis
     * (its {@code hx} and {@code rx} must be the histories the model defines).
     */
    public void requireCompatible(PieceFeatures piece) {
        if (piece.visible != V) {
            throw new ConfigurationException("piece " + piece.id + " visible neurons", piece.visible,
                "the model's V = " + V);
        }
        if (piece.basis != spec.basis() && !piece.basis.equals(spec.basis())) {
            throw new ConfigurationException("piece " + piece.id + " history basis", piece.basis,
                "the model's basis " + spec.basis() + " (the piece's hx and rx were built with another)");
        }
    }

    /** Shape checks, scratch, and everything that is the same for all samples. */
    private void prepare(double[] params, PieceFeatures piece, double[] grad) {
        requireCompatible(piece);
        if (params.length != layout.size()) {
            throw new ConfigurationException("parameter vector length", params.length,
                "" + layout.size() + " for V=" + V + ", H=" + H + ", scheme " + scheme.label());
        }
        if (grad != null && grad.length != layout.size()) {
            throw new ConfigurationException("gradient vector length", grad.length, "" + layout.size());
        }
        int T = piece.bins;
        ensureCapacity(T);
        for (int n = 0; n < N; n++) {
            for (int m = 0; m < N; m++) {
                wt[m][n] = params[N + n * N + m];
            }
        }
        visibleGenerative(params, piece);
        if (H > 0) {
            scheme.visiblePreactivation(params, phi0, H, piece, uVis);
            if (!scheme.selfCoupled()) {
                for (int h = 0; h < H; h++) {
                    sigma.apply(uVis[h], g[h], dg[h], 0, g[h].length);
                }
            }
        }
    }

    private void ensureCapacity(int T) {
        if (T <= capacity) {
            return;
        }
        capacity = T;
        // Rows are padded to whole SIMD vectors. The padding of dA, hz, gz and dASum stays zero (nothing
        // writes past T), so whole-row loops over them need no scalar tails; a, f and df hold harmless
        // values there that are never read.
        int tp = (T + 7) & ~7;
        y = new double[T + L][N];
        rowScratch = new double[tp];
        dUdzRow = new double[tp];
        tm = new double[T][N];
        aVis = new double[N][tp];
        a = new double[N][tp];
        f = new double[N][tp];
        df = new double[N][tp];
        dA = new double[N][tp];
        dASum = new double[N][tp];
        uVis = new double[H][tp];
        u = new double[H][tp];
        g = new double[H][tp];
        dg = new double[H][tp];
        z = new double[H][tp];
        hz = new double[H][tp];
        latent = new double[H * ls][tp];
        gz = new double[H][tp];
        gSelf = new double[H][tp];
        du = new double[H][tp];
        duSum = new double[H][tp];
        scoreDu = new double[samples][H][T];
        if (retain) {
            retained = new double[samples][H * ls][T];
        }
    }

    /**
     * aVis[n][t] = b[n] + sum_v W[n][v] hx[v][t] = b[n] + sum_l psi[l] y[t-l][n] with
     * y[s][n] = sum_v W[n][v] x[v][s], built from the non-zero counts only.
     */
    private void visibleGenerative(double[] params, PieceFeatures piece) {
        int T = piece.bins;
        for (int s = 0; s < T + L; s++) {
            Arrays.fill(y[s], 0.0);
        }
        int[] sb = piece.spikeBin;
        int[] sn = piece.spikeNeuron;
        double[] sc = piece.spikeCount;
        for (int i = 0; i < piece.spikeBin.length; i++) {
            VectorMath.axpy(sc[i], wt[sn[i]], y[sb[i] + L], N);
        }
        System.arraycopy(params, 0, biasRow, 0, N);
        for (int t = 0; t < T; t++) {
            for (int l = 1; l <= L; l++) {
                tapRows[l - 1] = y[t - l + L];
            }
            VectorMath.addCombination(biasRow, tapRows, psi, L, tm[t], N);
        }
        transpose(tm, aVis, T, N);
    }

    /** dst[j][i] = src[i][j] for i < rows, j < cols. */
    private static void transpose(double[][] src, double[][] dst, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            double[] r = src[i];
            for (int j = 0; j < cols; j++) {
                dst[j][i] = r[j];
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
            for (int h = 0; h < H; h++) {
                double[] zr = z[h];
                if (resample) {
                    dist.sampleRow(noise, key, h * T, g[h], T, latent, h * ls, zr, work, rowScratch);
                } else {
                    for (int t = 0; t < T; t++) {
                        zr[t] = dist.count(latent, h * ls, t);
                    }
                }
                VectorMath.historyPast(zr, psi, hz[h], T);
            }
            return;
        }
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < H; h++) {
                double[] zr = z[h];
                double s = 0;
                for (int l = 1; l <= L && l <= t; l++) {
                    s += psi[l - 1] * zr[t - l];
                }
                hz[h][t] = s;
            }
            for (int h = 0; h < H; h++) {
                int c = h * T + t;
                double s = uVis[h][t];
                int as = selfOff + h * H;
                for (int h2 = 0; h2 < H; h2++) {
                    s += params[as + h2] * hz[h2][t];
                }
                u[h][t] = s;
                double gv = sigma.value(s);
                g[h][t] = gv;
                dg[h][t] = sigmaDerivative(s, gv);
                z[h][t] = resample ? dist.sample(noise.at(key, c), gv, latent, h * ls, t, work)
                    : dist.count(latent, h * ls, t);
            }
        }
    }

    private double sigmaDerivative(double x, double value) {
        return switch (sigma) {
            case SIGMOID -> value * (1.0 - value);
            case SOFTPLUS -> Nonlinearity.SIGMOID.value(x);
            case EXP -> value;
        };
    }

    /** log p(X, Z) of the current sample; with {@code derivative}, dA = d log p / d a. */
    private double generativeForward(double[] params, PieceFeatures piece, boolean derivative) {
        int T = piece.bins;
        Arrays.fill(poissonLanes, 0.0);
        for (int n = 0; n < N; n++) {
            double[] an = a[n];
            int count = 0;
            for (int h = 0; h < H; h++) {
                double w = params[N + n * N + V + h];
                if (w != 0.0) {
                    comboRows[count] = hz[h];
                    comboWeights[count++] = w;
                }
            }
            VectorMath.addCombination(aVis[n], comboRows, comboWeights, count, an, an.length);
            sigma.apply(an, f[n], df[n], 0, an.length);
            if (n < V) {
                VectorMath.rateTermInto(f[n], df[n], dA[n], T, poissonLanes);
            }
        }
        double logp = VectorMath.reduce(poissonLanes, 0) - piece.logFactorialSum + spikeCellTerm(piece);
        for (int h = 0; h < H; h++) {
            logp += dist.logDensityRow(latent, h * ls, f[V + h], T, df[V + h], derivative ? dA[V + h] : null,
                work, rowScratch);
        }
        return logp;
    }

    /**
     * The visible Poisson term's part at the piece's non-zero counts (the rest is {@link VectorMath#rateTermInto}):
     * returns {@code sum x log(f + eps)}, logarithms in one pass, and sets {@code dA = (x/(f + eps) - 1) df} there.
     */
    private double spikeCellTerm(PieceFeatures piece) {
        int from = piece.firstInPiece;
        int n = piece.spikeBin.length - from;
        if (spikeRates == null || spikeRates.length < n) {
            spikeRates = new double[Math.max(n, 16) * 2];
            spikeSlopes = new double[spikeRates.length];
        }
        int[] sb = piece.spikeBin;
        int[] sn = piece.spikeNeuron;
        double[] sc = piece.spikeCount;
        double[] rates = spikeRates;
        double[] slopes = spikeSlopes;
        for (int i = 0; i < n; i++) {
            rates[i] = f[sn[from + i]][sb[from + i]];
            slopes[i] = df[sn[from + i]][sb[from + i]];
        }
        // Contiguous, so the divisions run as vectors.
        for (int i = 0; i < n; i++) {
            slopes[i] = (sc[from + i] / (rates[i] + EPS) - 1.0) * slopes[i];
        }
        for (int i = 0; i < n; i++) {
            dA[sn[from + i]][sb[from + i]] = slopes[i];
        }
        VectorMath.log(rates, EPS, rates, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += sc[from + i] * rates[i];
        }
        return s;
    }

    /** log q(Z | X) of the current sample. */
    private double variationalLogDensity(int T) {
        double logq = 0;
        for (int h = 0; h < H; h++) {
            logq += dist.logDensityRow(latent, h * ls, g[h], T, null, null, work, rowScratch);
        }
        return logq;
    }

    // ---------------------------------------------------------------- backward pieces

    private void accumulateSampleGradient(double[] params, PieceFeatures piece, int k) {
        int T = piece.bins;
        // Whole padded rows: their padding is zero in dA and hz, so no scalar tails.
        int tp = dA[0].length;
        for (int n = 0; n < N; n++) {
            VectorMath.add(dA[n], dASum[n], tp);
            // Hidden-input weights: dW[n][V+h] += sum_t dA[n][t] hz[h][t].
            for (int h = 0; h < H; h++) {
                VectorMath.dotInto(dA[n], hz[h], tp, dWhidLanes, (n * H + h) * lanes);
            }
        }
        if (dist.pathwise()) {
            pathwiseBackward(params, T);
        } else {
            // d log q / d u per cell; weighted by (l_k - beta_k) once all samples are known.
            double[][] sd = scoreDu[k];
            for (int h = 0; h < H; h++) {
                dist.dLogDensityRow(latent, h * ls, g[h], T, dg[h], sd[h], work);
            }
            if (selfOff >= 0) {
                int kb = k * H * H;
                for (int h = 0; h < H; h++) {
                    for (int h2 = 0; h2 < H; h2++) {
                        dAsK[kb + h * H + h2] = VectorMath.dot(sd[h], 0, hz[h2], 0, T);
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
        // gz[h][t] = d l / d hz[h][t] through the generative model.
        for (int h = 0; h < H; h++) {
            double[] gr = gz[h];
            Arrays.fill(gr, 0, T, 0.0);
            int count = 0;
            for (int n = 0; n < N; n++) {
                double w = params[N + n * N + V + h];
                if (w != 0.0) {
                    comboRows[count] = dA[n];
                    comboWeights[count++] = w;
                }
            }
            VectorMath.addCombination(gr, comboRows, comboWeights, count, gr, gr.length);
        }
        boolean self = selfOff >= 0;
        if (!self) {
            for (int h = 0; h < H; h++) {
                VectorMath.historyFuture(gz[h], psi, dUdzRow, T);
                dist.pathwiseRow(latent, h * ls, f[V + h], g[h], dUdzRow, T, dg[h], du[h], work);
                VectorMath.add(du[h], duSum[h], T);
            }
            return;
        }
        for (int t = T - 1; t >= 0; t--) {
            for (int h = 0; h < H; h++) {
                double[] gr = gz[h];
                double[] sr = gSelf[h];
                double dUdz = 0;
                for (int l = 1; l <= L && t + l < T; l++) {
                    dUdz += psi[l - 1] * (self ? gr[t + l] + sr[t + l] : gr[t + l]);
                }
                double dldg = dist.pathwiseMeanGradient(latent, h * ls, t, f[V + h][t], g[h][t], dUdz, work);
                double d = dldg * dg[h][t];
                du[h][t] = d;
                duSum[h][t] += d;
            }
            if (self) {
                for (int h2 = 0; h2 < H; h2++) {
                    double s = 0;
                    for (int h = 0; h < H; h++) {
                        s += du[h][t] * params[selfOff + h * H + h2];
                    }
                    gSelf[h2][t] = s;
                }
            }
        }
        if (self) {
            for (int h = 0; h < H; h++) {
                for (int h2 = 0; h2 < H; h2++) {
                    dAs[h * H + h2] += VectorMath.dot(du[h], 0, hz[h2], 0, T);
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
            for (int h = 0; h < H; h++) {
                VectorMath.axpy(w, scoreDu[k][h], duSum[h], T);
            }
            if (selfOff >= 0) {
                VectorMath.axpy(w, dAsK, k * H * H, dAs, 0, H * H);
            }
        }
    }

    /**
     * Adds scale * (db, dW) to grad from {@code d = dlogp/da} summed over samples (and the
     * hidden-input sums in dWhid). dW[n][v] = sum_t d[n][t] hx[v][t] = sum_s x[v][s] D[s][n] with
     * D[s][n] = sum_l psi[l] d[n][s+l], built from the non-zero counts only.
     */
    private void finishTheta(PieceFeatures piece, double[][] d, double scale, double[] grad) {
        int T = piece.bins;
        for (int n = 0; n < N; n++) {
            grad[n] += scale * VectorMath.sum(d[n], 0, T);
        }
        transpose(d, tm, N, T);
        for (int s = -L; s < T; s++) {
            double[] row = y[s + L];
            Arrays.fill(row, 0.0);
            int count = 0;
            for (int l = Math.max(1, -s); l <= L && s + l < T; l++) {
                tapRows[count] = tm[s + l];
                tapWeights[count++] = psi[l - 1];
            }
            VectorMath.addCombination(row, tapRows, tapWeights, count, row, N);
        }
        int[] sb = piece.spikeBin;
        int[] sn = piece.spikeNeuron;
        double[] sc = piece.spikeCount;
        for (int i = 0; i < piece.spikeBin.length; i++) {
            VectorMath.axpy(sc[i], y[sb[i] + L], dWvis[sn[i]], N);
        }
        for (int n = 0; n < N; n++) {
            int w = N + n * N;
            for (int v = 0; v < V; v++) {
                grad[w + v] += scale * dWvis[v][n];
            }
            for (int h = 0; h < H; h++) {
                grad[w + V + h] += scale * VectorMath.reduce(dWhidLanes, (n * H + h) * lanes);
            }
        }
    }
}
