package org.poglm.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A command's option list in headed sections ({@code Input}, {@code Model}, ...), in place of
 * picocli's one list. Only the help's layout: the options themselves stay plain {@code @Option}
 * fields, so picocli parses and validates them as usual (required options, an option given twice).
 * Options in no section (--help, --version) come first, without a heading; an option left out of
 * every section by mistake is still listed, last, under "Other options".
 */
final class HelpSections implements CommandLine.IHelpSectionRenderer {
    /** A heading and its options by name, in the order they are listed. */
    record Section(String heading, List<String> options) {
    }

    static Section section(String heading, String... options) {
        return new Section(heading, List.of(options));
    }

    private final List<Section> sections;

    private HelpSections(List<Section> sections) {
        this.sections = sections;
    }

    /** Makes {@code cl}'s help list its options in {@code sections}. */
    static void install(CommandLine cl, List<Section> sections) {
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new HelpSections(sections));
    }

    @Override
    public String render(Help help) {
        Set<OptionSpec> rest = new LinkedHashSet<>(help.commandSpec().options());
        StringBuilder out = new StringBuilder();
        List<String> parts = new ArrayList<>();
        for (Section s : sections) {
            Help.Layout layout = help.createDefaultLayout();
            for (String name : s.options()) {
                OptionSpec o = help.commandSpec().findOption(name);
                if (o == null) {
                    throw new IllegalStateException("help section '" + s.heading() + "' names " + name
                        + ", which is no option of " + help.commandSpec().qualifiedName());
                }
                layout.addOption(o, help.parameterLabelRenderer());
                rest.remove(o);
            }
            parts.add(help.createHeading("%n" + s.heading() + "%n") + layout);
        }
        List<OptionSpec> other = rest.stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
        Help.Layout first = help.createDefaultLayout();
        rest.stream().filter(o -> o.usageHelp() || o.versionHelp())
            .forEach(o -> first.addOption(o, help.parameterLabelRenderer()));
        out.append(first);
        parts.forEach(out::append);
        if (!other.isEmpty()) {
            Help.Layout layout = help.createDefaultLayout();
            other.forEach(o -> layout.addOption(o, help.parameterLabelRenderer()));
            out.append(help.createHeading("%nOther options%n")).append(layout);
        }
        return out.toString();
    }
}
