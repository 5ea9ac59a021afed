package org.firmerware.bottom.chip.cmsdk;

import static org.firmerware.bottom.chip.cmsdk.CmsdkRegisters.*;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.TimerListener;
import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;

/**
 * Two CMSDK APB timers as the kernel's {@link Clock}: a free-running <em>timebase</em> for the millisecond clock and a
 * one-shot <em>alarm</em>. Tickless: neither interrupts while nothing is due, but for the timebase's wrap.
 *
 * <h2>The millisecond clock</h2>
 * The timebase counts down at PCLK from a reload chosen so that one period is a whole number of milliseconds (at
 * 25 MHz: 4,294,949,999 + 1 ticks, exactly 171.798 s); its interrupt at the end of each period counts periods. The
 * time is {@code periods × periodMs + elapsed ticks / ticks per ms}, read with interrupts masked. A wrap whose interrupt has
 * not run yet is seen in the interrupt status and counted, and so is the one tick in which the counter holds 0 (the
 * TRM and QEMU: the interrupt comes on the step from 1 to 0, the reload one tick later). Time 0 is when the timebase
 * starts: at boot, when the image replays init's stores.
 *
 * <h2>The alarm</h2>
 * {@link #setAlarm} loads the alarm timer with the ticks from now to the start of the millisecond asked for (at most
 * {@link #MAX_WAIT_MS} at a time: a later alarm takes one more interrupt that finds it not yet due and loads the
 * rest). The interrupt disarms it and makes the upcall when the time has come; an alarm set for a past time fires one
 * tick later, from its interrupt, never from inside {@code setAlarm}.
 *
 * <p>Main loop only, except the two {@code on...Interrupt} methods (upcall context) and {@link #now()} (anywhere).
 */
public final class CmsdkTimerClock implements Clock {

    /** The longest the alarm timer is loaded for at once. */
    public static final int MAX_WAIT_MS = 100_000;

    /** Where the timers are and how fast they count. Immutable. */
    public static final class Config {
        /** The timebase timer's base address. */
        public final int timebase;
        /** The alarm timer's base address. */
        public final int alarm;
        /** PCLK in Hz: a whole number of kHz. */
        public final int pclkHz;

        public Config(int timebase, int alarm, int pclkHz) {
            if (pclkHz <= 0 || pclkHz % 1000 != 0) {
                throw new IllegalArgumentException("CmsdkTimerClock: PCLK must be a whole number of kHz");
            }
            this.timebase = timebase;
            this.alarm = alarm;
            this.pclkHz = pclkHz;
        }
    }

    private final Config config;
    private final int ticksPerMs;
    private final int periodMs;
    /** The timebase's reload: one period is reload + 1 ticks (an unsigned value). */
    private final int reload;
    private TimerListener listener;
    private int periods;
    private int alarmAt;
    private boolean armed;

    /** Wires the driver; no I/O. */
    public CmsdkTimerClock(Config config) {
        this.config = config;
        this.ticksPerMs = config.pclkHz / 1000;
        this.periodMs = (int) (0xFFFF_FFFFL / ticksPerMs);
        this.reload = (int) ((long) periodMs * ticksPerMs - 1);
    }

    /**
     * The timers' init: the alarm stopped and its interrupt cleared, the timebase loaded with a whole period and
     * started with its interrupt. The counter is written as well as the reload, and the timebase's interrupt status is
     * not written (a reset clears it), so that a read of the clock during init (at build time, where a register reads
     * what was last stored there) gives time 0.
     */
    public void configure() {
        Registers.write32(config.alarm + TIMER_CTRL, 0);
        Registers.write32(config.alarm + TIMER_INTSTATUS, 1);
        Registers.write32(config.timebase + TIMER_CTRL, 0);
        Registers.write32(config.timebase + TIMER_RELOAD, reload);
        Registers.write32(config.timebase + TIMER_VALUE, reload);
        Registers.write32(config.timebase + TIMER_CTRL, TIMER_CTRL_EN | TIMER_CTRL_IRQEN);
    }

    /** Where the alarm's upcall goes; called by the board's attach. */
    public void attach(TimerListener target) {
        listener = target;
    }

