package org.firmerware.tools;

/** A problem with what the user asked for (a bad file, a bad option): reported as one line, without a stack trace. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    /** With the exception behind it (kept for debugging; the message alone is shown). */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
