package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;

/**
 * The C5501's eight general-purpose I/O pins GPIO0..7 (IODIR, IODATA in the I/O space). Outputs are changed by a
 * read-modify-write of IODATA with interrupts masked, so that drivers sharing the register do not undo each other.
 */
public final class Gpio {

    private final int outputs;
    private final int initial;

    /**
     * Wires the pins; no I/O.
     *
     * @param outputs the pins that are outputs, as a bit mask (bit n = GPIOn)
     * @param initial the level of the outputs at {@link #configure()}, as a bit mask
     */
    public Gpio(int outputs, int initial) {
        this.outputs = outputs & 0xFF;
        this.initial = initial & 0xFF;
    }

    /** Drives the outputs to their initial levels, then makes them outputs. */
    public void configure() {
        Registers.ioWrite16(IO_IODATA, initial);
        Registers.ioWrite16(IO_IODIR, outputs);
    }

    /** Drives output pin {@code pin} high or low. */
    public void set(int pin, boolean high) {
        boolean enabled = Interrupts.disable();
        int data = Registers.ioRead16(IO_IODATA);
        Registers.ioWrite16(IO_IODATA, high ? data | 1 << pin : data & ~(1 << pin));
        Interrupts.restore(enabled);
    }

    /** Whether pin {@code pin} reads high. */
    public boolean get(int pin) {
        return (Registers.ioRead16(IO_IODATA) & 1 << pin) != 0;
    }
}
