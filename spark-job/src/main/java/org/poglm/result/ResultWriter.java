package org.poglm.result;

import java.util.List;

/**
 * Writes a result's files into the staging area of an {@link OutputDirectory}, each in the format
 * its record defines ({@link ResultLayout}); {@link ResultReader} reads them back by the same
 * definitions.
 */
public final class ResultWriter {
    private final OutputDirectory out;

    public ResultWriter(OutputDirectory out) {
        this.out = out;
    }

    public void summary(List<SummaryRow> rows) {
        out.write(ResultLayout.SUMMARY, SummaryRow.csv(rows));
    }

    public void config(String configId, ConfigParams params, LearningCurve curve) {
        out.write(ResultLayout.config(configId, ResultLayout.PARAMS), params.json());
        out.write(ResultLayout.config(configId, ResultLayout.CURVE), curve.csv());
    }

    /** A configuration's evaluation files: weights as a long table, per-unit scores, inferred activity. */
    public void configEvaluation(String configId, String weights, UnitTable unitScores, ActivityTable activity) {
        out.write(ResultLayout.config(configId, ResultLayout.WEIGHTS), weights);
        out.write(ResultLayout.config(configId, ResultLayout.UNIT_LL), unitScores.csv());
        out.write(ResultLayout.config(configId, ResultLayout.ACTIVITY), activity.csv());
    }

    public void unitBaseline(UnitTable baseline) {
        out.write(ResultLayout.UNIT_BASELINE, baseline.csv());
    }

    public void window(WindowCounts window) {
        out.write(ResultLayout.WINDOW, window.csv());
    }

    public void pieces(List<PieceScore> rows) {
        out.write(ResultLayout.PIECES, PieceScore.csv(rows));
    }

    public void units(List<UnitRow> rows) {
        out.write(ResultLayout.UNITS, UnitRow.csv(rows));
    }

    public void truth(TrueNetwork truth) {
        out.write(ResultLayout.TRUTH, truth.json());
    }

    public void provenance(Provenance provenance) {
        out.write(ResultLayout.PROVENANCE, provenance.json());
    }
}
