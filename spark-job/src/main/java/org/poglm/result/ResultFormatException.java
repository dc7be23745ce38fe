package org.poglm.result;

/** A result file is missing or does not hold what its format says; the message names the file, the line or field, the value and what was expected. */
public final class ResultFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultFormatException(String message) {
        super(message);
    }

    public ResultFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
