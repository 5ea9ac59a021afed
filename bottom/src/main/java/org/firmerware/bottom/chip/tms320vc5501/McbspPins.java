package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;

/**
 * The six pins of a McBSP used as general-purpose I/O (PCR with RIOEN and XIOEN, receiver and transmitter kept in
 * reset): CLKR, CLKX, FSR and FSX as inputs, read in PCR bits 0..3; DR, an input, in bit 4 (DRSTAT); DX, always an
 * output in this mode, driven by bit 5 (DXSTAT). On the BT200, McBSP0's inputs are the key matrix columns and DX the
 * backlight.
 */
public final class McbspPins {

    /** The input bits of {@link #read()}: CLKR, CLKX, FSR, FSX, DR. */
    public static final int INPUTS = PCR_CLKRP | PCR_CLKXP | PCR_FSRP | PCR_FSXP | PCR_DRSTAT;

    private final int base;

    /** Wires the pins of the McBSP at I/O address {@code base}; no I/O. */
    public McbspPins(int base) {
        this.base = base;
    }

    /** Keeps the port in reset and turns its pins into GPIO: all inputs, DX low. */
    public void configure() {
        Registers.ioWrite16(base + MCBSP_SPCR1, 0);
        Registers.ioWrite16(base + MCBSP_SPCR2, 0);
        Registers.ioWrite16(base + MCBSP_PCR, PCR_RIOEN | PCR_XIOEN);
    }

    /** The five inputs, as {@link #INPUTS} bits (1 = high). */
    public int read() {
        return Registers.ioRead16(base + MCBSP_PCR) & INPUTS;
    }

    /** Drives DX high or low. */
    public void setDx(boolean high) {
        boolean enabled = Interrupts.disable();
        int pcr = Registers.ioRead16(base + MCBSP_PCR);
        Registers.ioWrite16(base + MCBSP_PCR, high ? pcr | PCR_DXSTAT : pcr & ~PCR_DXSTAT);
        Interrupts.restore(enabled);
    }
}
