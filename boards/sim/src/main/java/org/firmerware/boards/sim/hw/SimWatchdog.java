package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Watchdog;

/**
 * The simulated phone's watchdog: a deadline in the world's time. When the world reaches it, the phone resets (the
 * trace says {@code cpu watchdog reset}), whether the firmware sleeps or has crashed: a firmware that crashes while it
 * runs does not end the simulation, the phone waits halted for the reset, as a real one would. A hang without sleeping
 * is not modelled (it stops the simulation, as it always did). Its count survives the start of an image; a reset and
 * a power-up stop it.
 */
public final class SimWatchdog implements Watchdog {

    /**
     * The longest count: ten minutes, longer than a trial's or a kept count ({@code sizes.watchdogMs}) that profiles
     * choose; real watchdogs range from seconds to hours.
     */
    static final int MAX_MS = 600_000;

    private final SimPhone phone;
    private long deadlineUs = Long.MAX_VALUE;

    SimWatchdog(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public int maxMs() {
        return MAX_MS;
    }

    @Override
    public void start(int ms) {
        if (ms < 1 || ms > MAX_MS) {
            throw new IllegalArgumentException("watchdog count of " + ms + " ms: 1 to " + MAX_MS);
        }
        deadlineUs = phone.nowUs + ms * 1000L;
    }

    @Override
    public void stop() {
        deadlineUs = Long.MAX_VALUE;
    }

    @Override
    public boolean isRunning() {
        return deadlineUs != Long.MAX_VALUE;
    }

    /** When the phone resets unless the firmware stops the count first; {@code Long.MAX_VALUE} when stopped. */
    long deadlineUs() {
        return deadlineUs;
    }
}
