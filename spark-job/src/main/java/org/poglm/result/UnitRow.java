package org.poglm.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code units.csv}: a visible unit, the input's labels for it (region, electrode
 * group, channel, ...; the same label columns for every unit, empty where unknown), and its mean
 * spike count per bin on the training and on the test pieces (a unit whose rate changes between
 * the two tells of non-stationarity that no model of the training pieces can follow).
 *
 * @param fold       with blocked cross-validation ({@code --folds}) the 1-based fold whose pieces the
 *                   rates are of (one row per unit and fold; column {@code fold}), else 0 (no column)
 * @param labels     label name to value, in column order
 * @param trainRate  spikes per bin over the training pieces (those of the gradient)
 * @param testRate   spikes per bin over the test pieces
 */
public record UnitRow(String unit, int fold, Map<String, String> labels, double trainRate, double testRate) {
    static final String UNIT = "unit";
    static final String FOLD = "fold";
    static final List<String> RATES = List.of("train_rate_per_bin", "test_rate_per_bin");

    public UnitRow {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** The file: the label columns of the first row, for every row. */
    public static String csv(List<UnitRow> rows) {
        List<String> header = new ArrayList<>(List.of(UNIT));
        boolean folds = rows.stream().anyMatch(r -> r.fold > 0);
        if (folds) {
            header.add(FOLD);
        }
        List<String> labelNames = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).labels.keySet());
        header.addAll(labelNames);
        header.addAll(RATES);
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        for (UnitRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.unit));
            if (folds) {
                cells.add(Integer.toString(r.fold));
            }
            for (String l : labelNames) {
                cells.add(r.labels.getOrDefault(l, ""));
            }
            cells.add(ResultCsv.exact(r.trainRate));
            cells.add(ResultCsv.exact(r.testRate));
            w.row(cells);
        }
        return w.toString();
    }

    public static List<UnitRow> read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty() || !rows.get(0).cells().contains(UNIT) || !rows.get(0).cells().containsAll(RATES)) {
            throw new ResultFormatException(file + ": header " + (rows.isEmpty() ? "missing" : rows.get(0).cells())
                + ", expected unit, the label columns, " + String.join(", ", RATES));
        }
        List<String> header = rows.get(0).cells();
        int fi = header.indexOf(FOLD);
        List<String> labelNames = header.subList(fi >= 0 ? 2 : 1, header.indexOf(RATES.get(0)));
        List<UnitRow> out = new ArrayList<>();
        for (ResultCsv.Row row : rows.subList(1, rows.size())) {
            List<String> c = row.cells();
            if (c.size() != header.size()) {
                throw new ResultFormatException(file + " line " + row.line() + ": " + c.size() + " fields, expected "
                    + header.size());
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < labelNames.size(); i++) {
                labels.put(labelNames.get(i), c.get((fi >= 0 ? 2 : 1) + i));
            }
            int fold;
            try {
                fold = fi >= 0 ? Integer.parseInt(c.get(fi).strip()) : 0;
            } catch (NumberFormatException e) {
                throw new ResultFormatException(file + " line " + row.line() + ": fold '" + c.get(fi)
                    + "', expected a whole number");
            }
            Double train = ResultCsv.parseNumber(c.get(header.indexOf(RATES.get(0))));
            Double test = ResultCsv.parseNumber(c.get(header.indexOf(RATES.get(1))));
            if (train == null || test == null) {
                throw new ResultFormatException(file + " line " + row.line() + ": rates " + c
                    + ", expected numbers");
            }
            out.add(new UnitRow(c.get(0), fold, labels, train, test));
        }
        return out;
    }
}
