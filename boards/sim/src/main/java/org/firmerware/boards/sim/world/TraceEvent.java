package org.firmerware.boards.sim.world;

/**
 * One thing a simulated phone did, as the trace shows it.
 *
 * @param timeUs virtual time in microseconds
 * @param device the phone's name
 * @param kind {@code led}, {@code display}, {@code sound}, {@code console}, {@code cpu} or {@code net}
 * @param name what changed within the kind (the light, the display part, ...)
 * @param value its new value, as text
 */
public record TraceEvent(long timeUs, String device, String kind, String name, String value) {

    /** Kinds a person sees or hears; {@code cpu} and {@code net} are only in the JSON trace. */
    public boolean isVisible() {
        return !kind.equals("cpu") && !kind.equals("net");
    }

    /** Virtual time in milliseconds. */
    public long timeMs() {
        return timeUs / 1000;
    }
}
