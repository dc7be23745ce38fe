package org.poglm.result;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One row of {@code summary.csv}: a configuration's id, its settings (every field the
 * configuration describes itself with, the seed among them, in the order it gives them; empty where
 * a setting does not apply) and its scores. The columns are {@code config_id}, the settings, then
 * {@link #SCORES}; a reader finds the settings as the columns between the two.
 *
 * @param settings setting name to its value as text, in column order
 */
public record SummaryRow(String configId, Map<String, String> settings, double testLl, double testLlSd,
                         double testLlPerBin, double bitsPerSpike, double trainElbo, double weightError,
                         double biasError, double trainSeconds, double evalSeconds) {
    public static final String CONFIG_ID = "config_id";
    public static final String SEED = "seed";

    /** A score column: its name and its value in a row. */
    public record Score(String column, ToDoubleFunction<SummaryRow> value) {
    }

    /** The score columns, in file order; NaN (an empty cell) where a score does not apply. */
    public static final List<Score> SCORES = List.of(
        new Score("test_marginal_ll", SummaryRow::testLl),
        new Score("test_marginal_ll_sd", SummaryRow::testLlSd),
        new Score("test_marginal_ll_per_bin", SummaryRow::testLlPerBin),
        new Score("bits_per_spike", SummaryRow::bitsPerSpike),
        new Score("train_elbo", SummaryRow::trainElbo),
        new Score("weight_error", SummaryRow::weightError),
        new Score("bias_error", SummaryRow::biasError),
        new Score("train_seconds", SummaryRow::trainSeconds),
        new Score("eval_seconds", SummaryRow::evalSeconds));
    /** Settings every row has (the report groups and labels by them). */
    public static final List<String> REQUIRED_SETTINGS = List.of("distribution", "scheme", "hidden", SEED);

    public SummaryRow {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The seed (a required setting). */
    public long seed() {
        return Long.parseLong(settings.get(SEED));
    }

    /** The file: a header from the first row's settings, then one line per row. */
    public static String csv(List<SummaryRow> rows) {
        List<String> header = new ArrayList<>();
        header.add(CONFIG_ID);
        if (!rows.isEmpty()) {
            header.addAll(rows.get(0).settings.keySet());
        }
        SCORES.forEach(s -> header.add(s.column()));
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        for (SummaryRow r : rows) {
            if (!r.settings.keySet().equals(rows.get(0).settings.keySet())) {
                throw new IllegalArgumentException("configuration " + r.configId + " has settings " + r.settings.keySet()
                    + ", the summary's columns are " + rows.get(0).settings.keySet());
            }
            List<String> cells = new ArrayList<>();
            cells.add(r.configId);
            cells.addAll(r.settings.values());
            SCORES.forEach(s -> cells.add(ResultCsv.exact(s.value().applyAsDouble(r))));
            w.row(cells);
        }
        return w.toString();
    }

    /** Reads the file {@code file} (for messages) from its text. */
    public static List<SummaryRow> read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty()) {
            throw new ResultFormatException(file + ": empty, expected a header and one row per configuration");
        }
        List<String> header = rows.get(0).cells().stream().map(String::trim).toList();
        String firstScore = SCORES.get(0).column();
        List<String> required = new ArrayList<>();
        required.add(CONFIG_ID);
        required.addAll(REQUIRED_SETTINGS);
        required.add(firstScore);
        for (String col : required) {
            if (!header.contains(col)) {
                throw new ResultFormatException(file + ": no column '" + col + "' in the header, expected "
                    + String.join(",", required) + ", ...");
            }
        }
        List<String> settingNames = header.subList(header.indexOf(CONFIG_ID) + 1, header.indexOf(firstScore));
        List<SummaryRow> out = new ArrayList<>();
        for (ResultCsv.Row row : rows.subList(1, rows.size())) {
            out.add(row(file, row, header, settingNames));
        }
        if (out.isEmpty()) {
            throw new ResultFormatException(file + ": no configuration rows, expected at least one");
        }
        return out;
    }

    private static SummaryRow row(String file, ResultCsv.Row row, List<String> header, List<String> settingNames) {
        List<String> cells = row.cells();
        if (cells.size() != header.size()) {
            throw new ResultFormatException(file + " line " + row.line() + ": " + cells.size() + " fields, expected "
                + header.size() + " as in the header");
        }
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byName.put(header.get(i), cells.get(i).trim());
        }
        String id = byName.get(CONFIG_ID);
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw new ResultFormatException(file + " line " + row.line() + ": config_id '" + id
                + "', expected a non-empty name without '/'");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String s : settingNames) {
            settings.put(s, byName.get(s));
        }
        String seed = byName.get(SEED);
        Double seedValue = ResultCsv.parseNumber(seed);
        if (seed.isEmpty() || seedValue == null || seedValue != Math.rint(seedValue)) {
            throw new ResultFormatException(file + " line " + row.line() + ": " + (seed.isEmpty() ? "empty seed"
                : "seed '" + seed + "'") + ", expected a number");
        }
        settings.put(SEED, Long.toString(seedValue.longValue()));
        double[] v = new double[SCORES.size()];
        for (int i = 0; i < v.length; i++) {
            String column = SCORES.get(i).column();
            String cell = byName.getOrDefault(column, "");
            Double x = ResultCsv.parseNumber(cell);
            if (x == null) {
                throw new ResultFormatException(file + " line " + row.line() + ": " + column + " '" + cell
                    + "', expected a number");
            }
            v[i] = x;
        }
        return new SummaryRow(id, settings, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }
}
