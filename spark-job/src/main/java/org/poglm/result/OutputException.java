package org.poglm.result;

/** The output location cannot take a result (a file, a finished result without --overwrite, no access). */
public final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputException(String message) {
        super(message);
    }
}
