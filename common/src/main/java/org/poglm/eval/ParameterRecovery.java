package org.poglm.eval;

import org.poglm.errors.ConfigurationException;

/**
 * Parameter recovery on synthetic data (SPEC §7). Hidden neurons are identifiable only up to order,
 * so learned hidden neurons are matched to true ones by the map that minimises the mean absolute
 * weight error (rows and columns permuted together), then {@code mean |W - W_true|} and
 * {@code mean |b - b_true|} are reported under it.
 *
 * <p>The search is exhaustive while there are at most {@value #EXHAUSTIVE_LIMIT} candidate maps;
 * beyond that, a linear assignment (Hungarian algorithm) on each pair's own rows, columns and bias
 * gives a start that pairwise swaps then improve on the full objective. When the learned and true
 * hidden counts differ, the smaller set is matched into the larger and the errors are taken over
 * the matched neurons.
 */
public final class ParameterRecovery {
    static final int EXHAUSTIVE_LIMIT = 40320;

    /**
     * @param weightError        mean |W - W_true| over every matched entry (SPEC §7)
     * @param hiddenMap          learned index of each matched true hidden neuron (true hidden i = neuron V+i)
     * @param visibleWeightError mean |W - W_true| over the visible-to-visible block alone: the error that
     *                           compares like with like between a fully observed GLM and any POGLM
     * @param hiddenWeightError  mean |W - W_true| over the entries to or from a matched hidden neuron
     *                           (NaN when none is matched)
     */
    public record Result(double weightError, double biasError, int[] hiddenMap, boolean exhaustive,
                         double visibleWeightError, double hiddenWeightError) {
        /** Learned neuron index of true neuron n (visible neurons map to themselves), or -1 if unmatched. */
        public int learnedIndex(int n, int visible) {
            if (n < visible) {
                return n;
            }
            int i = n - visible;
            return i < hiddenMap.length ? visible + hiddenMap[i] : -1;
        }

        /**
         * The learned hidden neurons (0-based within the hidden block) in the order that names them after
         * the true ones: the one matched to true hidden neuron 1, then 2, ..., then the unmatched learned
         * ones in their own order; a permutation of {@code 0..learnedHidden-1}.
         */
        public int[] hiddenOrder(int learnedHidden) {
            int[] order = new int[learnedHidden];
            boolean[] used = new boolean[learnedHidden];
            int k = 0;
            for (int j : hiddenMap) {
                // -1: a true hidden neuron without a learned partner (fewer learned than true ones).
                if (j >= 0 && j < learnedHidden && !used[j]) {
                    order[k++] = j;
                    used[j] = true;
                }
            }
            for (int j = 0; j < learnedHidden; j++) {
                if (!used[j]) {
                    order[k++] = j;
                }
            }
            return order;
        }
    }

    private ParameterRecovery() {
    }

    /**
     * @param trueW    true weights {@code [n][m]} from m to n, N_true x N_true
     * @param trueB    true biases
     * @param learnedW learned weights, N_learned x N_learned
     * @param learnedB learned biases
     * @param visible  V, the first V neurons of both, in the same order
     */
    public static Result match(double[][] trueW, double[] trueB, double[][] learnedW, double[] learnedB, int visible) {
        int nt = trueW.length;
        int nl = learnedW.length;
        ConfigurationException.require(visible >= 1 && visible <= nt && visible <= nl, "visible neurons", visible,
            "at most min(true N, learned N)");
        ConfigurationException.require(trueB.length == nt, "true biases", trueB.length, "" + nt);
        ConfigurationException.require(learnedB.length == nl, "learned biases", learnedB.length, "" + nl);
        int ht = nt - visible;
        int hl = nl - visible;
        boolean swap = ht > hl;
        // Match the smaller hidden set (rows) into the larger (columns).
        double[][] aW = swap ? learnedW : trueW;
        double[][] bW = swap ? trueW : learnedW;
        int ha = Math.min(ht, hl);
        int hb = Math.max(ht, hl);
        int[] best;
        boolean exhaustive = arrangements(hb, ha) <= EXHAUSTIVE_LIMIT;
        if (exhaustive) {
            best = exhaustiveSearch(aW, bW, visible, ha, hb);
        } else {
            best = assignmentSearch(aW, bW, visible, ha, hb);
        }
        int[] trueToLearned;
        if (!swap) {
            trueToLearned = best;
        } else {
            // best maps learned -> true; invert over the matched true neurons.
            trueToLearned = new int[0];
            int[] inv = new int[ht];
            java.util.Arrays.fill(inv, -1);
            for (int j = 0; j < best.length; j++) {
                inv[best[j]] = j;
            }
            trueToLearned = inv;
        }
        double werr = error(aW, bW, visible, best) / square(visible + ha);
        double berr = 0;
        int k = 0;
        for (int n = 0; n < visible; n++) {
            berr += Math.abs(learnedB[n] - trueB[n]);
            k++;
        }
        for (int i = 0; i < trueToLearned.length; i++) {
            if (trueToLearned[i] >= 0) {
                berr += Math.abs(learnedB[visible + trueToLearned[i]] - trueB[visible + i]);
                k++;
            }
        }
        double visibleErr = 0;
        double hiddenErr = 0;
        int hiddenEntries = 0;
        int nTrue = visible + trueToLearned.length;
        for (int r = 0; r < nTrue; r++) {
            int lr = r < visible ? r : trueToLearned[r - visible] < 0 ? -1 : visible + trueToLearned[r - visible];
            for (int c = 0; c < nTrue && lr >= 0; c++) {
                int lc = c < visible ? c : trueToLearned[c - visible] < 0 ? -1 : visible + trueToLearned[c - visible];
                if (lc < 0) {
                    continue;
                }
                double e = Math.abs(learnedW[lr][lc] - trueW[r][c]);
                if (r < visible && c < visible) {
                    visibleErr += e;
                } else {
                    hiddenErr += e;
                    hiddenEntries++;
                }
            }
        }
        return new Result(werr, berr / k, trueToLearned, exhaustive, visibleErr / square(visible),
            hiddenEntries == 0 ? Double.NaN : hiddenErr / hiddenEntries);
    }

