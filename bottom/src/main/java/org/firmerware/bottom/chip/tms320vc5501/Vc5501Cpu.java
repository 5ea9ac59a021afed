package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;
import org.firmerware.bottom.machine.Reset;

/**
 * The C55x CPU of the TMS320VC5501 as the kernel's {@link Cpu}: the critical region is the interrupt mask (INTM), and
 * sleeping is the {@code IDLE} instruction with the idle domains of the chosen depth in ICR and PICR.
 *
 * <h2>No lost wake-up</h2>
 * Every interrupt handler notes that it ran ({@link #noteInterrupt()}). {@link #prepareSleep()} forgets earlier notes; {@link #commitSleep} masks interrupts, and idles only when no upcall was noted since and no
 * deferred upcall waits. An interrupt that comes after the mask wakes the IDLE (the C55x leaves IDLE on a pending
 * enabled interrupt even while INTM masks it) and runs when the mask is restored, before {@code commitSleep} returns.
 *
 * <h2>Deferred upcalls</h2>
 * Some upcalls are due because of a downcall, not an interrupt (an alarm set for a time already past, a sound block
 * freed by the top). The bottom contract forbids making them from inside the downcall, so the driver {@link #defer}s
 * them: they run in upcall context (interrupts masked) from the next {@link #commitSleep}, which then returns without
 * idling. A driver registers such an upcall once, during init ({@link #register}).
 */
public final class Vc5501Cpu implements Cpu {

    /** An upcall a driver delivers later, from {@link #commitSleep}. */
    public interface Deferred {

        /** Makes the driver's deferred upcalls. Upcall context (interrupts masked). */
        void onDeferred();
    }

    /** How the board idles. Immutable. */
    public static final class Config {
        /** ICR for {@link Cpu#SNOOZE}: the domains IDLE stops (at least the CPU). */
        public final int snoozeIcr;
        /** ICR for {@link Cpu#HIBERNATE}. */
        public final int hibernateIcr;
        /** PICR for {@link Cpu#HIBERNATE}: the peripherals that idle with the PERI domain. */
        public final int hibernatePicr;
        /** The most drivers with deferred upcalls (at most 16). */
        public final int deferredSlots;

        public Config(int snoozeIcr, int hibernateIcr, int hibernatePicr, int deferredSlots) {
            if (deferredSlots < 0 || deferredSlots > 16) {
                throw new IllegalArgumentException("Vc5501Cpu: 0..16 deferred upcall slots");
            }
            this.snoozeIcr = snoozeIcr;
            this.hibernateIcr = hibernateIcr;
            this.hibernatePicr = hibernatePicr;
            this.deferredSlots = deferredSlots;
        }
    }

    private final Config config;
    private final Deferred[] deferred;
    private int deferredCount;
    private int pendingDeferred;
    private int criticalDepth;
    private boolean enabledBefore;
    private boolean upcalled;

    /** Wires the CPU; no I/O. */
    public Vc5501Cpu(Config config) {
        this.config = config;
        this.deferred = new Deferred[config.deferredSlots];
    }

    /** Masks interrupts until the end of init (the kernel's attach); called first thing at boot. */
    public void configure() {
        Interrupts.disable();
        Registers.write16(MM_IER0, 0);
        Registers.write16(MM_IER1, 0);
        Registers.write16(MM_IFR0, 0xFFFF);
        Registers.write16(MM_IFR1, 0xFFFF);
    }

    /**
     * Registers a driver's deferred upcall. Init only.
     *
     * @return the slot to pass to {@link #defer}
     */
    public int register(Deferred upcall) {
        if (deferredCount == deferred.length) {
            throw new IllegalStateException("Vc5501Cpu: more deferred upcalls than the board has slots for");
        }
        deferred[deferredCount] = upcall;
        return deferredCount++;
    }

    /** Asks for the deferred upcall of a slot to run from the next {@link #commitSleep}. Any context. */
    public void defer(int slot) {
        boolean enabled = Interrupts.disable();
        pendingDeferred |= 1 << slot;
        Interrupts.restore(enabled);
    }

    /**
     * Notes that an interrupt handler ran, so that it cancels a coming sleep. Every {@code @InterruptHandler} of the
     * board's drivers calls this first (whether or not it makes an upcall: a sleep cancelled for nothing costs one turn
     * of the main loop). Upcall context.
     */
    public void noteInterrupt() {
        upcalled = true;
    }

    /** Enables interrupts at the end of init: the kernel attached, upcalls may come. */
    public void start() {
        criticalDepth = 0;
        Interrupts.restore(true);
    }

    @Override
    public void enterCritical() {
        boolean enabled = Interrupts.disable();
        if (criticalDepth++ == 0) {
            enabledBefore = enabled;
        }
    }

    @Override
    public void leaveCritical() {
        if (criticalDepth > 0 && --criticalDepth == 0) {
            Interrupts.restore(enabledBefore);
        }
    }

    @Override
    public void prepareSleep() {
        upcalled = false;
    }

    @Override
    public void commitSleep(int depth) {
        boolean enabled = Interrupts.disable();
        if (!upcalled && pendingDeferred == 0) {
            if (depth == HIBERNATE) {
                Registers.ioWrite16(IO_PICR, config.hibernatePicr);
                Registers.ioWrite16(IO_ICR, config.hibernateIcr);
            } else {
                Registers.ioWrite16(IO_ICR, config.snoozeIcr);
            }
            Interrupts.waitForInterrupt(depth);
        }
        int due = pendingDeferred;
        pendingDeferred = 0;
        for (int i = 0; i < deferredCount && due != 0; i++) {
            if ((due & 1 << i) != 0) {
                due &= ~(1 << i);
                deferred[i].onDeferred();
            }
        }
        Interrupts.restore(enabled);
    }

    @Override
    public void reboot() {
        Interrupts.disable();
        criticalDepth = 0;
        Reset.cpu();
    }

    @Override
    public void startImage(int block) {
        Interrupts.disable();
        criticalDepth = 0;
        Reset.image(block);
    }

    /** Drives the XF pin (on the BT200 the MESSAGE LED): a read-modify-write of ST1_55 with interrupts masked. */
    public void setXf(boolean high) {
        boolean enabled = Interrupts.disable();
        int st1 = Registers.read16(MM_ST1_55);
        Registers.write16(MM_ST1_55, high ? st1 | ST1_XF : st1 & ~ST1_XF);
        Interrupts.restore(enabled);
    }

    /** Enables an interrupt vector in its IER, clearing a stale flag first. */
    public static void enableInterrupt(int vector) {
        boolean enabled = Interrupts.disable();
        Registers.write16(ifrOf(vector), bitOf(vector));
        Registers.write16(ierOf(vector), Registers.read16(ierOf(vector)) | bitOf(vector));
        Interrupts.restore(enabled);
    }

    /** Clears an interrupt's pending flag (write 1 to clear). */
    public static void clearInterrupt(int vector) {
        Registers.write16(ifrOf(vector), bitOf(vector));
    }
}
