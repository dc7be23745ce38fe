package org.poglm.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.poglm.eval.ParameterRecovery;
import org.poglm.eval.PoissonBaseline;
import org.poglm.model.ParameterLayout;
import org.poglm.schemes.ParameterBlock;
import org.poglm.distributed.SweepContext;
import org.poglm.distributed.SweepEvaluator;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.TrainingState;

/**
 * The files of a result directory: {@code summary.csv} (one row per configuration),
 * {@code configs/<id>/params.json} (every parameter block named as in SPEC §2-§3),
 * {@code configs/<id>/curve.csv} (training ELBO per epoch), {@code pieces.csv} (test
 * log-likelihood per configuration and piece) and {@code provenance.json}.
 */
public final class ResultFiles {
    public static final List<String> SUMMARY_COLUMNS = List.of("config_id", "distribution", "scheme", "hidden",
        "seed", "tau", "nonlinearity", "mc_samples", "lr_model", "lr_variational", "score_baseline",
        "test_marginal_ll", "test_marginal_ll_sd", "test_marginal_ll_per_bin", "bits_per_spike", "train_elbo",
        "weight_error", "bias_error", "train_seconds", "eval_seconds");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    /** One configuration's results. */
    public record Row(SweepConfig config, double testLl, double testLlSd, double testLlPerBin, double bitsPerSpike,
                      double trainElbo, double weightError, double biasError, double trainSeconds, double evalSeconds,
                      double[] curve) {
        public static Row of(SweepConfig cfg, TrainingState st, SweepEvaluator.Scores scores, int c,
                             ParameterRecovery.Result rec, double trainSeconds, double evalSeconds) {
            double[] ll = scores.logLikelihood()[c];
            double sum = 0;
            double base = 0;
            long bins = 0;
            long spikes = 0;
            for (int i = 0; i < ll.length; i++) {
                sum += ll[i];
                base += scores.baseline()[i];
                bins += scores.bins()[i];
                spikes += scores.spikes()[i];
            }
            double mean = sum / ll.length;
            double ss = 0;
            for (double v : ll) {
                ss += (v - mean) * (v - mean);
            }
            double[] curve = st.curve();
            return new Row(cfg, mean, ll.length > 1 ? Math.sqrt(ss / (ll.length - 1)) : 0.0, sum / bins,
                PoissonBaseline.bitsPerSpike(sum, base, spikes), curve[curve.length - 1],
                rec == null ? Double.NaN : rec.weightError(), rec == null ? Double.NaN : rec.biasError(),
                trainSeconds, evalSeconds, curve);
        }

        List<String> cells() {
            SweepConfig c = config;
            return List.of(c.id(), c.distribution(), c.scheme(), Integer.toString(c.hidden()), Long.toString(c.seed()),
                num(c.tau()), c.nonlinearity().label(), Integer.toString(c.samples()), num(c.lrTheta()),
                c.hidden() == 0 ? "" : num(c.lrPhi()), c.baseline().label(), num(testLl), num(testLlSd),
                num(testLlPerBin), num(bitsPerSpike), num(trainElbo), num(weightError), num(biasError),
                num(trainSeconds), num(evalSeconds));
        }
    }

