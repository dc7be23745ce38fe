package org.poglm.report;

/**
 * A result directory cannot be reported on: a required file is missing or does not have the
 * expected content. The message is one line naming the file and what was expected.
 */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
