package org.poglm.model;

import org.poglm.random.CounterRng;
import org.poglm.schemes.ParameterBlock;

/**
 * Initial parameters (SPEC §3): generative W and b at zero; each variational block
 * {@code Uniform(-1/sqrt(fanIn), 1/sqrt(fanIn))}, PyTorch's {@code nn.Linear} default. Every draw
 * derives from (seed, parameter index).
 */
public final class ParameterInit {
    private ParameterInit() {
    }

    public static double[] initialise(ParameterLayout layout, long seed) {
        double[] p = new double[layout.size()];
        long key = CounterRng.sampleKey(seed, CounterRng.INIT_STEP, 0, 0);
        for (ParameterBlock b : layout.blocks()) {
            if (b.offset() < layout.thetaSize()) {
                continue;
            }
            double bound = 1.0 / Math.sqrt(b.fanIn());
            for (int i = b.offset(); i < b.end(); i++) {
                p[i] = bound * (2.0 * CounterRng.uniform(key, i) - 1.0);
            }
        }
        return p;
    }
}
