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
 * a setting does not apply), its scores, and how its training ended. The columns are
 * {@code config_id}, the settings, {@link #SCORES}, then {@link #TRAINING}; a reader finds the
 * settings as the columns between {@code config_id} and the first score.
 *
 * @param settings       setting name to its value as text, in column order
 * @param trainLl        the exact log-likelihood per training piece at the kept parameters, for a configuration
 *                       without hidden neurons (NaN for the others, whose likelihood needs sampling)
 * @param trainBaselineLl the homogeneous-Poisson log-likelihood per training piece (of this configuration's
 *                       training pieces): for the GLM, whose train_elbo is its exact log-likelihood, the level
 *                       it must at least reach on the data it fitted
 * @param weightError    mean |W - W_true| over every matched entry (NaN without a truth)
 * @param visibleWeightError  the same over the visible-to-visible block: comparable between the GLM and POGLMs
 * @param hiddenWeightError   the same over the entries to or from matched hidden neurons
 * @param stop           why training stopped: {@code converged}, {@code max-epochs} or {@code fixed-epochs}
 *                       ({@code TrainingState.Stop}); empty in results written before it was recorded
 * @param epochs         epochs trained (0 when unknown)
 * @param bestEpoch      the 1-based epoch whose parameters were kept (0 when unknown)
 * @param validationElbo the validation ELBO per piece of the kept parameters (NaN without validation)
 * @param failure        for a configuration that diverged: the step, the piece and the value; else empty
 */
public record SummaryRow(String configId, Map<String, String> settings, double testLl, double testLlSd,
                         double testLlPerBin, double bitsPerSpike, double trainElbo, double trainLl,
                         double trainBaselineLl,
                         double weightError,
                         double biasError, double visibleWeightError, double hiddenWeightError, double trainSeconds,
                         double evalSeconds, String stop, int epochs, int bestEpoch, double validationElbo,
                         String failure) {
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
        new Score("train_ll", SummaryRow::trainLl),
        new Score("train_baseline_ll", SummaryRow::trainBaselineLl),
        new Score("weight_error", SummaryRow::weightError),
        new Score("bias_error", SummaryRow::biasError),
        new Score("visible_weight_error", SummaryRow::visibleWeightError),
        new Score("hidden_weight_error", SummaryRow::hiddenWeightError),
        new Score("train_seconds", SummaryRow::trainSeconds),
        new Score("eval_seconds", SummaryRow::evalSeconds));
    /** The columns of how training ended, after the scores. */
    public static final List<String> TRAINING = List.of("stop", "epochs", "best_epoch", "validation_elbo", "failure");
    /** Settings every row has (the report groups and labels by them). */
    public static final List<String> REQUIRED_SETTINGS = List.of("distribution", "scheme", "hidden", SEED);

    public SummaryRow {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        stop = stop == null ? "" : stop;
        failure = failure == null ? "" : failure;
    }

    /** True when the configuration's training diverged (see {@link #failure}). */
    public boolean diverged() {
        return "diverged".equals(stop);
    }

    /** True when the configuration stopped because its validation ELBO settled. */
    public boolean converged() {
        return "converged".equals(stop);
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
        header.addAll(TRAINING);
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
            cells.add(r.stop);
            cells.add(Integer.toString(r.epochs));
            cells.add(Integer.toString(r.bestEpoch));
            cells.add(ResultCsv.exact(r.validationElbo));
            cells.add(r.failure);
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
            v[i] = number(file, row, byName, SCORES.get(i).column());
        }
        return new SummaryRow(id, settings, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
            v[12],
            byName.getOrDefault("stop", ""), whole(file, row, byName, "epochs"), whole(file, row, byName, "best_epoch"),
            number(file, row, byName, "validation_elbo"), byName.getOrDefault("failure", ""));
    }

    /** An optional whole-number column: 0 when absent or empty. */
    private static int whole(String file, ResultCsv.Row row, Map<String, String> byName, String column) {
        double v = number(file, row, byName, column);
        if (Double.isNaN(v)) {
            return 0;
        }
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            throw new ResultFormatException(file + " line " + row.line() + ": " + column + " '" + byName.get(column)
                + "', expected a whole number >= 0");
        }
        return (int) v;
    }

    /** An optional number column: NaN when absent or empty. */
    private static double number(String file, ResultCsv.Row row, Map<String, String> byName, String column) {
        String cell = byName.getOrDefault(column, "");
        Double x = ResultCsv.parseNumber(cell);
        if (x == null) {
            throw new ResultFormatException(file + " line " + row.line() + ": " + column + " '" + cell
                + "', expected a number");
        }
        return x;
    }
}
