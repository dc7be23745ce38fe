package org.poglm.schemes;

import java.util.List;

/**
 * Forward-backward (FB), the paper's message passing:
 * {@code g[t][h] = sigma(c[h] + sum_v Af[h][v] hx[t][v] + sum_v Ab[h][v] rx[t][v])}, where {@code rx}
 * summarises future visible spikes and {@code Ab} mimics the hidden-to-visible weights.
 */
public final class ForwardBackwardScheme extends VariationalScheme {
    private static final long serialVersionUID = 1L;
    public static final ForwardBackwardScheme INSTANCE = new ForwardBackwardScheme();

    private ForwardBackwardScheme() {
    }

    @Override
    public String name() {
        return "fb";
    }

    @Override
    public boolean selfCoupled() {
        return false;
    }

    @Override
    public List<ParameterBlock> phiBlocks(int V, int H) {
        return List.of(new ParameterBlock("c", 0, 1, H, V), new ParameterBlock("Af", H, H, V, V),
            new ParameterBlock("Ab", H + H * V, H, V, V));
    }

    @Override
    protected int backwardOffset(int phiOffset, int V, int H) {
        return phiOffset + H + H * V;
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