    private static double square(int n) {
        return (double) n * n;
    }

    private static long arrangements(int n, int k) {
        long r = 1;
        for (int i = 0; i < k; i++) {
            r *= (n - i);
            if (r > Integer.MAX_VALUE) {
                return r;
            }
        }
        return r;
    }

    /** Sum over matched (a, b) entries of |bW[map a][map b] - aW[a][b]|. */
    static double error(double[][] aW, double[][] bW, int V, int[] map) {
        int na = V + map.length;
        double s = 0;
        for (int r = 0; r < na; r++) {
            int br = r < V ? r : V + map[r - V];
            for (int c = 0; c < na; c++) {
                int bc = c < V ? c : V + map[c - V];
                s += Math.abs(bW[br][bc] - aW[r][c]);
            }
        }
        return s;
    }

    private static int[] exhaustiveSearch(double[][] aW, double[][] bW, int V, int ha, int hb) {
        int[] current = new int[ha];
        boolean[] used = new boolean[hb];
        int[][] best = {new int[ha]};
        double[] bestErr = {Double.POSITIVE_INFINITY};
        search(aW, bW, V, current, used, 0, best, bestErr);
        return best[0];
    }

    private static void search(double[][] aW, double[][] bW, int V, int[] current, boolean[] used, int depth,
                               int[][] best, double[] bestErr) {
        if (depth == current.length) {
            double e = error(aW, bW, V, current);
            if (e < bestErr[0]) {
                bestErr[0] = e;
                best[0] = current.clone();
            }
            return;
        }
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                current[depth] = j;
                search(aW, bW, V, current, used, depth + 1, best, bestErr);
                used[j] = false;
            }
        }
    }

    private static int[] assignmentSearch(double[][] aW, double[][] bW, int V, int ha, int hb) {
        double[][] cost = new double[ha][hb];
        for (int i = 0; i < ha; i++) {
            for (int j = 0; j < hb; j++) {
                double c = Math.abs(bW[V + j][V + j] - aW[V + i][V + i]);
                for (int v = 0; v < V; v++) {
                    c += Math.abs(bW[V + j][v] - aW[V + i][v]) + Math.abs(bW[v][V + j] - aW[v][V + i]);
                }
                cost[i][j] = c;
            }
        }
        int[] map = Hungarian.solve(cost);
        double err = error(aW, bW, V, map);
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int i = 0; i < ha; i++) {
                for (int j = 0; j < hb; j++) {
                    int other = -1;
                    for (int k = 0; k < ha; k++) {
                        if (map[k] == j) {
                            other = k;
                        }
                    }
                    if (other == i) {
                        continue;
                    }
                    int old = map[i];
                    map[i] = j;
                    if (other >= 0) {
                        map[other] = old;
                    }
                    double e = error(aW, bW, V, map);
                    if (e < err - 1e-12) {
                        err = e;
                        improved = true;
                    } else {
                        map[i] = old;
                        if (other >= 0) {
                            map[other] = j;
                        }
                    }
                }
            }
        }
        return map;
    }
}
