package org.firmerware.bottom.hal;

/**
 * A device that raises no interrupt for some of its inputs and must be looked at from time to time. The kernel calls
 * {@link #poll()} every {@link #pollIntervalMs()} milliseconds from the main loop while that answers non-zero.
 */
public interface Polled {

    /**
     * How soon the device wants to be polled again, in milliseconds, or 0 when it needs no polling now (it is
     * interrupt-driven, or nothing can change). Asked after every {@link #poll()} and after every upcall of the device,
     * so a board may poll fast while a key is held and slowly (or not at all) otherwise. Main loop only.
     */
    int pollIntervalMs();

    /**
     * Looks at the inputs once. This is the one downcall that may make the device's upcalls, synchronously, because
     * those only record facts; on a board with real interrupts it makes them inside the CPU's critical region, so that
     * no interrupt's upcall interleaves with them. Main loop only; bounded time (no waiting for a key to be released).
     */
    void poll();
}
