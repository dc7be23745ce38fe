package org.poglm.distributed;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import org.apache.spark.serializer.KryoRegistrator;
import org.poglm.data.Basis;
import org.poglm.data.Padding;
import org.poglm.data.Piece;
import org.poglm.data.Recording;
import org.poglm.distributions.CategoricalSpikes;
import org.poglm.distributions.EatCubic;
import org.poglm.distributions.EatSigmoid;
import org.poglm.distributions.ExponentialSpikes;
import org.poglm.distributions.GumbelSoftmax;
import org.poglm.distributions.HalfNormalSpikes;
import org.poglm.distributions.PoissonSpikes;
import org.poglm.distributions.RayleighSpikes;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.model.ScoreBaseline;
import org.poglm.schemes.ForwardBackwardScheme;
import org.poglm.schemes.ForwardScheme;
import org.poglm.schemes.ForwardSelfScheme;
import org.poglm.synthetic.SyntheticTruth;
import org.poglm.train.BatchSchedule;
import org.poglm.train.ElboAggregate;
import org.poglm.train.ExactSum;
import org.poglm.train.SweepAggregate;

/**
 * Registers every class this job ships with Kryo ({@code spark.kryo.registrationRequired=true}).
 * Records (immutable, no no-argument constructor) go through Java serialization inside Kryo;
 * they are small configuration objects sent once per run.
 */
public final class PoglmKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        // Data
        kryo.register(Piece.class);
        kryo.register(Piece[].class);
        kryo.register(PieceBlock.class);
        kryo.register(Recording.class, new JavaSerializer());
        kryo.register(Basis.class);
        kryo.register(Padding.class);
        kryo.register(SyntheticTruth.class, new JavaSerializer());
        // Models
        kryo.register(ModelSpec.class, new JavaSerializer());
        kryo.register(ModelSpec[].class);
        kryo.register(Nonlinearity.class);
        kryo.register(ScoreBaseline.class);
        kryo.register(ScoreBaseline[].class);
        kryo.register(ForwardScheme.class, new JavaSerializer());
        kryo.register(ForwardSelfScheme.class, new JavaSerializer());
        kryo.register(ForwardBackwardScheme.class, new JavaSerializer());
        kryo.register(PoissonSpikes.class);
        kryo.register(CategoricalSpikes.class);
        kryo.register(GumbelSoftmax.class);
        kryo.register(ExponentialSpikes.class);
        kryo.register(RayleighSpikes.class);
        kryo.register(HalfNormalSpikes.class);
        kryo.register(EatSigmoid.class);
        kryo.register(EatCubic.class);
        // Sweep state
        kryo.register(SweepContext.class);
        kryo.register(BatchSchedule.class);
        kryo.register(SweepAggregate.class);
        kryo.register(ElboAggregate.class);
        kryo.register(ElboAggregate[].class);
        kryo.register(ExactSum.class);
        kryo.register(SweepEvaluator.PieceScores.class, new JavaSerializer());
        kryo.register(PieceSource.Range.class, new JavaSerializer());
        kryo.register(PieceSource.Ids.class, new JavaSerializer());
        kryo.register(OrderedTreeAggregate.Part.class, new JavaSerializer());
        // Arrays
        kryo.register(short[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(double[].class);
        kryo.register(double[][].class);
        kryo.register(Object[].class);
    }
}
