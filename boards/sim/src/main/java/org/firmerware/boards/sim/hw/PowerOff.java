package org.firmerware.boards.sim.hw;

/**
 * Thrown on the firmware thread, from inside a downcall, to unwind the firmware when the simulated phone loses power
 * or reboots. It is created once per phone (nothing is allocated when it is thrown) and carries no stack trace.
 */
final class PowerOff extends Error {

    private static final long serialVersionUID = 1L;

    /** Whether the phone starts again (a reboot, or the start of another image) rather than staying off. */
    boolean reboot;
    /** Whether power failed (the phone is off until the world powers it on) rather than being switched off. */
    boolean failure;

    PowerOff() {
        super("power off", null, false, false);
    }
}
