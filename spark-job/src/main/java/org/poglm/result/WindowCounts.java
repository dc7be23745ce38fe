package org.poglm.result;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code window.csv}: the observed spike counts of the window of test pieces the configurations'
 * inferred activity is shown on ({@link ActivityTable}): {@code piece_id}, {@code bin} (in the
 * recording), {@code time_s} (empty without a bin width), then one column per unit.
 *
 * @param counts {@code [row][v]}
 */
public record WindowCounts(List<String> units, long[] pieceIds, long[] bins, double[] times, int[][] counts) {
    public String csv() {
        List<String> header = new ArrayList<>(ActivityTable.KEYS);
        header.addAll(units);
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        for (int r = 0; r < bins.length; r++) {
            List<String> cells = new ArrayList<>(List.of(Long.toString(pieceIds[r]), Long.toString(bins[r]),
                ResultCsv.exact(times[r])));
            for (int c : counts[r]) {
                cells.add(Integer.toString(c));
            }
            w.row(cells);
        }
        return w.toString();
    }

    public static WindowCounts read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty() || !rows.get(0).cells().subList(0, Math.min(3, rows.get(0).cells().size()))
            .equals(ActivityTable.KEYS)) {
            throw new ResultFormatException(file + ": header " + (rows.isEmpty() ? "missing" : rows.get(0).cells())
                + ", expected piece_id,bin,time_s and one column per unit");
        }
        List<String> units = rows.get(0).cells().subList(3, rows.get(0).cells().size());
        int n = rows.size() - 1;
        long[] ids = new long[n];
        long[] bins = new long[n];
        double[] times = new double[n];
        int[][] counts = new int[n][units.size()];
        for (int r = 0; r < n; r++) {
            List<String> c = rows.get(r + 1).cells();
            try {
                ids[r] = Long.parseLong(c.get(0).strip());
                bins[r] = Long.parseLong(c.get(1).strip());
                times[r] = ActivityTable.number(c.get(2));
                for (int v = 0; v < units.size(); v++) {
                    counts[r][v] = Integer.parseInt(c.get(3 + v).strip());
                }
            } catch (RuntimeException e) {
                throw new ResultFormatException(file + " line " + rows.get(r + 1).line() + ": " + c
                    + ", expected whole numbers");
            }
        }
        return new WindowCounts(units, ids, bins, times, counts);
    }
}
