package org.poglm.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.poglm.job.SweepJob;
import org.poglm.result.SummaryRow;

/** The console summary at the end of a run: where the results are and the best configurations. */
final class Report {
    private Report() {
    }

    static void print(PrintStream out, SweepJob.Result r) {
        List<SummaryRow> rows = r.rows().stream()
            .sorted(Comparator.comparingDouble(SummaryRow::testLl).reversed()).toList();
        out.printf(Locale.ROOT, "%n%-40s %14s %10s %10s%n", "configuration (best first)", "test LL/piece",
            "bits/spk", "W error");
        for (SummaryRow row : rows.subList(0, Math.min(10, rows.size()))) {
            out.printf(Locale.ROOT, "%-40s %14.3f %10.4f %10s%n", row.configId(), row.testLl(), row.bitsPerSpike(),
                Double.isNaN(row.weightError()) ? "-" : String.format(Locale.ROOT, "%.3f", row.weightError()));
        }
        if (rows.size() > 10) {
            out.printf("... %d more in summary.csv%n", rows.size() - 10);
        }
        out.printf(Locale.ROOT, "%ndone in %.1f s; results in %s%n", r.seconds(), r.out());
    }
}
