package org.poglm.distributed;

import java.util.HashMap;
import java.util.Map;

import org.poglm.eval.MarginalLikelihood;
import org.poglm.model.ElboEstimator;

/**
 * Per-thread estimators on an executor, so their scratch memory is allocated once per run and
 * task thread, not once per piece or step. Entries of an earlier run are dropped when a new run
 * id appears.
 */
final class ExecutorCache {
    private static final ThreadLocal<ExecutorCache> LOCAL = ThreadLocal.withInitial(ExecutorCache::new);

    private String runId;
    private final Map<Integer, ElboEstimator> estimators = new HashMap<>();
    private final Map<Integer, MarginalLikelihood> evaluators = new HashMap<>();

    static ExecutorCache get(String runId) {
        ExecutorCache c = LOCAL.get();
        if (!runId.equals(c.runId)) {
            c.estimators.clear();
            c.evaluators.clear();
            c.runId = runId;
        }
        return c;
    }

    ElboEstimator estimator(SweepContext ctx, int config) {
        return estimators.computeIfAbsent(config,
            c -> new ElboEstimator(ctx.specs[c], ctx.samples[c], ctx.baselines[c]));
    }

    MarginalLikelihood evaluator(SweepContext ctx, int config) {
        return evaluators.computeIfAbsent(config, c -> new MarginalLikelihood(ctx.specs[c], ctx.evalSamples));
    }
}
