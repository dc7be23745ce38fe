package org.poglm.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.poglm.result.ConfigParams;
import org.poglm.result.TrueNetwork;

/**
 * A weight matrix as the report draws it: rows are the receiving neurons (to), columns the sending
 * neurons (from) and a last column with the biases, as in the paper's figures; visible neurons
 * first, then hidden. With a truth, learned hidden neurons are reordered to the true ones they
 * match ({@link ParameterRecovery}), so that "h1" means the same neuron in both maps.
 *
 * @param values  rows x (neurons + 1), the bias last; NaN for no cell
 * @param visible V, where the visible/hidden separators go
 */
record WeightMap(String title, List<String> rowLabels, List<String> colLabels, double[][] values, int visible) {

    int neurons() {
        return rowLabels.size();
    }

    /** The learned map of a configuration, hidden neurons in the matched order when there is one. */
    static WeightMap learned(String title, ConfigParams p) {
        return learned(title, p, UnitDisplay.NONE);
    }

    /** The learned map with the units ordered and named as {@code display} says (by region when labelled). */
    static WeightMap learned(String title, ConfigParams p, UnitDisplay display) {
        int[] order = order(p);
        List<String> units = names(p.units(), p.visible());
        int[] visible = display.positions(units);
        for (int i = 0; i < visible.length; i++) {
            order[i] = visible[i];
        }
        return build(title, shown(units, visible, display), p.visible(), order, p.weights(), p.biases());
    }

    /** The visible units' names in display order. */
    private static List<String> shown(List<String> units, int[] positions, UnitDisplay display) {
        List<String> out = new ArrayList<>();
        for (int i : positions) {
            out.add(display.name(units.get(i)));
        }
        return out;
    }

    /** The true map. */
    static WeightMap truth(String title, TrueNetwork t) {
        return truth(title, t, UnitDisplay.NONE);
    }

    static WeightMap truth(String title, TrueNetwork t, UnitDisplay display) {
        int[] order = new int[t.neurons()];
        Arrays.setAll(order, i -> i);
        List<String> units = names(t.units(), t.visible());
        int[] visible = display.positions(units);
        for (int i = 0; i < visible.length; i++) {
            order[i] = visible[i];
        }
        return build(title, shown(units, visible, display), t.visible(), order, t.weights(), t.biases());
    }

    /**
     * Learned neuron shown at each position: visible neurons as they are, then the hidden ones in the
     * order the job saved when it matched them to a true network, else in their own order.
     */
    static int[] order(ConfigParams p) {
        int n = p.neurons();
        int v = p.visible();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        int[] hidden = p.hiddenOrder();
        if (hidden != null && hidden.length == p.hidden()) {
            for (int k = 0; k < hidden.length; k++) {
                order[v + k] = v + hidden[k];
            }
        }
        return order;
    }

    private static List<String> names(List<String> units, int visible) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < visible; i++) {
            out.add(i < units.size() ? units.get(i) : "n" + i);
        }
        return out;
    }

    private static WeightMap build(String title, List<String> visibleNames, int visible, int[] order, double[][] w,
                                   double[] b) {
        int n = order.length;
        List<String> labels = new ArrayList<>(visibleNames);
        for (int i = visible; i < n; i++) {
            labels.add("h" + (i - visible + 1));
        }
        double[][] values = new double[n][n + 1];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                values[r][c] = w[order[r]][order[c]];
            }
            values[r][n] = b[order[r]];
        }
        List<String> cols = new ArrayList<>(labels);
        cols.add("bias");
        return new WeightMap(title, List.copyOf(labels), List.copyOf(cols), values, visible);
    }

    /** Largest |weight| (bias column excluded), NaN-safe. */
    double maxAbsWeight() {
        double m = 0;
        for (double[] row : values) {
            for (int c = 0; c < row.length - 1; c++) {
                if (Double.isFinite(row[c])) {
                    m = Math.max(m, Math.abs(row[c]));
                }
            }
        }
        return m;
    }

    double maxAbsBias() {
        double m = 0;
        for (double[] row : values) {
            double v = row[row.length - 1];
            if (Double.isFinite(v)) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /**
     * The colour scale shared by a set of maps: the 97th percentile of |W| over all their weights
     * (bias excluded), rounded up to 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. A
     * percentile rather than the maximum, so that a few strong self-history weights (a refractory
     * diagonal) do not wash out everything else; stronger weights saturate.
     */
    static double sharedScale(List<WeightMap> maps) {
        List<Double> abs = new ArrayList<>();
        for (WeightMap m : maps) {
            for (double[] row : m.values) {
                for (int c = 0; c < row.length - 1; c++) {
                    if (Double.isFinite(row[c])) {
                        abs.add(Math.abs(row[c]));
                    }
                }
            }
        }
        if (abs.isEmpty()) {
            return 1;
        }
        abs.sort(null);
        double q = abs.get((int) Math.min(abs.size() - 1, Math.floor(0.97 * abs.size())));
        return niceCeil(q);
    }

    static double niceCeil(double x) {
        if (!(x > 0) || !Double.isFinite(x)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= x * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /**
     * The divisor that brings the biases into the weights' colour scale (biases of real data, around
     * -3 to -6 at low rates, would otherwise saturate the bias column): 1 if they fit, else the
     * smallest of 2, 3, 4, 5, 10, 20, ... that makes them fit.
     */
    static int biasDivisor(List<WeightMap> maps, double scale) {
        double mb = 0;
        for (WeightMap m : maps) {
            mb = Math.max(mb, m.maxAbsBias());
        }
        if (mb <= scale) {
            return 1;
        }
        for (int d : new int[] {2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000}) {
            if (mb / d <= scale) {
                return d;
            }
        }
        return 1000;
    }
}
