package org.poglm.distributed;

import java.util.ArrayList;
import java.util.List;

import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.sweep.Grid;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.synthetic.SyntheticTruth;

/** Small sweeps on the synthetic generator for the Spark tests. */
final class SweepFixtures {
    static final SyntheticTruth TRUTH = SyntheticGenerator.truth(3, 5, 3, 40, Basis.defaultBasis());

    private SweepFixtures() {
    }

    /** Several families, schemes, H (with the GLM) and seeds; pathwise and score-function. */
    static Sweep mixed(int epochs, int batch) {
        List<SweepConfig> all = new ArrayList<>();
        add(all, List.of("exponential", "poisson"), List.of("fb", "fs"), List.of(0, 2), List.of(0L, 1L),
            ScoreBaseline.LEAVE_ONE_OUT);
        add(all, List.of("eat-cubic", "gs-pathwise", "categorical"), List.of("f"), List.of(1), List.of(4L),
            ScoreBaseline.NONE);
        return new Sweep(all, epochs, batch, true, 7, 50, Basis.defaultBasis(), Padding.ZERO, 40);
    }

    /** Four configurations: the GLM, pathwise FB and F, and score-function FS with the leave-one-out baseline. */
    static Sweep small(int epochs, int batch) {
        List<SweepConfig> all = new ArrayList<>();
        add(all, List.of("exponential"), List.of("fb"), List.of(0, 2), List.of(0L), ScoreBaseline.NONE);
        add(all, List.of("poisson"), List.of("fs"), List.of(2), List.of(1L), ScoreBaseline.LEAVE_ONE_OUT);
        add(all, List.of("eat-cubic"), List.of("f"), List.of(1), List.of(2L), ScoreBaseline.NONE);
        return new Sweep(all, epochs, batch, true, 7, 50, Basis.defaultBasis(), Padding.ZERO, 40);
    }

    private static void add(List<SweepConfig> all, List<String> d, List<String> s, List<Integer> h, List<Long> seeds,
                            ScoreBaseline b) {
        for (SweepConfig c : new Grid(d, s, h, seeds, List.of(Double.NaN), List.of(3), List.of(0.05), List.of(0.1),
            List.of(Nonlinearity.SIGMOID), List.of(b), 5).expand()) {
            all.add(new SweepConfig(all.size(), c.id() + "-" + all.size(), c.distribution(), c.tau(), c.categories(),
                c.scheme(), c.hidden(), c.nonlinearity(), c.seed(), c.samples(), c.lrTheta(), c.lrPhi(), c.baseline()));
        }
    }
}
