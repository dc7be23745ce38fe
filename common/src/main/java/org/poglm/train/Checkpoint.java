package org.poglm.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sweep's training as it stood after a step: where the loop is ({@link Position}), every
 * configuration's {@link TrainingState.Snapshot}, and the fingerprints of the sweep and the input it
 * belongs to. Resuming from it gives the same bits as never stopping (SPEC §8: every draw is a function
 * of seed, step, piece and sample). The bytes end with a SHA-256 of everything before, so a truncated or
 * damaged file is recognised ({@link #read}).
 *
 * @param fold with blocked cross-validation the 1-based fold whose training this is, else 0
 */
public record Checkpoint(String sweepFingerprint, String inputFingerprint, int fold, Position position,
                         List<String> ids, List<TrainingState.Snapshot> states) {
    private static final byte[] MAGIC = "POGLM-CK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int DIGEST = 32;

    /**
     * Where the loop stands: the next step is batch {@code batch} of epoch {@code epoch}; {@code steps}
     * taken so far and the compute seconds spent on each configuration.
     */
    public record Position(int epoch, int batch, long steps, double[] computeSeconds) {
    }

    /** The checkpoint is unreadable: truncated, damaged, or not a checkpoint. */
    public static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        public Corrupt(String message) {
            super(message);
        }
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(sweepFingerprint);
            out.writeUTF(inputFingerprint);
            out.writeInt(fold);
            out.writeInt(position.epoch());
            out.writeInt(position.batch());
            out.writeLong(position.steps());
            writeArray(out, position.computeSeconds());
            out.writeInt(states.size());
            for (int c = 0; c < states.size(); c++) {
                out.writeUTF(ids.get(c));
                TrainingState.Snapshot s = states.get(c);
                writeArray(out, s.params());
                out.writeLong(s.adamSteps());
                writeArray(out, s.adamM());
                writeArray(out, s.adamV());
                writeArray(out, s.curve());
                writeArray(out, s.validation());
                out.writeDouble(s.epochElbo());
                out.writeLong(s.epochPieces());
                out.writeInt(s.epochsRun());
                writeArray(out, s.bestParams());
                out.writeDouble(s.bestValidation());
                out.writeInt(s.bestEpoch());
                TrainingState.Outcome o = s.outcome();
                out.writeBoolean(o != null);
                if (o != null) {
                    out.writeUTF(o.stop().name());
                    out.writeInt(o.epochs());
                    out.writeInt(o.bestEpoch());
                    out.writeDouble(o.bestValidation());
                    out.writeBoolean(o.failure() != null);
                    if (o.failure() != null) {
                        out.writeUTF(o.failure());
                    }
                }
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            byte[] all = Arrays.copyOf(body, body.length + DIGEST);
            System.arraycopy(sha256(body), 0, all, body.length, DIGEST);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the bytes of {@code name} (for messages); {@link Corrupt} when they are not a whole checkpoint. */
    public static Checkpoint read(byte[] all, String name) throws Corrupt {
        if (all.length < MAGIC.length + DIGEST || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new Corrupt(name + ": not a poglm checkpoint (" + all.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(all, all.length - DIGEST);
        if (!Arrays.equals(sha256(body), Arrays.copyOfRange(all, body.length, all.length))) {
            throw new Corrupt(name + ": damaged or truncated (its checksum does not match its " + all.length
                + " bytes)");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(body, MAGIC.length,
                body.length - MAGIC.length));
            int version = in.readInt();
            if (version != VERSION) {
                throw new Corrupt(name + ": checkpoint format " + version + ", expected " + VERSION);
            }
            String sweep = in.readUTF();
            String input = in.readUTF();
            int fold = in.readInt();
            Position position = new Position(in.readInt(), in.readInt(), in.readLong(), readArray(in));
            int n = in.readInt();
            List<String> ids = new ArrayList<>();
            List<TrainingState.Snapshot> states = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                ids.add(in.readUTF());
                double[] params = readArray(in);
                long adamSteps = in.readLong();
                double[] m = readArray(in);
                double[] v = readArray(in);
                double[] curve = readArray(in);
                double[] validation = readArray(in);
                double epochElbo = in.readDouble();
                long epochPieces = in.readLong();
                int epochsRun = in.readInt();
                double[] best = readArray(in);
                double bestValidation = in.readDouble();
                int bestEpoch = in.readInt();
                TrainingState.Outcome outcome = null;
                if (in.readBoolean()) {
                    TrainingState.Stop stop = TrainingState.Stop.valueOf(in.readUTF());
                    int epochs = in.readInt();
                    int oBest = in.readInt();
                    double oValidation = in.readDouble();
                    String failure = in.readBoolean() ? in.readUTF() : null;
                    outcome = new TrainingState.Outcome(stop, epochs, oBest, oValidation, failure);
                }
                states.add(new TrainingState.Snapshot(params, adamSteps, m, v, curve, validation, epochElbo,
                    epochPieces, epochsRun, best, bestValidation, bestEpoch, outcome));
            }
            if (in.available() != 0) {
                throw new Corrupt(name + ": " + in.available() + " bytes after the last configuration");
            }
            return new Checkpoint(sweep, input, fold, position, ids, states);
        } catch (IOException | IllegalArgumentException e) {
            throw new Corrupt(name + ": unreadable (" + e.getMessage() + ")");
        }
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (double x : a) {
                out.writeDouble(x);
            }
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
