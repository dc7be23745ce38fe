package org.poglm.distributed;

import java.io.Serializable;

import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.model.ModelSpec;
import org.poglm.model.ScoreBaseline;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.BatchSchedule;

/**
 * What executors need to know about a sweep, shipped once per run (a broadcast): the models,
 * seeds and Monte Carlo settings of every configuration, the basis and padding, and the batch
 * schedule. Parameters travel separately, every step.
 */
public final class SweepContext implements Serializable {
    private static final long serialVersionUID = 1L;

    final String runId;
    final ModelSpec[] specs;
    final long[] seeds;
    final int[] samples;
    final ScoreBaseline[] baselines;
    final int[] sizes;
    final Basis basis;
    final Padding padding;
    final BatchSchedule schedule;
    final int evalSamples;

    public SweepContext(String runId, Sweep sweep, int visible, int trainPieces) {
        this.runId = runId;
        int n = sweep.size();
        this.specs = new ModelSpec[n];
        this.seeds = new long[n];
        this.samples = new int[n];
        this.baselines = new ScoreBaseline[n];
        this.sizes = new int[n];
        for (int c = 0; c < n; c++) {
            SweepConfig cfg = sweep.configs().get(c);
            specs[c] = cfg.spec(visible, sweep.basis());
            seeds[c] = cfg.seed();
            samples[c] = cfg.samples();
            baselines[c] = cfg.baseline();
            sizes[c] = specs[c].layout().size();
        }
        this.basis = sweep.basis();
        this.padding = sweep.padding();
        this.schedule = new BatchSchedule(Math.max(1, trainPieces), sweep.batchSize(), sweep.shuffle(),
            sweep.sweepSeed());
        this.evalSamples = sweep.evalSamples();
    }

    public int configurations() {
        return specs.length;
    }

    public BatchSchedule schedule() {
        return schedule;
    }

    public ModelSpec spec(int c) {
        return specs[c];
    }

    /** Total parameters of all configurations. */
    public long totalParameters() {
        long s = 0;
        for (int size : sizes) {
            s += size;
        }
        return s;
    }
}
