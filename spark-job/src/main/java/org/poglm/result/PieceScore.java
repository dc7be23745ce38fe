package org.poglm.result;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code pieces.csv}: a configuration's test marginal log-likelihood on one test piece,
 * next to the homogeneous-Poisson baseline's on the same piece and the piece's spike count.
 */
public record PieceScore(long pieceId, String configId, double testLl, double baselineLl, long spikes) {
    static final List<String> HEADER = List.of("piece_id", "config_id", "test_marginal_ll", "baseline_ll", "spikes");

    public static String csv(List<PieceScore> rows) {
        ResultCsv.Writer w = new ResultCsv.Writer().row(HEADER);
        for (PieceScore r : rows) {
            w.row(Long.toString(r.pieceId), r.configId, ResultCsv.exact(r.testLl), ResultCsv.exact(r.baselineLl),
                Long.toString(r.spikes));
        }
        return w.toString();
    }

    public static List<PieceScore> read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty() || !rows.get(0).cells().equals(HEADER)) {
            throw new ResultFormatException(file + ": header " + (rows.isEmpty() ? "missing" : rows.get(0).cells())
                + ", expected " + String.join(",", HEADER));
        }
        List<PieceScore> out = new ArrayList<>();
        for (ResultCsv.Row row : rows.subList(1, rows.size())) {
            List<String> c = row.cells();
            try {
                out.add(new PieceScore(Long.parseLong(c.get(0)), c.get(1), number(c.get(2)), number(c.get(3)),
                    Long.parseLong(c.get(4))));
            } catch (RuntimeException e) {
                throw new ResultFormatException(file + " line " + row.line() + ": " + c + ", expected "
                    + String.join(",", HEADER) + " (whole numbers, a name, numbers, a whole number)");
            }
        }
        return out;
    }

    private static double number(String s) {
        Double d = ResultCsv.parseNumber(s);
        if (d == null) {
            throw new NumberFormatException(s);
        }
        return d;
    }
}
