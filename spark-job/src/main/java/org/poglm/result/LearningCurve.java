package org.poglm.result;

import java.util.List;

/**
 * {@code configs/<id>/curve.csv}: the mean training ELBO per piece of every epoch (columns
 * {@code epoch} from 1, {@code train_elbo}; empty where an epoch has no value).
 */
public record LearningCurve(double[] epochs, double[] trainElbo) {
    static final String EPOCH = "epoch";
    static final String TRAIN_ELBO = "train_elbo";

    /** Epochs 1..n with their values. */
    public static LearningCurve of(double[] trainElbo) {
        double[] e = new double[trainElbo.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = i + 1;
        }
        return new LearningCurve(e, trainElbo.clone());
    }

    public String csv() {
        ResultCsv.Writer w = new ResultCsv.Writer().row(EPOCH, TRAIN_ELBO);
        for (int i = 0; i < epochs.length; i++) {
            w.row(Long.toString((long) epochs[i]), ResultCsv.exact(trainElbo[i]));
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
        double[] epochs = new double[rows.size() - 1];
        double[] elbo = new double[rows.size() - 1];
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r).cells();
            try {
                epochs[r - 1] = ei >= 0 ? Double.parseDouble(row.get(ei)) : r;
                String v = row.get(vi).trim();
                elbo[r - 1] = v.isEmpty() ? Double.NaN : Double.parseDouble(v);
            } catch (RuntimeException e) {
                throw new ResultFormatException(file + " line " + rows.get(r).line() + ": " + row
                    + ", expected epoch,train_elbo numbers");
            }
        }
        return new LearningCurve(epochs, elbo);
    }
}
