package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.boards.sim.hw.Microphone;
import org.firmerware.boards.sim.hw.Speaker;
import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.hal.Sound;

/**
 * The C5501's DMA controller as the BT200's sound uses it: channels synchronised to McBSP1's receive event (REVT1:
 * from DRR1 into memory) and transmit event (XEVT1: from memory into DXR1), each moving one 16-bit element per frame.
 * Instead of one event per sample, the model moves a whole block when the frames of the block have passed: it hands the
 * played samples to the world's speaker and fills the recorded ones from the world's microphone, for the time slot of
 * the block, exactly as the board {@code sim} does.
 *
 * <h2>Channel life (SPRU587's semantics, as far as the BT200 needs them)</h2>
 * A channel copies its configuration registers (addresses, element count) into working registers when EN goes to 1.
 * At the end of a block it sets BLOCK, FRAME and LAST in DMACSR (read to clear) and raises its interrupt when DMACICR
 * asks. Then, with AUTOINIT: if ENDPROG is set it clears it, copies the configuration again and goes on at the next
 * frame; otherwise it waits for ENDPROG. Without AUTOINIT it clears EN.
 *
 * <p>Checks: a frame sync with a channel not enabled (the codec would hear garbage), element counts that differ,
 * 8- or 32-bit elements, addresses outside the firmware's DMA buffers, a frame rate that differs from the codec's
 * sample rate.
 */
final class DmaModel {

    private static final int CHANNELS = 6;
    /** DMACSDP: the source port field (bits 5:2) and the destination port field (bits 12:9). */
    private static final int SOURCE_PORT = 0x003C, DESTINATION_PORT = 0x1E00;

    private final Bt200Phone phone;
    private final int[][] regs = new int[CHANNELS][16];
    private final boolean[] waiting = new boolean[CHANNELS];
    private final int[] source = new int[CHANNELS];
    private final int[] destination = new int[CHANNELS];
    private final int[] elements = new int[CHANNELS];
    private final int[] status = new int[CHANNELS];
    private int globalControl;
    private boolean framing;
    private long blockStartUs;
    private long blocksMoved;

    DmaModel(Bt200Phone phone) {
        this.phone = phone;
    }

    void reset() {
        for (int c = 0; c < CHANNELS; c++) {
            for (int i = 0; i < 16; i++) {
                regs[c][i] = 0;
            }
            waiting[c] = false;
            status[c] = 0;
        }
        globalControl = 0;
        framing = false;
    }

    int read(int address) {
        if (address >= IO_DMAGCR) {
            return address == IO_DMAGCR ? globalControl : 0;
        }
        int c = (address - IO_DMA0) / DMA_CHANNEL_STRIDE;
        int r = (address - IO_DMA0) % DMA_CHANNEL_STRIDE;
        if (r == DMA_CSR) {
            int s = status[c];
            status[c] = 0;
            return s;
        }
        return r < 16 ? regs[c][r] : 0;
    }

    void write(int address, int value) {
        if (address >= IO_DMAGCR) {
            if (address == IO_DMAGCR) {
                globalControl = value;
            }
            return;
        }
        int c = (address - IO_DMA0) / DMA_CHANNEL_STRIDE;
        int r = (address - IO_DMA0) % DMA_CHANNEL_STRIDE;
        if (r >= 16) {
            return;
        }
        int old = regs[c][r];
        regs[c][r] = value;
        if (r == DMA_CCR) {
            boolean wasOn = (old & CCR_EN) != 0;
            boolean on = (value & CCR_EN) != 0;
            if (on && !wasOn) {
                if (framing) {
                    phone.errors.report(phone.nowUs, "DMA channel %d enabled while McBSP1's frames already run: it "
                        + "starts in the middle of the stream", c, 0, 0);
                }
                load(c);
                waiting[c] = false;
            } else if (on && waiting[c] && (value & CCR_ENDPROG) != 0) {
                load(c);
                regs[c][DMA_CCR] &= ~CCR_ENDPROG;
                waiting[c] = false;
                blockStartUs = phone.nowUs;
            }
        } else if (r == DMA_CEN && syncedTo(c, SYNC_XEVT1)) {
            phone.record(TraceRing.SOUND_CONFIG, 0, phone.mcbsp1.frameRateHz(), value, null, 0, 0);
        }
    }

    /** The working registers from the configuration registers. */
    private void load(int c) {
        source[c] = regs[c][DMA_CSSAL] | regs[c][DMA_CSSAU] << 16;
        destination[c] = regs[c][DMA_CDSAL] | regs[c][DMA_CDSAU] << 16;
        elements[c] = regs[c][DMA_CEN];
    }

    private boolean enabled(int c) {
        return (regs[c][DMA_CCR] & CCR_EN) != 0;
    }

    private boolean syncedTo(int c, int event) {
        return (regs[c][DMA_CCR] & CCR_SYNC) == event;
    }

    /** The channel synchronised to an event, or -1. */
    private int channelOf(int event) {
        for (int c = 0; c < CHANNELS; c++) {
            if (enabled(c) && syncedTo(c, event)) {
                return c;
            }
        }
        return -1;
    }

