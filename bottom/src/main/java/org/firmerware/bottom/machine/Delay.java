package org.firmerware.bottom.machine;

/**
 * Busy-waiting for a number of CPU cycles: the short waits that chips ask for between two signal edges (a bit clock's
 * half period, a reset pulse, a PLL's settling time). An intrinsic like {@link Registers}: AOT images compile it to a
 * loop the compiler may not remove (on the C55x, {@code RPT #n; NOP}); on the host JVM it tells the {@link Machine},
 * whose models may use the count to check a chip's timing. It never waits for time to pass in a simulation, so it is
 * only for waits of a fixed, small number of cycles, never for "until the hardware is ready".
 */
public final class Delay {

    private Delay() {
    }

    /** Waits at least {@code cycles} CPU cycles (at the board's CPU clock). */
    public static void cycles(int cycles) {
        Machine.current().delayCycles(cycles);
    }
}