    /** Timer ticks in a millisecond. */
    public int ticksPerMs() {
        return ticksPerMs;
    }

    @Override
    public int now() {
        boolean enabled = Interrupts.disable();
        int ms = periods * periodMs + Integer.divideUnsigned(elapsed(), ticksPerMs);
        Interrupts.restore(enabled);
        return ms;
    }

    /**
     * Timer ticks from now to the start of millisecond {@code atMs} (a clock time), 0 when it has come, at most
     * {@link #MAX_WAIT_MS} milliseconds' worth. Anywhere.
     */
    public long ticksUntil(int atMs) {
        boolean enabled = Interrupts.disable();
        int e = elapsed();
        int nowMs = periods * periodMs + Integer.divideUnsigned(e, ticksPerMs);
        int sub = Integer.remainderUnsigned(e, ticksPerMs);
        Interrupts.restore(enabled);
        int delta = atMs - nowMs;
        if (delta <= 0) {
            return 0;
        }
        if (delta > MAX_WAIT_MS) {
            return (long) MAX_WAIT_MS * ticksPerMs;
        }
        return (long) delta * ticksPerMs - sub;
    }

    /** Ticks into the current period (unsigned), the period count adjusted for a wrap not yet handled. */
    private int elapsed() {
        // The status before and after the counter: when the wrap came in between, the counter is read again, so that
        // a value from before the wrap is never taken for one after it.
        boolean before = (Registers.read32(config.timebase + TIMER_INTSTATUS) & 1) != 0;
        int value = Registers.read32(config.timebase + TIMER_VALUE);
        boolean wrapped = (Registers.read32(config.timebase + TIMER_INTSTATUS) & 1) != 0;
        if (wrapped != before) {
            value = Registers.read32(config.timebase + TIMER_VALUE);
        }
        if (value == 0) {
            // The one tick at 0: the end of the period before the wrap's interrupt ran, the start of the next after.
            return wrapped ? reload : 0;
        }
        if (wrapped) {
            periods++;
            Registers.write32(config.timebase + TIMER_INTSTATUS, 1);
        }
        return reload - value;
    }

    @Override
    public void setAlarm(int atMs) {
        boolean enabled = Interrupts.disable();
        alarmAt = atMs;
        armed = true;
        load(ticksUntil(atMs));
        Interrupts.restore(enabled);
    }

    @Override
    public void cancelAlarm() {
        boolean enabled = Interrupts.disable();
        armed = false;
        Registers.write32(config.alarm + TIMER_CTRL, 0);
        Registers.write32(config.alarm + TIMER_INTSTATUS, 1);
        Interrupts.restore(enabled);
    }

    /** Starts the alarm timer as a one-shot of {@code ticks} (at least 1). */
    private void load(long ticks) {
        Registers.write32(config.alarm + TIMER_CTRL, 0);
        Registers.write32(config.alarm + TIMER_INTSTATUS, 1);
        Registers.write32(config.alarm + TIMER_RELOAD, 0);
        Registers.write32(config.alarm + TIMER_VALUE, (int) Math.max(1, ticks));
        Registers.write32(config.alarm + TIMER_CTRL, TIMER_CTRL_EN | TIMER_CTRL_IRQEN);
    }

    /** The timebase's interrupt: one more period. Makes no upcall. Upcall context. */
    public boolean onTimebaseInterrupt() {
        if ((Registers.read32(config.timebase + TIMER_INTSTATUS) & 1) != 0) {
            Registers.write32(config.timebase + TIMER_INTSTATUS, 1);
            periods++;
        }
        return false;
    }

    /**
     * The alarm's interrupt: stops the timer; makes the upcall if the alarm is due, or loads the rest of a long wait.
     * Upcall context.
     *
     * @return whether it made the upcall
     */
    public boolean onAlarmInterrupt() {
        Registers.write32(config.alarm + TIMER_CTRL, 0);
        Registers.write32(config.alarm + TIMER_INTSTATUS, 1);
        if (!armed) {
            return false;
        }
        long ticks = ticksUntil(alarmAt);
        if (ticks > 0) {
            load(ticks);
            return false;
        }
        armed = false;
        if (listener != null) {
            listener.onAlarm();
            return true;
        }
        return false;
    }
}
