package org.poglm.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.poglm.result.ActivityTable;
import org.poglm.result.ConfigParams;
import org.poglm.result.PieceScore;
import org.poglm.result.UnitRow;
import org.poglm.result.UnitTable;
import org.poglm.result.WindowCounts;
import org.poglm.result.LearningCurve;
import org.poglm.result.ResultFormatException;
import org.poglm.result.Provenance;
import org.poglm.result.ResultReader;
import org.poglm.result.SummaryRow;
import org.poglm.result.TrueNetwork;

/**
 * A result directory as the report sees it, read through {@link ResultReader} (the formats the job
 * writes): the configurations of {@code summary.csv} with their settings and scores, provenance,
 * the truth when there is one, and each configuration's parameters and learning curve on demand.
 * A missing or malformed file is a {@link ReportException} naming it.
 */
final class ResultData {
    /** Settings that make replicates of one method combination, not another combination. */
    static final List<String> REPLICATES = List.of(SummaryRow.SEED, "fold");

    private final ResultReader reader;
    private final List<String> fields;
    private final List<ConfigResult> configs;
    private final Provenance provenance;
    private final TrueNetwork truth;

    private ResultData(ResultReader reader, List<String> fields, List<ConfigResult> configs, Provenance provenance,
                       TrueNetwork truth) {
        this.reader = reader;
        this.fields = fields;
        this.configs = configs;
        this.provenance = provenance;
        this.truth = truth;
    }

    static ResultData read(FileSystem fs, Path dir) {
        return reported(() -> {
            ResultReader reader = new ResultReader(fs, dir);
            List<SummaryRow> rows = reader.summary();
            // The settings that group replicates into a method combination: all but the seed and the fold.
            List<String> fields = new ArrayList<>(rows.get(0).settings().keySet());
            fields.removeAll(REPLICATES);
            List<ConfigResult> configs = new ArrayList<>();
            for (SummaryRow r : rows) {
                Map<String, String> settings = new LinkedHashMap<>(r.settings());
                settings.keySet().removeAll(REPLICATES);
                configs.add(new ConfigResult(r.configId(), settings, r.seed(), r));
            }
            return new ResultData(reader, List.copyOf(fields), List.copyOf(configs), reader.provenance(),
                reader.truth());
        });
    }

    /** Runs a read, a malformed result becoming the report's error. */
    private static <T> T reported(Supplier<T> read) {
        try {
            return read.get();
        } catch (ResultFormatException e) {
            throw new ReportException(e.getMessage(), e);
        }
    }

    /** Fully qualified directory. */
    Path dir() {
        return reader.dir();
    }

    /** The setting columns of summary.csv but the seed: what tells method combinations apart. */
    List<String> fields() {
        return fields;
    }

    List<ConfigResult> configs() {
        return configs;
    }

    Provenance provenance() {
        return provenance;
    }

    /** The truth, or null when the result has none. */
    TrueNetwork truth() {
        return truth;
    }

    /** The learned parameters of configuration {@code id} (read once). */
    ConfigParams params(String id) {
        return reported(() -> reader.params(id));
    }

    /** The test scores of every configuration and piece. */
    List<PieceScore> pieces() {
        return reported(reader::pieces);
    }

    /** Configuration {@code id}'s per-unit test scores, or null when the result has none. */
    UnitTable unitScores(String id) {
        return reported(() -> reader.unitScores(id));
    }

    /** The per-unit homogeneous-Poisson scores, or null. */
    UnitTable unitBaseline() {
        return reported(reader::unitBaseline);
    }

    /** Each unit's labels and rates (per fold with folds), or null in older results. */
    List<UnitRow> units() {
        return reported(reader::units);
    }

    /** Configuration {@code id}'s inferred activity on the window, or null. */
    ActivityTable activity(String id) {
        return reported(() -> reader.activity(id));
    }

    /** The window's observed counts, or null. */
    WindowCounts window() {
        return reported(reader::window);
    }

    /** The learning curve of configuration {@code id}. */
    LearningCurve curve(String id) {
        return reported(() -> reader.curve(id));
    }

}
