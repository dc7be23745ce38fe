package org.poglm.result;

import java.util.List;

/**
 * The names of a result directory's files, in one place for the job that writes them, the report
 * that reads them and the overwrite that replaces them:
 * <pre>
 *   summary.csv                 one row per configuration ({@link SummaryRow})
 *   pieces.csv                  test log-likelihood per configuration and test piece ({@link PieceScore})
 *   configs/&lt;id&gt;/params.json     every parameter block by its SPEC name ({@link ConfigParams})
 *   configs/&lt;id&gt;/curve.csv       training (and validation) ELBO per epoch ({@link LearningCurve})
 *   configs/&lt;id&gt;/weights.csv     every generative weight as a long table ({@link TidyWeights})
 *   configs/&lt;id&gt;/unit_ll.csv     each unit's test log-likelihood per piece ({@link UnitTable})
 *   configs/&lt;id&gt;/activity.csv    inferred hidden and predicted visible rates on the window ({@link ActivityTable})
 *   unit_baseline.csv           each unit's homogeneous-Poisson log-likelihood per test piece ({@link UnitTable})
 *   window.csv                  the observed counts of the window pieces ({@link WindowCounts})
 *   units.csv                   each unit's labels and its rates on the training and test pieces ({@link UnitRow})
 *   truth.json                  the true network when known ({@link TrueNetwork})
 *   provenance.json             how the result was made
 *   report.html, charts/, tables/   the report, rebuilt from the files above
 *   _SUCCESS                    written last: the directory holds a finished result
 * </pre>
 */
public final class ResultLayout {
    public static final String SUMMARY = "summary.csv";
    public static final String PIECES = "pieces.csv";
    public static final String PROVENANCE = "provenance.json";
    public static final String TRUTH = "truth.json";
    public static final String UNITS = "units.csv";
    public static final String CONFIGS = "configs";
    public static final String PARAMS = "params.json";
    public static final String CURVE = "curve.csv";
    public static final String WEIGHTS = "weights.csv";
    public static final String UNIT_LL = "unit_ll.csv";
    public static final String ACTIVITY = "activity.csv";
    public static final String UNIT_BASELINE = "unit_baseline.csv";
    public static final String WINDOW = "window.csv";
    public static final String REPORT = "report.html";
    public static final String CHARTS = "charts";
    public static final String TABLES = "tables";
    /** Written last: the directory holds a finished result. */
    public static final String SUCCESS = "_SUCCESS";
    /** Where a run stages its files until it commits. */
    public static final String TEMPORARY = "_temporary";
    /** The entries a report replaces. */
    public static final List<String> REPORT_ENTRIES = List.of(REPORT, CHARTS, TABLES);
    /**
     * Every top-level entry a result owns besides {@link #SUCCESS} and {@link #TEMPORARY}, and so
     * everything an overwrite removes; any other name belongs to the user and is never touched.
     */
    public static final List<String> ENTRIES = List.of(SUMMARY, PROVENANCE, CONFIGS, PIECES, UNITS, UNIT_BASELINE,
        WINDOW, TRUTH, REPORT, CHARTS, TABLES);

    private ResultLayout() {
    }

    /** The path of a configuration's file, relative to the result directory. */
    public static String config(String configId, String file) {
        return CONFIGS + "/" + configId + "/" + file;
    }
}
