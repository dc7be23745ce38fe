package org.poglm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.data.PieceFeatures;
import org.poglm.distributions.Distributions;
import org.poglm.model.ModelSpec;
import org.poglm.model.Nonlinearity;
import org.poglm.schemes.VariationalScheme;

/** Checkpoints (SPEC §8): a run stopped and resumed reaches the bits of a run that never stopped. */
class CheckpointTest {
    static final List<PieceFeatures> TRAIN = EarlyStoppingTest.TRAIN;
    static final List<PieceFeatures> VALIDATION = EarlyStoppingTest.VALIDATION;

    static List<TrainingState> sweep() {
        List<TrainingState> out = new ArrayList<>();
        String[][] configs = {{"exponential", "fb"}, {"poisson", "fs"}, {"eat-cubic", "f"}};
        for (int c = 0; c < configs.length; c++) {
            ModelSpec spec = new ModelSpec(EarlyStoppingTest.DATA.visible(), c == 0 ? 0 : 2,
                EarlyStoppingTest.DATA.basis(), Nonlinearity.SIGMOID, Distributions.create(configs[c][0]),
                VariationalScheme.parse(configs[c][1]));
            out.add(new TrainingState("c" + c, spec, TrainingConfig.defaults(c).withEpochs(9).withBatchSize(7)
                .withShuffle(true, 3).withStart(Start.DATA).withStopping(new Stopping(2, 0.2))));
        }
        return out;
    }

    /** Keeps checkpoints as bytes (through the codec), saves every {@code every} steps, stops at step {@code stopAt}. */
    static final class Memory implements Checkpoints {
        final List<byte[]> saved = new ArrayList<>();
        final int every;
        final long stopAt;
        long seen;
        byte[] resumeFrom;

        Memory(int every, long stopAt) {
            this.every = every;
            this.stopAt = stopAt;
        }

        @Override
        public Checkpoint.Position resume(List<TrainingState> states) {
            if (resumeFrom == null) {
                return null;
            }
            try {
                Checkpoint c = Checkpoint.read(resumeFrom, "memory");
                for (int i = 0; i < states.size(); i++) {
                    assertEquals(states.get(i).id(), c.ids().get(i));
                    states.get(i).restore(c.states().get(i));
                }
                return c.position();
            } catch (Checkpoint.Corrupt e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean due(long steps, boolean epochEnd) {
            seen = steps;
            return epochEnd || steps % every == 0;
        }

        @Override
        public void save(Checkpoint.Position position, List<TrainingState> states) {
            saved.add(new Checkpoint("sweep", "input", 0, position, states.stream().map(TrainingState::id).toList(),
                states.stream().map(TrainingState::snapshot).toList()).toBytes());
        }

        @Override
        public boolean stopRequested() {
            return seen >= stopAt;
        }
    }

    @Test
    void stoppedMidEpochAndResumedEqualsNeverStopped() {
        List<TrainingState> whole = sweep();
        LocalTrainer.train(whole, TRAIN, VALIDATION, null);

        for (long stopAt : new long[] {4, 10, 15}) {
            List<TrainingState> first = sweep();
            Memory m = new Memory(3, stopAt);
            BatchSchedule schedule = first.get(0).config().schedule(TRAIN.size());
            first.forEach(s -> s.start(LocalTrainer.trainingRates(TRAIN)));
            Checkpoints.Interrupted stop = assertThrows(Checkpoints.Interrupted.class, () -> TrainingLoop.run(first,
                schedule, new LocalObjective(first, TRAIN, VALIDATION, schedule), null, m));
            assertTrue(stop.position().steps() >= stopAt);

            List<TrainingState> resumed = sweep();
            Memory again = new Memory(3, Long.MAX_VALUE);
            again.resumeFrom = m.saved.get(m.saved.size() - 1);
            TrainingLoop.Result r = TrainingLoop.run(resumed, schedule,
                new LocalObjective(resumed, TRAIN, VALIDATION, schedule), null, again);
            for (int c = 0; c < whole.size(); c++) {
                String what = "stopped at step " + stopAt + ", " + whole.get(c).id();
                assertArrayEquals(whole.get(c).params(), resumed.get(c).params(), 0.0, what + ": parameters");
                assertArrayEquals(whole.get(c).curve(), resumed.get(c).curve(), 0.0, what + ": learning curve");
                assertArrayEquals(whole.get(c).validationCurve(), resumed.get(c).validationCurve(), 0.0, what);
                assertEquals(whole.get(c).outcome(), resumed.get(c).outcome(), what + ": how it stopped");
                assertEquals(whole.get(c).adam().steps(), resumed.get(c).adam().steps(), what);
            }
            assertTrue(r.steps() > stop.position().steps());
        }
    }

    @Test
    void aDamagedOrTruncatedCheckpointIsRecognised() throws Checkpoint.Corrupt {
        List<TrainingState> states = sweep();
        byte[] bytes = new Checkpoint("s", "i", 2, new Checkpoint.Position(1, 3, 10, new double[] {1, 2, 3}),
            states.stream().map(TrainingState::id).toList(), states.stream().map(TrainingState::snapshot).toList())
            .toBytes();
        Checkpoint back = Checkpoint.read(bytes, "ok");
        assertEquals(2, back.fold());
        assertEquals(10, back.position().steps());
        assertArrayEquals(states.get(1).params(), back.states().get(1).params(), 0.0);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        Checkpoint.Corrupt e = assertThrows(Checkpoint.Corrupt.class, () -> Checkpoint.read(flipped, "x.bin"));
        assertTrue(e.getMessage().startsWith("x.bin: damaged or truncated"), e.getMessage());
        assertThrows(Checkpoint.Corrupt.class, () -> Checkpoint.read(Arrays.copyOf(bytes, bytes.length - 9), "t"));
        assertThrows(Checkpoint.Corrupt.class, () -> Checkpoint.read(new byte[0], "empty"));
    }
}
