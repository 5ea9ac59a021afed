package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.TimerListener;
import org.firmerware.bottom.machine.InterruptHandler;
import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;

/**
 * The {@link Clock} on the C5501's two general-purpose timers, both in "dual 32-bit chained" mode, where timer 34 is a
 * prescaler that divides the timer clock down to one count per millisecond for timer 12:
 * <ul>
 *   <li><b>GPT1</b> counts milliseconds for ever (period 2^32 - 1, continuous): {@link #now()} is its CNT2:CNT1.</li>
 *   <li><b>GPT0</b> is the one-shot alarm. {@link #setAlarm} stops it, copies GPT1's whole count into it (prescaler
 *       included, so both run in phase), sets its period to the alarm time and starts it once: TINT0 comes when it
 *       reaches that time, at the very millisecond GPT1 does.</li>
 * </ul>
 * Reading CNT1 latches CNT2..CNT4, so a read of CNT1 then CNT2 (and CNT3, CNT4) is one consistent count.
 *
 * <p>An alarm for a time already due is not an interrupt: it is deferred to the next sleep ({@link Vc5501Cpu#defer}),
 * as the contract asks (never from inside {@code setAlarm}).
 */
public final class TimerClock implements Clock, Vc5501Cpu.Deferred {

    /** Timing of the board. Immutable. */
    public static final class Config {
        /** Timer clock cycles per millisecond (the BT200's SYSCLK1 of 122.88 MHz: 122 880). */
        public final int cyclesPerMs;

        public Config(int cyclesPerMs) {
            if (cyclesPerMs <= 1) {
                throw new IllegalArgumentException("TimerClock: at least 2 timer cycles per millisecond");
            }
            this.cyclesPerMs = cyclesPerMs;
        }
    }

    private final Vc5501Cpu cpu;
    private final Config config;
    private TimerListener listener;
    private final int deferredSlot;
    private boolean armed;
    private boolean duePending;

    /** Wires the clock and takes its deferred-upcall slot; no I/O. */
    public TimerClock(Vc5501Cpu cpu, Config config) {
        this.cpu = cpu;
        this.config = config;
        this.deferredSlot = cpu.register(this);
    }

    /**
     * Starts GPT1 counting milliseconds from 0, prepares GPT0 and enables TINT0. Runs at every boot (an AOT image runs
     * the board's bring-up on the device), so it only touches the hardware.
     */
    public void configure() {
        int prescale = config.cyclesPerMs - 1;
        setUp(IO_GPT1, prescale);
        write(IO_GPT1, GPT_PRD1, 0xFFFF);
        write(IO_GPT1, GPT_PRD2, 0xFFFF);
        write(IO_GPT1, GPT_CTL2, GPTCTL_CONTINUOUS);
        write(IO_GPT1, GPT_CTL1, GPTCTL_CONTINUOUS);
        setUp(IO_GPT0, prescale);
        Vc5501Cpu.enableInterrupt(VECTOR_TINT0);
    }

    private static void setUp(int gpt, int prescale) {
        write(gpt, GPT_CTL1, 0);
        write(gpt, GPT_CTL2, 0);
        write(gpt, GPT_GCTL1, GPTGCTL_CHAINED);
        write(gpt, GPT_PRD3, prescale & 0xFFFF);
        write(gpt, GPT_PRD4, prescale >>> 16);
        write(gpt, GPT_CNT1, 0);
        write(gpt, GPT_CNT2, 0);
        write(gpt, GPT_CNT3, 0);
        write(gpt, GPT_CNT4, 0);
        write(gpt, GPT_GCTL1, GPTGCTL_CHAINED | GPTGCTL_TIM12RS | GPTGCTL_TIM34RS);
    }

    /** Where alarms go; called by the board's attach. */
    public void attach(TimerListener target) {
        listener = target;
        if (duePending) {
            cpu.defer(deferredSlot);
        }
    }

    @Override
    public int now() {
        int low = read(IO_GPT1, GPT_CNT1);
        int high = read(IO_GPT1, GPT_CNT2);
        return high << 16 | low;
    }

    @Override
    public void setAlarm(int atMs) {
        boolean enabled = Interrupts.disable();
        stopAlarm();
        int c1 = read(IO_GPT1, GPT_CNT1);
        int c2 = read(IO_GPT1, GPT_CNT2);
        int c3 = read(IO_GPT1, GPT_CNT3);
        int c4 = read(IO_GPT1, GPT_CNT4);
        if (Clock.beforeOrAt(atMs, c2 << 16 | c1)) {
            duePending = true;
            if (listener != null) {
                cpu.defer(deferredSlot);
            }
        } else {
            write(IO_GPT0, GPT_CNT1, c1);
            write(IO_GPT0, GPT_CNT2, c2);
            write(IO_GPT0, GPT_CNT3, c3);
            write(IO_GPT0, GPT_CNT4, c4);
            write(IO_GPT0, GPT_PRD1, atMs & 0xFFFF);
            write(IO_GPT0, GPT_PRD2, atMs >>> 16);
            write(IO_GPT0, GPT_CTL2, GPTCTL_CONTINUOUS);
            write(IO_GPT0, GPT_CTL1, GPTCTL_ONE_TIME);
            armed = true;
        }
        Interrupts.restore(enabled);
    }

    @Override
    public void cancelAlarm() {
        boolean enabled = Interrupts.disable();
        stopAlarm();
        Interrupts.restore(enabled);
    }

    /** Stops GPT0 and forgets a TINT0 it may have raised meanwhile. Interrupts masked. */
    private void stopAlarm() {
        write(IO_GPT0, GPT_CTL1, 0);
        write(IO_GPT0, GPT_CTL2, 0);
        Vc5501Cpu.clearInterrupt(VECTOR_TINT0);
        armed = false;
        duePending = false;
    }

    /** TINT0: GPT0 reached the alarm time. */
    @InterruptHandler(VECTOR_TINT0)
    public void onTimer0() {
        cpu.noteInterrupt();
        if (!armed) {
            return;
        }
        armed = false;
        write(IO_GPT0, GPT_CTL2, 0);
        if (listener != null) {
            listener.onAlarm();
        }
    }

    @Override
    public void onDeferred() {
        if (duePending && listener != null) {
            duePending = false;
            listener.onAlarm();
        }
    }

    /** The prescaler count of GPT1 (timer cycles into the current millisecond): jitter for the entropy pool. */
    public int subMillisecond() {
        read(IO_GPT1, GPT_CNT1);
        return read(IO_GPT1, GPT_CNT3);
    }

    private static int read(int gpt, int register) {
        return Registers.ioRead16(gpt + register);
    }

    private static void write(int gpt, int register, int value) {
        Registers.ioWrite16(gpt + register, value & 0xFFFF);
    }
}
