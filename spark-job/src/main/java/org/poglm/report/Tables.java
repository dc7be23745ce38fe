package org.poglm.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poglm.eval.PairedComparison;
import org.poglm.result.ResultCsv;

/**
 * The report's tables as CSV files (tables/), the same rows the page shows: every table of the
 * page names its CSV ({@code data-csv}), and the page refuses a table without one.
 */
final class Tables {
    static final String COMBINATIONS = "combinations.csv";
    static final String CONFIGURATIONS = "configurations.csv";
    static final String UNIT_RATES = "unit_rates.csv";
    static final String DROPPED_UNITS = "dropped_units.csv";
    static final String VERDICT = "verdict.csv";

    private Tables() {
    }

    /** File name -> CSV text, in a stable order: the key-value tables (those with rows), then the data tables. */
    static Map<String, String> all(ResultData data, Aggregation agg, Verdict verdict, RecordingSections sections,
                                   List<KeyValues> keyValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValues t : keyValues) {
            if (!t.rows().isEmpty()) {
                out.put(t.file(), t.csv());
            }
        }
        out.put(VERDICT, verdict(verdict));
        if (!sections.units().isEmpty()) {
            out.put(RecordingSections.UNIT_FIT, sections.unitTable());
        }
        out.put(COMBINATIONS, combinations(agg));
        out.put(CONFIGURATIONS, configurations(data, agg));
        double[] rates = ChartPlan.rates(data);
        if (rates != null) {
            out.put(UNIT_RATES, unitRates(data, rates));
        }
        var rec = data.provenance().recording();
        var dropped = rec == null || rec.droppedUnits() == null ? List.<org.poglm.result.Provenance.DroppedUnit>of()
            : rec.droppedUnits();
        if (!dropped.isEmpty()) {
            ResultCsv.Writer w = new ResultCsv.Writer().row("unit", "reason");
            dropped.forEach(d -> w.row(d.unit(), d.reason()));
            out.put(DROPPED_UNITS, w.toString());
        }
        return out;
    }

    /** Every combination's paired comparisons with its GLM and with the homogeneous baseline (SPEC §9). */
    static String verdict(Verdict verdict) {
        ResultCsv.Writer w = new ResultCsv.Writer().row("combination", "glm", "vs_glm_mean", "vs_glm_se",
            "vs_glm_lower", "vs_glm_upper", "vs_glm_fraction_better", "vs_baseline_mean", "vs_baseline_se",
            "vs_baseline_lower", "vs_baseline_upper", "vs_baseline_fraction_better", "bits_per_spike", "pieces",
            "blocks", "block_length");
        for (Verdict.Comparison c : verdict.comparisons()) {
            PairedComparison g = c.vsGlm();
            PairedComparison b = c.vsBaseline();
            w.row(c.combination().label(), c.glm() == null ? "" : c.glm().label(),
                ResultCsv.number(g == null ? Double.NaN : g.meanDifference()),
                ResultCsv.number(g == null ? Double.NaN : g.standardError()),
                ResultCsv.number(g == null ? Double.NaN : g.lower()), ResultCsv.number(g == null ? Double.NaN : g.upper()),
                ResultCsv.number(g == null ? Double.NaN : g.fractionABetter()), ResultCsv.number(b.meanDifference()),
                ResultCsv.number(b.standardError()), ResultCsv.number(b.lower()), ResultCsv.number(b.upper()),
                ResultCsv.number(b.fractionABetter()), ResultCsv.number(c.bitsPerSpike()), Integer.toString(b.pieces()),
                Integer.toString(b.blocks()), Integer.toString(b.blockLength()));
        }
        return w.toString();
    }

    /**
     * One row per method combination, best first: rank, label, every setting, the number of seeds,
     * mean and sample standard deviation over seeds of every metric, the best seed's id.
     */
    static String combinations(Aggregation agg) {
        List<String> header = new ArrayList<>(List.of("rank", "combination"));
        header.addAll(agg.fields());
        header.add("seeds");
        for (Metric m : Metric.values()) {
            header.add(m.column + "_mean");
            header.add(m.column + "_sd");
        }
        header.add("best_config_id");
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        int rank = 1;
        for (Combination c : agg.combinations()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(rank++), c.label()));
            for (String f : agg.fields()) {
                row.add(c.settings().getOrDefault(f, ""));
            }
            row.add(Integer.toString(c.seeds()));
            for (Metric m : Metric.values()) {
                row.add(ResultCsv.number(c.stat(m).mean()));
                row.add(ResultCsv.number(c.stat(m).sd()));
            }
            row.add(c.best().id());
            w.row(row);
        }
        return w.toString();
    }

    /** Every configuration, best test LL first, with its combination's label. */
    static String configurations(ResultData data, Aggregation agg) {
        List<String> header = new ArrayList<>(List.of("rank", "config_id", "combination"));
        header.addAll(agg.fields());
        header.addAll(List.of("seed", "test_ll", "test_ll_sd_over_pieces", "test_ll_per_bin", "bits_per_spike",
            "train_elbo", "weight_error", "bias_error", "train_seconds", "eval_seconds"));
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        int rank = 1;
        for (var e : sortedConfigs(agg)) {
            ConfigResult c = e.getKey();
            List<String> row = new ArrayList<>(List.of(Integer.toString(rank++), c.id(), e.getValue().label()));
            for (String f : agg.fields()) {
                row.add(c.settings().getOrDefault(f, ""));
            }
            row.add(Long.toString(c.seed()));
            for (double v : new double[] {c.testLl(), c.testLlPieceSd(), c.testLlPerBin(), c.bitsPerSpike(),
                c.trainElbo(), c.weightError(), c.biasError(), c.trainSeconds(), c.evalSeconds()}) {
                row.add(ResultCsv.number(v));
            }
            w.row(row);
        }
        return w.toString();
    }

    /** Configurations with their combination, best test LL first (non-finite last). */
    static List<Map.Entry<ConfigResult, Combination>> sortedConfigs(Aggregation agg) {
        List<Map.Entry<ConfigResult, Combination>> all = new ArrayList<>();
        for (Combination c : agg.combinations()) {
            for (ConfigResult r : c.configs()) {
                all.add(Map.entry(r, c));
            }
        }
        all.sort(Comparator.comparingDouble((Map.Entry<ConfigResult, Combination> e) ->
            Double.isFinite(e.getKey().testLl()) ? e.getKey().testLl() : Double.NEGATIVE_INFINITY).reversed());
        return all;
    }

    static String unitRates(ResultData data, double[] rates) {
        var rec = data.provenance().recording();
        List<String> units = rec == null || rec.units() == null ? List.of() : rec.units();
        ResultCsv.Writer w = new ResultCsv.Writer().row("unit", "rate_hz");
        for (int i = 0; i < rates.length; i++) {
            w.row(i < units.size() ? units.get(i) : Integer.toString(i), ResultCsv.number(rates[i]));
        }
        return w.toString();
    }
}
