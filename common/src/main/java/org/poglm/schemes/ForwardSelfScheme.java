package org.poglm.schemes;

import java.util.List;

/**
 * Forward-self (FS): {@code g[t][h] = sigma(c[h] + sum_v Af[h][v] hx[t][v] + sum_h' As[h][h'] hz[t][h'])}.
 * Sequential in t; under pathwise gradients the gradient flows back through time.
 */
public final class ForwardSelfScheme extends VariationalScheme {
    private static final long serialVersionUID = 1L;
    public static final ForwardSelfScheme INSTANCE = new ForwardSelfScheme();

    private ForwardSelfScheme() {
    }

    @Override
    public String name() {
        return "fs";
    }

    @Override
    public boolean selfCoupled() {
        return true;
    }

    @Override
    public List<ParameterBlock> phiBlocks(int V, int H) {
        int n = V + H;
        return List.of(new ParameterBlock("c", 0, 1, H, n), new ParameterBlock("Af", H, H, V, n),
            new ParameterBlock("As", H + H * V, H, H, n));
    }

    @Override
    public int selfOffset(int phiOffset, int V, int H) {
        return phiOffset + H + H * V;
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
