package org.poglm.distributed;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.poglm.sweep.Sweep;
import org.poglm.sweep.SweepConfig;
import org.poglm.train.Start;
import org.poglm.train.TrainingLoop;
import org.poglm.train.TrainingState;

/**
 * Distributed training of a whole sweep: the one {@link TrainingLoop} over an {@link RddObjective},
 * so one Spark job per step serves every configuration and the driver applies each configuration's
 * own Adam step. The single-JVM counterpart is {@code LocalTrainer}; the loop is the same code.
 */
public final class SweepTrainer {
    private SweepTrainer() {
    }

    /** Trains every configuration of {@code sweep} from its initial state on the training pieces {@code train}. */
    public static TrainingLoop.Result train(JavaSparkContext jsc, JavaRDD<PieceBlock> train, Sweep sweep,
                                            Broadcast<SweepContext> context, RddObjective.Options options,
                                            TrainingLoop.Listener listener) {
        return train(jsc, train, null, sweep, context, options, listener);
    }

    /**
     * As above, scoring the {@code validation} pieces after every epoch when the sweep stops early; each
     * configuration that starts from the data starts at the mean rates of {@code train}.
     */
    public static TrainingLoop.Result train(JavaSparkContext jsc, JavaRDD<PieceBlock> train,
                                            JavaRDD<PieceBlock> validation, Sweep sweep,
                                            Broadcast<SweepContext> context, RddObjective.Options options,
                                            TrainingLoop.Listener listener) {
        SweepContext ctx = context.value();
        List<TrainingState> states = new ArrayList<>();
        for (SweepConfig cfg : sweep.configs()) {
            states.add(new TrainingState(cfg.id(), ctx.spec(cfg.index()), cfg.training(sweep)));
        }
        if (states.stream().anyMatch(s -> s.config().start() == Start.DATA)) {
            double[] rates = SweepEvaluator.baselineRates(train, ctx.specs[0].visible());
            states.forEach(s -> s.start(rates));
        }
        return TrainingLoop.run(states, ctx.schedule(), new RddObjective(jsc, train, validation, context, options),
            listener);
    }
}
