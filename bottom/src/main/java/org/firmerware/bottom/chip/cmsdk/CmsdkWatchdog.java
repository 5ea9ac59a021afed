package org.firmerware.bottom.chip.cmsdk;

import static org.firmerware.bottom.chip.cmsdk.CmsdkRegisters.*;

import org.firmerware.bottom.hal.Watchdog;
import org.firmerware.bottom.machine.Registers;

/**
 * The CMSDK APB watchdog as the board's {@link Watchdog}. Its counter runs only while its interrupt is enabled: the
 * first time it reaches 0 it raises WDOGINT (the board decides what that line does; on the MPS2 it is the NMI) and
 * starts again, and the second time, with the interrupt not cleared, it asserts WDOGRES, which resets the board. So a
 * board that resets at the interrupt resets after the time asked for, and one that ignores it after twice that;
 * {@link #start} counts to the interrupt.
 *
 * <p>Between calls the registers are locked against stray stores. Nothing is written at init: a count that the
 * bootloader started goes on across the start of the image.
 */
public final class CmsdkWatchdog implements Watchdog {

    private final int base;
    private final int ticksPerMs;
    private final int maxMs;

    /**
     * Wires the driver; no I/O.
     *
     * @param base the watchdog's base address
     * @param clockHz WDOGCLK, a multiple of 1000 Hz
     */
    public CmsdkWatchdog(int base, int clockHz) {
        if (clockHz < 1000 || clockHz % 1000 != 0) {
            throw new IllegalArgumentException("the watchdog's clock must be a whole number of kHz");
        }
        this.base = base;
        this.ticksPerMs = clockHz / 1000;
        this.maxMs = (int) (0xFFFF_FFFFL / ticksPerMs);
    }

    @Override
    public int maxMs() {
        return maxMs;
    }

    @Override
    public void start(int ms) {
        // At most maxMs, the product fits 32 bits unsigned: the register's value, whatever its sign as an int.
        int ticks = Math.max(1, Math.min(ms, maxMs)) * ticksPerMs;
        Registers.write32(base + WDOG_LOCK, WDOG_UNLOCK);
        Registers.write32(base + WDOG_LOAD, ticks);
        Registers.write32(base + WDOG_INTCLR, 1);
        Registers.write32(base + WDOG_CONTROL, WDOG_CONTROL_INTEN | WDOG_CONTROL_RESEN);
        Registers.write32(base + WDOG_LOCK, 0);
    }

    @Override
    public void stop() {
        Registers.write32(base + WDOG_LOCK, WDOG_UNLOCK);
        Registers.write32(base + WDOG_CONTROL, 0);
        Registers.write32(base + WDOG_INTCLR, 1);
        Registers.write32(base + WDOG_LOCK, 0);
    }

    @Override
    public boolean isRunning() {
        return (Registers.read32(base + WDOG_CONTROL) & WDOG_CONTROL_INTEN) != 0;
    }
}
