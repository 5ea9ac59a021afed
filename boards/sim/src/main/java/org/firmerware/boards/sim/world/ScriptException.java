package org.firmerware.boards.sim.world;

/** A script line that cannot be understood; the message starts with {@code file:line:}. */
public final class ScriptException extends Exception {

    private static final long serialVersionUID = 1L;

    public ScriptException(String message) {
        super(message);
    }
}
