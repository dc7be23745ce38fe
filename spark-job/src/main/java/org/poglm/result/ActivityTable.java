package org.poglm.result;

import java.util.ArrayList;
import java.util.List;

/**
 * What a configuration infers on the window of test pieces it was looked at with
 * ({@code configs/<id>/activity.csv}, SPEC §7, §9): per bin the posterior mean rate of each hidden
 * neuron under q ({@code hidden_1}, ...: spikes per bin) and the predicted rate of each visible unit
 * ({@code rate_<unit>}: spikes per bin, under the importance-weighted posterior). The observed counts of
 * the same bins are in {@code window.csv} ({@link WindowCounts}). Rows: {@code piece_id}, {@code bin}
 * (the bin's index in the recording), {@code time_s} (its start in seconds, empty when the recording
 * has no bin width), then the columns above.
 *
 * @param hidden  {@code [row][h]}
 * @param visible {@code [row][v]}
 */
public record ActivityTable(List<String> units, int hiddenNeurons, long[] pieceIds, long[] bins, double[] times,
                            double[][] hidden, double[][] visible) {
    static final List<String> KEYS = List.of("piece_id", "bin", "time_s");

    public String csv() {
        List<String> header = new ArrayList<>(KEYS);
        for (int h = 0; h < hiddenNeurons; h++) {
            header.add("hidden_" + (h + 1));
        }
        for (String u : units) {
            header.add("rate_" + u);
        }
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        for (int r = 0; r < bins.length; r++) {
            List<String> cells = new ArrayList<>(List.of(Long.toString(pieceIds[r]), Long.toString(bins[r]),
                ResultCsv.exact(times[r])));
            for (double v : hidden[r]) {
                cells.add(ResultCsv.exact(v));
            }
            for (double v : visible[r]) {
                cells.add(ResultCsv.exact(v));
            }
            w.row(cells);
        }
        return w.toString();
    }

    public static ActivityTable read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty() || !rows.get(0).cells().subList(0, Math.min(3, rows.get(0).cells().size())).equals(KEYS)) {
            throw new ResultFormatException(file + ": header " + (rows.isEmpty() ? "missing" : rows.get(0).cells())
                + ", expected piece_id,bin,time_s,hidden_1,...,rate_<unit>,...");
        }
        List<String> header = rows.get(0).cells();
        int hiddenNeurons = (int) header.stream().filter(h -> h.startsWith("hidden_")).count();
        List<String> units = header.stream().filter(h -> h.startsWith("rate_")).map(h -> h.substring(5)).toList();
        int n = rows.size() - 1;
        long[] ids = new long[n];
        long[] bins = new long[n];
        double[] times = new double[n];
        double[][] hidden = new double[n][hiddenNeurons];
        double[][] visible = new double[n][units.size()];
        for (int r = 0; r < n; r++) {
            List<String> c = rows.get(r + 1).cells();
            try {
                ids[r] = Long.parseLong(c.get(0).strip());
                bins[r] = Long.parseLong(c.get(1).strip());
                times[r] = number(c.get(2));
                for (int h = 0; h < hiddenNeurons; h++) {
                    hidden[r][h] = number(c.get(3 + h));
                }
                for (int v = 0; v < units.size(); v++) {
                    visible[r][v] = number(c.get(3 + hiddenNeurons + v));
                }
            } catch (RuntimeException e) {
                throw new ResultFormatException(file + " line " + rows.get(r + 1).line() + ": " + c
                    + ", expected numbers in every column");
            }
        }
        return new ActivityTable(units, hiddenNeurons, ids, bins, times, hidden, visible);
    }

    static double number(String s) {
        Double d = ResultCsv.parseNumber(s);
        if (d == null) {
            throw new NumberFormatException(s);
        }
        return d;
    }
}
