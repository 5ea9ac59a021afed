package org.firmerware.boards.sim.world;

/** Receives trace events in time order. */
public interface TraceSink {

    /** One event. */
    void event(TraceEvent event);

    /** The run is over; flush and close. */
    default void close() {
    }
}
