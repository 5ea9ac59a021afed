package org.firmerware.boards.sim.hw;

/** The simulated firmware crashed or hung; the message names the phone and what happened. */
public final class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
