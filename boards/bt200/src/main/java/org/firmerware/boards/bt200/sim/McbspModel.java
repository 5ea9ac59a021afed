package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.hal.Leds;

/**
 * A C5501 McBSP as the BT200 uses it.
 * <ul>
 *   <li><b>McBSP0</b> is general-purpose I/O (PCR with RIOEN and XIOEN, receiver and transmitter in reset): CLKR, CLKX,
 *       FSR, FSX and DR read the key matrix columns; DX drives the backlight.</li>
 *   <li><b>McBSP1</b> is the codec's serial link: the sample-rate generator makes a bit clock from SYSCLK2 and a frame
 *       sync every FPER + 1 bit clocks; while the frame sync runs, the DMA model moves one sample per frame each
 *       way.</li>
 * </ul>
 * Checks: GPIO pins read while the port is not in GPIO mode; a frame sync started with the receiver or transmitter in
 * reset or the generator stopped; the serial format (16-bit words, one per frame) changed from the codec's.
 */
final class McbspModel {

    private final Bt200Phone phone;
    private final int base;
    private final boolean gpio;
    private final int[] regs = new int[MCBSP_PCR + 1];
    private boolean framing;

    McbspModel(Bt200Phone phone, int base) {
        this.phone = phone;
        this.base = base;
        this.gpio = base == IO_MCBSP0;
    }

    void reset() {
        for (int i = 0; i < regs.length; i++) {
            regs[i] = 0;
        }
        regs[MCBSP_SRGR1] = 0x0001;
        regs[MCBSP_SRGR2] = SRGR2_CLKSM;
        framing = false;
    }

    int read(int offset) {
        if (offset == MCBSP_PCR && gpio) {
            int pcr = regs[MCBSP_PCR];
            if ((pcr & (PCR_RIOEN | PCR_XIOEN)) != (PCR_RIOEN | PCR_XIOEN)) {
                phone.errors.report(phone.nowUs, "McBSP0's PCR read while its pins are not GPIO (PCR %x)", pcr, 0, 0);
            }
            return pcr & ~0x1F | phone.keys.columns();
        }
        if (offset == MCBSP_DRR1 || offset == MCBSP_DRR2) {
            phone.errors.report(phone.nowUs, "McBSP at %x: DRR read by the CPU; the DMA moves the samples", base, 0, 0);
            return 0;
        }
        if (offset == MCBSP_SPCR2 && !gpio) {
            return regs[offset] | SPCR2_XRDY;
        }
        return offset < regs.length ? regs[offset] : 0;
    }

    void write(int offset, int value) {
        if (offset >= regs.length) {
            return;
        }
        if (offset == MCBSP_DXR1 || offset == MCBSP_DXR2) {
            phone.errors.report(phone.nowUs, "McBSP at %x: DXR written by the CPU; the DMA moves the samples", base, 0,
                0);
            return;
        }
        int old = regs[offset];
        regs[offset] = value;
        if (gpio) {
            if (offset == MCBSP_PCR && ((old ^ value) & PCR_DXSTAT) != 0 && (value & PCR_XIOEN) != 0) {
                phone.record(TraceRing.LED, Leds.BACKLIGHT, (value & PCR_DXSTAT) != 0 ? Leds.GREEN : Leds.OFF, 0,
                    null, 0, 0);
            }
            if ((offset == MCBSP_SPCR1 && (value & SPCR1_RRST) != 0)
                || (offset == MCBSP_SPCR2 && (value & SPCR2_XRST) != 0)) {
                phone.errors.report(phone.nowUs, "McBSP0's receiver or transmitter taken out of reset: its pins are "
                    + "the keys and the backlight", 0, 0, 0);
            }
            return;
        }
        if (offset == MCBSP_RCR1 || offset == MCBSP_XCR1) {
            if (value != XCR1_ONE_16_BIT_WORD) {
                phone.errors.report(phone.nowUs, "McBSP1 frame format %x: the codec sends one 16-bit word per frame",
                    value, 0, 0);
            }
        }
        boolean nowFraming = (regs[MCBSP_SPCR2] & (SPCR2_FRST | SPCR2_GRST)) == (SPCR2_FRST | SPCR2_GRST);
        if (nowFraming && !framing) {
            if ((regs[MCBSP_SPCR2] & SPCR2_XRST) == 0 || (regs[MCBSP_SPCR1] & SPCR1_RRST) == 0) {
                phone.errors.report(phone.nowUs, "McBSP1's frame sync started with the receiver or transmitter in "
                    + "reset", 0, 0, 0);
            }
            if ((regs[MCBSP_PCR] & (PCR_FSXM | PCR_CLKXM)) != (PCR_FSXM | PCR_CLKXM)) {
                phone.errors.report(phone.nowUs, "McBSP1's frame sync started but the DSP does not drive FSX and CLKX "
                    + "(PCR %x): the codec is a slave", regs[MCBSP_PCR], 0, 0);
            }
            framing = true;
            phone.dma.framesStarted();
        } else if (!nowFraming && framing) {
            framing = false;
            phone.dma.framesStopped();
        } else if (framing && (offset == MCBSP_SRGR1 || offset == MCBSP_SRGR2)) {
            phone.errors.report(phone.nowUs, "McBSP1's sample-rate generator changed while frames run", 0, 0, 0);
        }
    }

    /** Whether the frame sync runs (McBSP1). */
    boolean framing() {
        return framing;
    }

    /** Whether DX is driven high in GPIO mode (McBSP0: the backlight). */
    boolean dx() {
        return (regs[MCBSP_PCR] & (PCR_XIOEN | PCR_DXSTAT)) == (PCR_XIOEN | PCR_DXSTAT);
    }

    /** The bit clock (CLKG) in Hz: SYSCLK2 over CLKGDV + 1. */
    long bitClockHz() {
        return phone.soc.sysclkHz(2) / ((regs[MCBSP_SRGR1] & SRGR1_CLKGDV) + 1);
    }

    /** Bit clocks per frame: FPER + 1. */
    int bitsPerFrame() {
        return (regs[MCBSP_SRGR2] & SRGR2_FPER) + 1;
    }

    /** The frame rate, rounded to whole Hz. */
    int frameRateHz() {
        return (int) Math.round((double) bitClockHz() / bitsPerFrame());
    }
}
