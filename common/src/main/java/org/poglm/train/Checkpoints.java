package org.poglm.train;

import java.util.List;

/**
 * How {@link TrainingLoop} saves and resumes its work: where to start (a checkpoint of this sweep, or
 * none), when a checkpoint is due, how to save one, and whether the run was asked to stop (a signal:
 * the loop then saves and throws {@link Interrupted}). The storage (a Hadoop file system, memory in
 * tests) is the implementation's.
 */
public interface Checkpoints {
    /** Nothing saved, nothing resumed, never interrupted. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public Checkpoint.Position resume(List<TrainingState> states) {
            return null;
        }

        @Override
        public boolean due(long steps, boolean epochEnd) {
            return false;
        }

        @Override
        public void save(Checkpoint.Position position, List<TrainingState> states) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    /** Restores {@code states} from the newest usable checkpoint and returns its position, or null to start afresh. */
    Checkpoint.Position resume(List<TrainingState> states);

    /** Whether to save after {@code steps} steps ({@code epochEnd}: the step closed an epoch). */
    boolean due(long steps, boolean epochEnd);

    /** Saves the loop's position and every configuration's state. */
    void save(Checkpoint.Position position, List<TrainingState> states);

    /** True once the run has been asked to stop (SIGTERM, Ctrl-C). */
    boolean stopRequested();

    /** Training stopped on request after saving a checkpoint at {@code position}. */
    final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Checkpoint.Position position;

        public Interrupted(Checkpoint.Position position) {
            super("interrupted after step " + position.steps() + "; a checkpoint holds everything up to it");
            this.position = position;
        }

        public Checkpoint.Position position() {
            return position;
        }
    }
}
