package org.poglm.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.poglm.train.Preset;
import org.poglm.train.TrainingConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code poglm presets}: what {@code fit --preset NAME} sets, one column per preset, read from
 * {@link Preset} and the defaults {@link FitCommand} derives from it (no number is copied here).
 */
@Command(name = "presets", mixinStandardHelpOptions = true,
    description = "Show the settings of fit's --preset synthetic|rgc|pvc5 (the paper's protocols).")
public final class PresetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** One row: the option it sets, what it means, and its value per preset. */
    record Row(String option, String meaning, Function<Preset, String> value) {
    }

    static final List<Row> ROWS = List.of(
        new Row("--lr-model", "Adam learning rate, theta", p -> number(p.lrTheta)),
        new Row("--lr-variational", "Adam learning rate, phi", p -> number(p.lrPhi)),
        new Row("--epochs", "passes over training pieces", p -> epochs(p)),
        new Row("--batch-size", "pieces per step", p -> Integer.toString(p.batchSize)),
        new Row("--mc-samples", "K, MC samples per piece", p -> Integer.toString(p.samples)),
        new Row("--eval-samples", "importance samples/test piece", p -> Integer.toString(p.evalSamples)),
        new Row("--bin-width", "bin width, seconds", p -> Double.isNaN(p.binWidth)
            ? number(FitCommand.defaultBinWidth(p)) + "*" : number(p.binWidth)),
        new Row("train fraction", "first pieces in time, train", p -> number(p.trainFraction)),
        new Row("--test-fraction", "the last pieces, test", p -> number(1.0 - p.trainFraction)),
        new Row("--hidden", "hidden-neuron counts", FitCommand::defaultHidden),
        new Row("--init", "where W and b start", p -> p.training(0).start().label()));

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : lines()) {
            out.println(line);
        }
        out.flush();
    }

    /** The table and its notes. */
    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("The paper's protocols, for 'poglm fit --preset NAME'. An option given explicitly");
        lines.add("overrides the preset's value; options a preset does not set keep their defaults");
        lines.add("(poglm fit --help).");
        lines.add("");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s  %-29s", "option", "what"));
        for (Preset p : Preset.values()) {
            header.append(String.format(Locale.ROOT, "  %-9s", p.label));
        }
        lines.add(header.toString().stripTrailing());
        for (Row row : ROWS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s  %-29s", row.option(),
                row.meaning()));
            for (Preset p : Preset.values()) {
                line.append(String.format(Locale.ROOT, "  %-9s", row.value().apply(p)));
            }
            lines.add(line.toString().stripTrailing());
        }
        lines.add("");
        List<String> unbinned = new ArrayList<>();
        for (Preset p : Preset.values()) {
            if (Double.isNaN(p.binWidth)) {
                unbinned.add(p.label);
            }
        }
        if (!unbinned.isEmpty()) {
            lines.add("* " + String.join(", ", unbinned) + ": the paper's data come binned; a recording gets");
            lines.add("  the default bin width.");
        }
        return lines;
    }

    /** "20, fixed" (the presets' protocol: no early stopping), or "max 20" with early stopping. */
    private static String epochs(Preset p) {
        TrainingConfig t = p.training(0);
        return t.stopping().early() ? "max " + t.epochs() : t.epochs() + ", fixed";
    }

    /** At most four significant digits, no trailing zeros: 0.05, 0.00833, 0.6667. */
    static String number(double x) {
        return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
