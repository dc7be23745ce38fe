package org.poglm.result;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece x unit table of numbers, one row per test piece and one column per visible unit:
 * {@code configs/<id>/unit_ll.csv} (each unit's test log-likelihood under that configuration: the
 * GLM's term for H = 0, the leave-one-unit-out {@code log p(x_v | X_-v)} for H > 0, SPEC §7, §9) and
 * {@code unit_baseline.csv} (each unit's homogeneous-Poisson log-likelihood). Columns
 * {@code piece_id} and then the units.
 */
public record UnitTable(List<String> units, long[] pieceIds, double[][] values) {
    static final String PIECE_ID = "piece_id";

    public UnitTable {
        units = List.copyOf(units);
        if (values.length != pieceIds.length) {
            throw new IllegalArgumentException(values.length + " rows for " + pieceIds.length + " pieces");
        }
    }

    /** The rows of several tables over the same units, one after the other (the folds' test pieces). */
    public static UnitTable concat(List<UnitTable> tables) {
        if (tables.size() == 1) {
            return tables.get(0);
        }
        List<Long> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (UnitTable t : tables) {
            for (int i = 0; i < t.pieceIds.length; i++) {
                ids.add(t.pieceIds[i]);
                rows.add(t.values[i]);
            }
        }
        return new UnitTable(tables.get(0).units, ids.stream().mapToLong(Long::longValue).toArray(),
            rows.toArray(double[][]::new));
    }

    public String csv() {
        List<String> header = new ArrayList<>(List.of(PIECE_ID));
        header.addAll(units);
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        for (int i = 0; i < pieceIds.length; i++) {
            List<String> cells = new ArrayList<>(List.of(Long.toString(pieceIds[i])));
            for (double v : values[i]) {
                cells.add(ResultCsv.exact(v));
            }
            w.row(cells);
        }
        return w.toString();
    }

    public static UnitTable read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty() || rows.get(0).cells().isEmpty() || !rows.get(0).cells().get(0).equals(PIECE_ID)) {
            throw new ResultFormatException(file + ": header " + (rows.isEmpty() ? "missing" : rows.get(0).cells())
                + ", expected piece_id and one column per unit");
        }
        List<String> units = rows.get(0).cells().subList(1, rows.get(0).cells().size());
        long[] ids = new long[rows.size() - 1];
        double[][] values = new double[ids.length][units.size()];
        for (int r = 1; r < rows.size(); r++) {
            List<String> c = rows.get(r).cells();
            try {
                if (c.size() != units.size() + 1) {
                    throw new NumberFormatException();
                }
                ids[r - 1] = Long.parseLong(c.get(0).strip());
                for (int v = 0; v < units.size(); v++) {
                    Double x = ResultCsv.parseNumber(c.get(v + 1));
                    if (x == null) {
                        throw new NumberFormatException();
                    }
                    values[r - 1][v] = x;
                }
            } catch (NumberFormatException e) {
                throw new ResultFormatException(file + " line " + rows.get(r).line() + ": " + c + ", expected a piece id "
                    + "and " + units.size() + " numbers");
            }
        }
        return new UnitTable(units, ids, values);
    }
}
