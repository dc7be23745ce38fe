package org.poglm.schemes;

import java.util.List;

/** Forward (F): {@code g[t][h] = sigma(c[h] + sum_v Af[h][v] hx[t][v])}; all bins sampled at once. */
public final class ForwardScheme extends VariationalScheme {
    private static final long serialVersionUID = 1L;
    public static final ForwardScheme INSTANCE = new ForwardScheme();

    private ForwardScheme() {
    }

    @Override
    public String name() {
        return "f";
    }

    @Override
    public boolean selfCoupled() {
        return false;
    }

    @Override
    public List<ParameterBlock> phiBlocks(int V, int H) {
        return List.of(new ParameterBlock("c", 0, 1, H, V), new ParameterBlock("Af", H, H, V, V));
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
