package org.poglm.ingest;

/**
 * An input recording that cannot be read as asked: a missing file, a malformed value, a header
 * that lies. The message is one line and names the file, the line (1-based, as an editor shows
 * it) or field, the offending value and what was expected, e.g.
 * {@code counts.csv line 17, column n3: '-1' is not a non-negative integer count}.
 *
 * <p>The command line maps it to exit code 2 (bad input), distinct from internal failures.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(oneLine(message));
    }

    public InputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * A value error at a line and column of a text file:
     * {@code <file> line <line>, column <column>: '<value>' <problem>}.
     */
    public static InputException at(String file, long line, String column, String value, String problem) {
        return new InputException(
            file + " line " + line + ", column " + column + ": '" + Messages.clip(value) + "' " + problem);
    }

    /** An error at a line of a text file: {@code <file> line <line>: <problem>}. */
    public static InputException atLine(String file, long line, String problem) {
        return new InputException(file + " line " + line + ": " + problem);
    }

    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r", " ").replace('\n', ' ');
    }
}