    /** McBSP1's frame sync started. Firmware thread. */
    void framesStarted() {
        framing = true;
        blockStartUs = phone.nowUs;
        int record = channelOf(SYNC_REVT1);
        int play = channelOf(SYNC_XEVT1);
        if (record < 0 || play < 0) {
            phone.errors.report(phone.nowUs, "McBSP1's frames started without a DMA channel for each direction "
                + "(record %d, play %d)", record, play, 0);
            return;
        }
        if (elements[record] != elements[play] || elements[play] <= 0) {
            phone.errors.report(phone.nowUs, "DMA blocks of %d samples recorded and %d played: they must be equal",
                elements[record], elements[play], 0);
        }
        checkFormat(record, SOURCE_PORT, CSDP_SRC_PERIPH);
        checkFormat(play, DESTINATION_PORT, CSDP_DST_PERIPH);
        int codecRate = phone.codec.sampleRateHz();
        int rate = phone.mcbsp1.frameRateHz();
        if (Math.abs(codecRate - rate) * 200L > rate) {
            phone.errors.report(phone.nowUs, "McBSP1 makes %d frames a second, the codec's PLL is set for %d Hz",
                rate, codecRate, 0);
        }
    }

    private void checkFormat(int c, int portField, int peripheral) {
        int csdp = regs[c][DMA_CSDP];
        if ((csdp & 0x3) != CSDP_16_BIT) {
            phone.errors.report(phone.nowUs, "DMA channel %d moves elements of type %d; the codec's samples are 16 bits",
                c, csdp & 3, 0);
        }
        if ((csdp & portField) != peripheral) {
            phone.errors.report(phone.nowUs, "DMA channel %d: DMACSDP %x does not put McBSP1 on the peripheral side",
                c, csdp, 0);
        }
    }

    /** McBSP1's frame sync stopped. Firmware thread. */
    void framesStopped() {
        framing = false;
    }

    /** When the current block ends, or never. */
    long nextEventUs() {
        int play = channelOf(SYNC_XEVT1);
        if (!framing || play < 0 || waiting[play] || elements[play] <= 0) {
            return Long.MAX_VALUE;
        }
        return blockStartUs + blockUs(elements[play]);
    }

    private long blockUs(int samples) {
        McbspModel port = phone.mcbsp1;
        return (long) samples * port.bitsPerFrame() * 1_000_000L / port.bitClockHz();
    }

    /** Moves every block whose frames have passed. World thread. */
    void advance(Speaker speaker, Microphone microphone) {
        for (int guard = 0; guard < 1_000_000; guard++) {
            long end = nextEventUs();
            if (end > phone.nowUs) {
                return;
            }
            int record = channelOf(SYNC_REVT1);
            int play = channelOf(SYNC_XEVT1);
            int n = elements[play];
            int rate = phone.mcbsp1.frameRateHz();
            if (record >= 0 && !waiting[record]) {
                short[] buffer = phone.dmaMemory.buffer(destination[record], 2 * n);
                if (buffer == null) {
                    phone.errors.report(phone.nowUs, "DMA channel %d records %d samples to %x: not a DMA buffer",
                        record, n, destination[record]);
                } else if (phone.codec.powered() && microphone != null) {
                    microphone.record(phone, 0, rate, buffer, phone.dmaMemory.index(destination[record]), n,
                        blockStartUs);
                } else {
                    int at = phone.dmaMemory.index(destination[record]);
                    for (int i = 0; i < n; i++) {
                        buffer[at + i] = 0;
                    }
                }
                blockDone(record);
            }
            short[] played = phone.dmaMemory.buffer(source[play], 2 * n);
            if (played == null) {
                phone.errors.report(phone.nowUs, "DMA channel %d plays %d samples from %x: not a DMA buffer", play, n,
                    source[play]);
            } else {
                int device = phone.codec.routedDevice();
                if (speaker != null && phone.codec.powered() && device != Sound.DEVICE_NONE) {
                    speaker.played(phone, 0, device, phone.codec.volume(), rate, played,
                        phone.dmaMemory.index(source[play]), n, blockStartUs);
                }
            }
            blocksMoved++;
            blockStartUs = end;
            blockDone(play);
        }
    }

    /** The end of a channel's block: status, interrupt, auto-initialisation. */
    private void blockDone(int c) {
        status[c] |= DMA_BLOCK | DMA_LAST | DMA_FRAME;
        if ((regs[c][DMA_CICR] & (DMA_BLOCK | DMA_LAST | DMA_FRAME)) != 0) {
            phone.raise(c == 0 ? VECTOR_DMAC0 : c == 1 ? VECTOR_DMAC1 : VECTOR_DMAC0);
        }
        int ccr = regs[c][DMA_CCR];
        if ((ccr & CCR_AUTOINIT) == 0) {
            regs[c][DMA_CCR] = ccr & ~CCR_EN;
            return;
        }
        if ((ccr & (CCR_ENDPROG | CCR_REPEAT)) != 0) {
            load(c);
            regs[c][DMA_CCR] = ccr & ~CCR_ENDPROG;
            waiting[c] = false;
        } else {
            waiting[c] = true;
        }
    }

    /** Blocks moved since power-up. */
    long blocksMoved() {
        return blocksMoved;
    }
}
