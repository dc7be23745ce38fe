package org.poglm.result;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a result directory on any Hadoop file system, each file by the definition its writer used
 * ({@link ResultLayout}); a missing or malformed file is a {@link ResultFormatException} naming it.
 * Parameters are read once per configuration.
 */
public final class ResultReader {
    private final FileSystem fs;
    private final Path dir;
    private final Map<String, ConfigParams> params = new HashMap<>();

    /** {@code dir} must exist and be a directory. */
    public ResultReader(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
        try {
            if (!fs.exists(dir)) {
                throw new ResultFormatException(dir + ": no such result directory");
            }
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new ResultFormatException(dir + ": a file, expected a result directory");
            }
        } catch (IOException e) {
            throw new ResultFormatException(dir + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public List<SummaryRow> summary() {
        Path file = path(ResultLayout.SUMMARY);
        return SummaryRow.read(required(file, "the result's summary table"), file.toString());
    }

    public List<PieceScore> pieces() {
        Path file = path(ResultLayout.PIECES);
        return PieceScore.read(required(file, "the test log-likelihood of every piece"), file.toString());
    }

    /** The learned parameters of configuration {@code id}. */
    public synchronized ConfigParams params(String id) {
        ConfigParams p = params.get(id);
        if (p == null) {
            Path file = path(ResultLayout.config(id, ResultLayout.PARAMS));
            p = ConfigParams.read(required(file, "JSON"), file.toString());
            params.put(id, p);
        }
        return p;
    }

    public LearningCurve curve(String id) {
        Path file = path(ResultLayout.config(id, ResultLayout.CURVE));
        return LearningCurve.read(required(file, "the configuration's learning curve"), file.toString());
    }

    /** Configuration {@code id}'s per-unit test log-likelihoods, or null when the result has none. */
    public UnitTable unitScores(String id) {
        Path file = path(ResultLayout.config(id, ResultLayout.UNIT_LL));
        String text = text(file);
        return text == null ? null : UnitTable.read(text, file.toString());
    }

    /** The per-unit homogeneous-Poisson log-likelihoods, or null when the result has none. */
    public UnitTable unitBaseline() {
        Path file = path(ResultLayout.UNIT_BASELINE);
        String text = text(file);
        return text == null ? null : UnitTable.read(text, file.toString());
    }

    /** Configuration {@code id}'s inferred activity on the window, or null when the result has none. */
    public ActivityTable activity(String id) {
        Path file = path(ResultLayout.config(id, ResultLayout.ACTIVITY));
        String text = text(file);
        return text == null ? null : ActivityTable.read(text, file.toString());
    }

    /** The window's observed counts, or null when the result has none. */
    public WindowCounts window() {
        Path file = path(ResultLayout.WINDOW);
        String text = text(file);
        return text == null ? null : WindowCounts.read(text, file.toString());
    }

    /** The units' labels and rates, or null in results written before units.csv existed. */
    public List<UnitRow> units() {
        Path file = path(ResultLayout.UNITS);
        String text = text(file);
        return text == null ? null : UnitRow.read(text, file.toString());
    }

    /** The true network, or null when the result has none. */
    public TrueNetwork truth() {
        Path file = path(ResultLayout.TRUTH);
        String text = text(file);
        return text == null ? null : TrueNetwork.read(text, file.toString());
    }

    public Provenance provenance() {
        Path file = path(ResultLayout.PROVENANCE);
        return Provenance.read(required(file, "JSON"), file.toString());
    }

    private Path path(String relative) {
        return new Path(dir, relative);
    }

    private String required(Path file, String what) {
        String s = text(file);
        if (s == null) {
            throw new ResultFormatException(file + ": missing (" + what + "), expected in every finished result");
        }
        return s;
    }

    /** The file's text, or null if it does not exist. */
    private String text(Path file) {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new ResultFormatException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
