package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.VECTOR_INT0;

import org.firmerware.bottom.machine.InterruptHandler;

/**
 * The C5501's external interrupt pin INT0 (falling edge), handed to the driver of the chip wired to it (on the BT200,
 * the KSZ8842's interrupt output). Edge-triggered: the chip's driver must clear every cause before it returns, or the
 * line stays low and no new edge comes.
 */
public final class ExternalInterrupt0 {

    /** The driver of the chip on the pin. */
    public interface Listener {

        /** The pin went low. Upcall context. */
        void onInterrupt();
    }

    private final Vc5501Cpu cpu;
    private final Listener listener;

    /** Wires the pin to its chip's driver; no I/O. */
    public ExternalInterrupt0(Vc5501Cpu cpu, Listener listener) {
        this.cpu = cpu;
        this.listener = listener;
    }

    /** Enables INT0. */
    public void configure() {
        Vc5501Cpu.enableInterrupt(VECTOR_INT0);
    }

    /** INT0. */
    @InterruptHandler(VECTOR_INT0)
    public void onInt0() {
        cpu.noteInterrupt();
        listener.onInterrupt();
    }
}