    /** Writes every file of the result into the staging area of {@code out}. */
    public static void write(OutputDirectory out, Sweep sweep, List<TrainingState> states, List<Row> rows,
                             SweepEvaluator.Scores scores, List<String> units, Map<String, Object> provenance) {
        StringBuilder summary = new StringBuilder(String.join(",", SUMMARY_COLUMNS)).append('\n');
        for (Row r : rows) {
            summary.append(csvLine(r.cells()));
        }
        out.write("summary.csv", summary.toString());
        for (int c = 0; c < states.size(); c++) {
            TrainingState st = states.get(c);
            Row r = rows.get(c);
            String dir = "configs/" + r.config().id() + "/";
            out.write(dir + "params.json", json(params(r.config(), st, units)));
            StringBuilder curve = new StringBuilder("epoch,train_elbo\n");
            for (int e = 0; e < r.curve().length; e++) {
                curve.append(e + 1).append(',').append(num(r.curve()[e])).append('\n');
            }
            out.write(dir + "curve.csv", curve.toString());
        }
        StringBuilder pieces = new StringBuilder("piece_id,config_id,test_marginal_ll,baseline_ll,spikes\n");
        for (int c = 0; c < rows.size(); c++) {
            double[] ll = scores.logLikelihood()[c];
            for (int i = 0; i < ll.length; i++) {
                pieces.append(scores.pieceIds()[i]).append(',').append(rows.get(c).config().id()).append(',')
                    .append(num(ll[i])).append(',').append(num(scores.baseline()[i])).append(',')
                    .append(scores.spikes()[i]).append('\n');
            }
        }
        out.write("pieces.csv", pieces.toString());
        out.write("provenance.json", json(provenance));
    }

    /** truth.json: the true network, visible neurons first (in the recording's unit order), as used for the errors. */
    public static void writeTruth(OutputDirectory out, double[][] weights, double[] biases, int visible,
                                  List<String> units) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visible_units", units);
        m.put("visible", visible);
        m.put("convention", "W[n][m] from neuron m to neuron n; neurons 0..V-1 are the visible units in order");
        m.put("W", weights);
        m.put("b", biases);
        out.write("truth.json", json(m));
    }

    /** params.json: the configuration, the visible units and every block by its SPEC name. */
    static Map<String, Object> params(SweepConfig cfg, TrainingState st, List<String> units) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", cfg.describe());
        m.put("visible_units", units);
        ParameterLayout layout = st.spec().layout();
        m.put("neurons", layout.neurons());
        m.put("visible", layout.visible());
        m.put("hidden", layout.hidden());
        m.put("convention", "W[n][m] is the weight from neuron m to neuron n; neurons 0..V-1 are the visible units "
            + "in visible_units order, V..N-1 hidden; rates f = sigma(b + W h)");
        Map<String, Object> blocks = new LinkedHashMap<>();
        double[] p = st.params();
        for (ParameterBlock b : layout.blocks()) {
            if (b.rows() == 1) {
                blocks.put(b.name(), java.util.Arrays.copyOfRange(p, b.offset(), b.end()));
            } else {
                double[][] rows = new double[b.rows()][b.cols()];
                for (int r = 0; r < b.rows(); r++) {
                    System.arraycopy(p, b.index(r, 0), rows[r], 0, b.cols());
                }
                blocks.put(b.name(), rows);
            }
        }
        m.put("parameters", blocks);
        return m;
    }

    /** The sweep-level settings, for provenance. */
    public static Map<String, Object> describe(Sweep sweep, SweepContext ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configurations", sweep.size());
        m.put("epochs", sweep.epochs());
        m.put("batch_size", sweep.batchSize());
        m.put("batches_per_epoch", ctx.schedule().batchesPerEpoch());
        m.put("shuffle", sweep.shuffle());
        m.put("sweep_seed", sweep.sweepSeed());
        m.put("eval_samples", sweep.evalSamples());
        m.put("basis", sweep.basis().weights());
        m.put("padding", sweep.padding().name().toLowerCase(Locale.ROOT));
        m.put("piece_bins", sweep.pieceBins());
        List<Map<String, Object>> configs = new ArrayList<>();
        for (SweepConfig c : sweep.configs()) {
            configs.add(c.describe());
        }
        m.put("grid", configs);
        m.put("samplers", sweep.configs().stream().filter(c -> !c.fullyObserved())
            .map(c -> ctx.spec(c.index()).distribution().samplerNote()).distinct().toList());
        return m;
    }

    public static double[][] weights(double[] params, ParameterLayout layout) {
        int n = layout.neurons();
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = params[layout.weight(i, j)];
            }
        }
        return w;
    }

    public static double[] biases(double[] params, ParameterLayout layout) {
        return java.util.Arrays.copyOf(params, layout.neurons());
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Double.toString(v);
    }

    static String csvLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.append('\n').toString();
    }
}
