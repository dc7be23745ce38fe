package org.poglm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.poglm.train.Preset;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code fit --help} in sections with units and examples, {@code presets} from the enum; no Spark needed. */
class HelpTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final List<String> HEADINGS = List.of("Input:", "Model:", "Sweep:", "Training and evaluation:", "Output:",
        "Cluster and Spark:", "Examples:");

    @Test
    void fitHelpHasItsSectionsInOrderUnitsAndTwoExamples() {
        Run r = run("fit", "--help");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        int previous = -1;
        for (String heading : HEADINGS) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(heading)) {
                    at = i;
                    break;
                }
            }
            assertTrue(at > previous, heading + " after the previous section:\n" + r.out());
            previous = at;
        }
        String help = r.out().replaceAll("\\s+", " ");
        for (String unit : List.of("in seconds", "in Hz", "in bins", "Pieces per Adam step", "in nats per piece")) {
            assertTrue(help.contains(unit), "the unit '" + unit + "' in:\n" + r.out());
        }
        String examples = r.out().substring(r.out().indexOf("Examples:"));
        assertTrue(examples.contains("submit/poglm fit --input session12/spikes.csv --out results/session12"),
            examples);
        assertTrue(examples.contains("--preset rgc"), examples);
        for (String line : lines) {
            assertTrue(line.length() <= 80, "fits 80 columns: " + line);
        }
    }

    @Test
    void everyFitOptionIsInExactlyOneSection() {
        CommandLine fit = new CommandLine(new Main(System.out)).getSubcommands().get("fit");
        List<String> listed = new ArrayList<>();
        FitCommand.SECTIONS.forEach(section -> listed.addAll(section.options()));
        List<String> options = new ArrayList<>();
        for (OptionSpec o : fit.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                options.add(o.longestName());
            }
        }
        assertEquals(options.stream().sorted().toList(), listed.stream().sorted().toList(),
            "FitCommand.SECTIONS lists every option once");
        assertEquals(options, listed, "the fields are declared in the order of the help");
        assertFalse(run("fit", "--help").out().contains("Other options"));
    }

    @Test
    void inputAndOutAreStillRequired() {
        Run both = run("fit");
        assertEquals(2, both.code());
        assertEquals("poglm: Missing required options: '--input=PATH', '--out=DIR' (run 'poglm fit --help' for the "
            + "options)", both.err().strip());
        Run out = run("fit", "--input", "x.csv");
        assertEquals(2, out.code());
        assertTrue(out.err().strip().startsWith("poglm: Missing required option: '--out=DIR'"), out.err());
        assertEquals("", out.out(), "nothing started");
        Run twice = run("fit", "--input", "a.csv", "--format", "counts", "--format", "npy", "--out", "x");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("should be specified only once"), twice.err());
    }

    @Test
    void presetsPrintsEveryPresetsSettingsFromTheEnum() {
        Run r = run("presets");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        List<String> header = cells(lines, "option");
        assertEquals(Arrays.stream(Preset.values()).map(p -> p.label).toList(), header.subList(2, header.size()));
        expect(lines, "--lr-model", p -> p.lrTheta);
        expect(lines, "--lr-variational", p -> p.lrPhi);
        expect(lines, "--batch-size", p -> p.batchSize);
        expect(lines, "--mc-samples", p -> p.samples);
        expect(lines, "--eval-samples", p -> p.evalSamples);
        expect(lines, "--bin-width", FitCommand::defaultBinWidth);
        expect(lines, "train fraction", p -> p.trainFraction);
        expect(lines, "--test-fraction", p -> 1 - p.trainFraction);
        List<String> epochs = cells(lines, "--epochs");
        List<String> hidden = cells(lines, "--hidden");
        for (Preset p : Preset.values()) {
            int column = p.ordinal() + 2;
            assertEquals(p.epochs + ", fixed", epochs.get(column), p.label);
            assertEquals(FitCommand.defaultHidden(p), hidden.get(column), p.label);
        }
        assertTrue(r.out().contains("* synthetic: the paper's data come binned"), r.out());
        for (String line : lines) {
            assertTrue(line.length() <= 80, "fits 80 columns: " + line);
        }
    }

    /** The cells of the row that starts with {@code first}: columns are two or more spaces apart. */
    private static List<String> cells(List<String> lines, String first) {
        for (String line : lines) {
            if (line.startsWith(first + " ")) {
                return new ArrayList<>(Arrays.asList(line.split(" {2,}")));
            }
        }
        throw new AssertionError("no row " + first + " in " + lines);
    }

    /** The row shows every preset's value of the enum, to the four significant digits printed. */
    private static void expect(List<String> lines, String row, ToDoubleFunction<Preset> value) {
        List<String> cells = cells(lines, row);
        assertEquals(2 + Preset.values().length, cells.size(), row + ": " + cells);
        for (Preset p : Preset.values()) {
            double expected = value.applyAsDouble(p);
            double shown = Double.parseDouble(cells.get(p.ordinal() + 2).replace("*", ""));
            assertEquals(expected, shown, Math.abs(expected) * 5e-4, row + " of " + p.label);
        }
    }
}
