package org.poglm.train;

/** Training met a non-finite ELBO or gradient; parameters were not updated with it. */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteException(String configuration, long step, long pieceId, String what) {
        super("non-finite " + what + " in configuration " + configuration + " at step " + step + ", piece "
            + pieceId + "; parameters were not updated (try smaller learning rates or another nonlinearity)");
    }
}
