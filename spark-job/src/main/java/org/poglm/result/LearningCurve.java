package org.poglm.result;

import java.util.List;

/**
 * {@code configs/<id>/curve.csv}: per epoch (from 1) the mean training ELBO per piece and, with early
 * stopping, the validation ELBO per piece of the parameters after that epoch (columns
 * {@code epoch}, {@code train_elbo}, {@code validation_elbo}; empty where an epoch has no value).
 */
public record LearningCurve(double[] epochs, double[] trainElbo, double[] validationElbo) {
    static final String EPOCH = "epoch";
    static final String TRAIN_ELBO = "train_elbo";
    static final String VALIDATION_ELBO = "validation_elbo";

    /** Epochs 1..n with their values (validation NaN where not scored). */
    public static LearningCurve of(double[] trainElbo, double[] validationElbo) {
        double[] e = new double[trainElbo.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = i + 1;
        }
        return new LearningCurve(e, trainElbo.clone(), validationElbo.clone());
    }

    /** True when some epoch has a validation ELBO. */
    public boolean validated() {
        for (double v : validationElbo) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    public String csv() {
        ResultCsv.Writer w = new ResultCsv.Writer().row(EPOCH, TRAIN_ELBO, VALIDATION_ELBO);
        for (int i = 0; i < epochs.length; i++) {
            w.row(Long.toString((long) epochs[i]), ResultCsv.exact(trainElbo[i]), ResultCsv.exact(validationElbo[i]));
        }
        return w.toString();
    }

    public static LearningCurve read(String text, String file) {
        List<ResultCsv.Row> rows = ResultCsv.rows(text);
        if (rows.isEmpty() || !rows.get(0).cells().contains(TRAIN_ELBO)) {
            throw new ResultFormatException(file + ": no header with train_elbo, expected epoch,train_elbo");
        }
        int ei = rows.get(0).cells().indexOf(EPOCH);
        int vi = rows.get(0).cells().indexOf(TRAIN_ELBO);
        int wi = rows.get(0).cells().indexOf(VALIDATION_ELBO);
        double[] epochs = new double[rows.size() - 1];
        double[] elbo = new double[rows.size() - 1];
        double[] validation = new double[rows.size() - 1];
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r).cells();
            try {
                epochs[r - 1] = ei >= 0 ? Double.parseDouble(row.get(ei)) : r;
                elbo[r - 1] = value(row.get(vi));
                validation[r - 1] = wi >= 0 ? value(row.get(wi)) : Double.NaN;
            } catch (RuntimeException e) {
                throw new ResultFormatException(file + " line " + rows.get(r).line() + ": " + row
                    + ", expected epoch,train_elbo numbers");
            }
        }
        return new LearningCurve(epochs, elbo, validation);
    }

    private static double value(String cell) {
        String v = cell.trim();
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }
}
