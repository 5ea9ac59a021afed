package org.firmerware.bottom.chip.cmsdk;

import static org.firmerware.bottom.chip.cmsdk.CmsdkRegisters.*;

import org.firmerware.bottom.machine.Registers;

/**
 * The CMSDK APB dual-input timer (an SP804) as two one-shot event timers, counting PCLK ticks (no prescaler, 32-bit).
 * Both halves share one interrupt line on most boards: the handler asks {@link #expired} of each. The driver does no
 * upcall itself: it serves board devices that need a time of their own (the counter the user of a half loads is
 * decremented from its load value; the raw interrupt is raised on the step from 1 to 0).
 *
 * <p>Main loop and upcall context; the user of a half owns it.
 */
public final class CmsdkDualTimer {

    private static final int ONE_SHOT = DUAL_CONTROL_ONESHOT | DUAL_CONTROL_SIZE32 | DUAL_CONTROL_INTEN
        | DUAL_CONTROL_PERIODIC;

    private final int base;

    /** Wires the driver at {@code base}; no I/O. */
    public CmsdkDualTimer(int base) {
        this.base = base;
    }

    /** Stops both halves and clears their interrupts. */
    public void configure() {
        stop(0);
        stop(1);
    }

    /** Starts half {@code half} (0 or 1) as a one-shot that raises its interrupt in {@code ticks} (1 to 2^32 - 1). */
    public void start(int half, long ticks) {
        int at = base + (half == 0 ? 0 : DUAL_TIMER2);
        Registers.write32(at + DUAL_CONTROL, ONE_SHOT);
        Registers.write32(at + DUAL_INTCLR, 1);
        Registers.write32(at + DUAL_LOAD, (int) Math.max(1, Math.min(0xFFFF_FFFFL, ticks)));
        Registers.write32(at + DUAL_CONTROL, ONE_SHOT | DUAL_CONTROL_ENABLE);
    }

    /** Stops half {@code half} and clears its interrupt. */
    public void stop(int half) {
        int at = base + (half == 0 ? 0 : DUAL_TIMER2);
        Registers.write32(at + DUAL_CONTROL, ONE_SHOT);
        Registers.write32(at + DUAL_INTCLR, 1);
    }

    /** Whether half {@code half} has counted down (its raw interrupt status); if so, clears it and stops the half. */
    public boolean expired(int half) {
        int at = base + (half == 0 ? 0 : DUAL_TIMER2);
        if ((Registers.read32(at + DUAL_RIS) & 1) == 0) {
            return false;
        }
        stop(half);
        return true;
    }
}
