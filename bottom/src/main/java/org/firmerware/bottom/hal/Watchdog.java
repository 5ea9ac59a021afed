package org.firmerware.bottom.hal;

/**
 * A watchdog: a counter that resets the board when it runs out, unless it is stopped or started again first.
 *
 * <p>Its count survives {@link Cpu#startImage}: the bootloader starts it before it starts a firmware on trial, and
 * the firmware stops it once it has confirmed itself, so that a firmware that hangs or halts before that is reset
 * and the bootloader counts the start as failed. Where the board profile keeps a count ({@code sizes.watchdogMs}),
 * the kernel starts it again for as long as the firmware's main loop runs, instead of stopping it. A reset (its own,
 * a panic's, a power cut) stops it, and a board's init leaves it as it is (init must not stop a count the bootloader
 * started).
 *
 * <p>Stopped, it costs nothing: no wake-up feeds it. Main loop only.
 */
public interface Watchdog {

    /** The longest count {@link #start} takes, in milliseconds (at least 10,000). */
    int maxMs();

    /**
     * Starts the count, or starts it again from the beginning: the board resets {@code ms} milliseconds from now
     * unless {@link #stop} or {@code start} comes first.
     *
     * @param ms 1 to {@link #maxMs()}
     */
    void start(int ms);

    /** Stops the count; the board no longer resets on its account. */
    void stop();

    /** Whether it is counting. */
    boolean isRunning();
}
