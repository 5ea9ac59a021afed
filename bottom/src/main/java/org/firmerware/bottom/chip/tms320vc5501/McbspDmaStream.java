package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2x;
import org.firmerware.bottom.machine.Delay;
import org.firmerware.bottom.machine.InterruptHandler;
import org.firmerware.bottom.machine.Memory;
import org.firmerware.bottom.machine.Registers;

/**
 * A codec's sample stream on the C5501: McBSP1 as the master of a one-slot, 16-bit serial link, and two DMA channels
 * that move one sample per frame, channel 0 from DRR1 into the record half of a block and channel 1 from the play half
 * into DXR1.
 *
 * <h2>McBSP1</h2>
 * The sample-rate generator divides its input clock (SYSCLK2, 61.44 MHz on the BT200) by CLKGDV + 1 into the bit clock
 * CLKG (12.288 MHz) and makes a frame sync of one CLKG every FPER + 1 clocks: FPER = CLKG / rate - 1 (1535 at 8000 Hz).
 * FPER has 12 bits, so below CLKG / 4096 (3000 Hz) the bit clock is divided further: at 1875 Hz CLKG is 7.68 MHz and
 * FPER 4095.
 * The DSP drives bit clock and frame sync (FSXM, CLKXM); words are 16 bits, one per frame, with one bit of data delay.
 * The receiver and transmitter stay in reset while the stream is stopped, and the frame sync generator (FRST) runs only
 * while it moves samples.
 *
 * <h2>DMA</h2>
 * Each channel moves {@code blockSamples} elements as one frame, synchronised to McBSP1's REVT (channel 0) and XEVT
 * (channel 1), with AUTOINIT and without REPEAT: at the end of a block a channel copies its configuration registers
 * into its working registers and goes on only if the CPU set ENDPROG, which {@link #queue} does after writing the next
 * block's addresses. So the next block follows without a gap when it was queued in time; when it was not, the
 * block interrupt stops the stream. Channel 1's block interrupt (DMAC1) drives the codec driver; channel 0, which ends
 * its block at the same frame, raises none. Addresses are byte addresses, split into low and high registers; buffers
 * below {@link Vc5501Registers#DARAM_END} are reached through the DMA's DARAM port, others through its EMIF port.
 */
public final class McbspDmaStream implements Tlv320aic2x.SampleStream, Vc5501Cpu.Deferred {

    /** Clocks of the board. Immutable. */
    public static final class Config {
        /** The sample-rate generator's input clock in Hz (BT200: SYSCLK2, 61 440 000). */
        public final int inputHz;
        /** The bit clock CLKG in Hz; a whole fraction of {@link #inputHz} (BT200: 12 288 000). */
        public final int bitClockHz;

        public Config(int inputHz, int bitClockHz) {
            if (bitClockHz <= 0 || inputHz % bitClockHz != 0 || inputHz / bitClockHz > 256) {
                throw new IllegalArgumentException("McbspDmaStream: the bit clock must divide the input clock by 1..256");
            }
            this.inputHz = inputHz;
            this.bitClockHz = bitClockHz;
        }
    }

    private static final int SERIAL = IO_MCBSP1;
    private static final int RECORD = IO_DMA0;
    private static final int PLAY = IO_DMA0 + DMA_CHANNEL_STRIDE;
    /** Channel control without EN and ENDPROG. */
    private static final int RECORD_CCR = CCR_DST_POSTINC | CCR_SRC_CONST | CCR_AUTOINIT | CCR_PRIO | SYNC_REVT1;
    private static final int PLAY_CCR = CCR_DST_CONST | CCR_SRC_POSTINC | CCR_AUTOINIT | CCR_PRIO | SYNC_XEVT1;

    private final Vc5501Cpu cpu;
    private final Config config;
    private Tlv320aic2x.SampleStream.Listener listener;
    private int base;
    private int deferredSlot = -1;

    /** Wires the stream; no I/O. */
    public McbspDmaStream(Vc5501Cpu cpu, Config config) {
        this.cpu = cpu;
        this.config = config;
    }

    @Override
    public void prepare(short[] samples, Tlv320aic2x.SampleStream.Listener target) {
        this.listener = target;
        this.base = Memory.addressOf(samples);
        this.deferredSlot = cpu.register(this);
    }

    @Override
    public void configure() {
        int memoryPort = base < DARAM_END ? CSDP_SRC_DARAM : CSDP_SRC_EMIF;
        int memoryDst = base < DARAM_END ? CSDP_DST_DARAM : CSDP_DST_EMIF;
        Registers.ioWrite16(SERIAL + MCBSP_SPCR1, 0);
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, SPCR2_FREE);
        Registers.ioWrite16(SERIAL + MCBSP_PCR, PCR_FSXM | PCR_CLKXM);
        Registers.ioWrite16(SERIAL + MCBSP_RCR1, XCR1_ONE_16_BIT_WORD);
        Registers.ioWrite16(SERIAL + MCBSP_XCR1, XCR1_ONE_16_BIT_WORD);
        Registers.ioWrite16(SERIAL + MCBSP_RCR2, XCR2_ONE_BIT_DELAY);
        Registers.ioWrite16(SERIAL + MCBSP_XCR2, XCR2_ONE_BIT_DELAY);
        Registers.ioWrite16(SERIAL + MCBSP_SRGR1, config.inputHz / config.bitClockHz - 1);
        Registers.ioWrite16(SERIAL + MCBSP_SRGR2, SRGR2_CLKSM | SRGR2_FSGM | framePeriod(Tlv320aic2x.DEFAULT_RATE));
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, SPCR2_FREE | SPCR2_GRST);

        Registers.ioWrite16(IO_DMAGCR, DMAGCR_FREE);
        Registers.ioWrite16(RECORD + DMA_CCR, RECORD_CCR);
        Registers.ioWrite16(RECORD + DMA_CSDP, CSDP_SRC_PERIPH | memoryDst | CSDP_16_BIT);
        Registers.ioWrite16(RECORD + DMA_CICR, 0);
        setAddress(RECORD + DMA_CSSAL, (SERIAL + MCBSP_DRR1) << 1);
        Registers.ioWrite16(RECORD + DMA_CFN, 1);
        Registers.ioWrite16(PLAY + DMA_CCR, PLAY_CCR);
        Registers.ioWrite16(PLAY + DMA_CSDP, memoryPort | CSDP_DST_PERIPH | CSDP_16_BIT);
        Registers.ioWrite16(PLAY + DMA_CICR, DMA_BLOCK);
        setAddress(PLAY + DMA_CDSAL, (SERIAL + MCBSP_DXR1) << 1);
        Registers.ioWrite16(PLAY + DMA_CFN, 1);
        Registers.ioRead16(PLAY + DMA_CSR);
        Vc5501Cpu.enableInterrupt(VECTOR_DMAC1);
    }

    @Override
    public void setFormat(int hz, int blockSamples) {
        int spcr2 = Registers.ioRead16(SERIAL + MCBSP_SPCR2);
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, spcr2 & ~(SPCR2_FRST | SPCR2_GRST));
        int divider = divider(hz);
        Registers.ioWrite16(SERIAL + MCBSP_SRGR1, divider - 1);
        Registers.ioWrite16(SERIAL + MCBSP_SRGR2, SRGR2_CLKSM | SRGR2_FSGM
            | Math.min(SRGR2_FPER, (config.inputHz / divider + hz / 2) / hz - 1));
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, spcr2 & ~SPCR2_FRST | SPCR2_GRST);
        Registers.ioWrite16(RECORD + DMA_CEN, blockSamples);
        Registers.ioWrite16(PLAY + DMA_CEN, blockSamples);
    }

    /** FPER for a rate at the default bit clock: the bit clock over the rate, minus one, at most the field's 4095. */
    private int framePeriod(int hz) {
        return Math.min(SRGR2_FPER, config.bitClockHz / hz - 1);
    }

    /** The input clock's divider (CLKGDV + 1) for a rate: the default, or more when FPER would not fit 12 bits. */
    private int divider(int hz) {
        int fastest = config.inputHz / config.bitClockHz;
        int needed = (int) ((config.inputHz + (long) hz * (SRGR2_FPER + 1) - 1) / ((long) hz * (SRGR2_FPER + 1)));
        return Math.min(256, Math.max(fastest, needed));
    }

    @Override
    public void start(int playOffset, int recordOffset) {
        setAddress(RECORD + DMA_CDSAL, base + 2 * recordOffset);
        setAddress(PLAY + DMA_CSSAL, base + 2 * playOffset);
        Registers.ioRead16(PLAY + DMA_CSR);
        Registers.ioWrite16(RECORD + DMA_CCR, RECORD_CCR | CCR_EN);
        Registers.ioWrite16(PLAY + DMA_CCR, PLAY_CCR | CCR_EN);
        Registers.ioWrite16(SERIAL + MCBSP_SPCR1, SPCR1_RRST);
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, SPCR2_FREE | SPCR2_GRST | SPCR2_XRST);
        // Two bit clocks for the transmitter and receiver to leave reset before the first frame sync.
        Delay.cycles(64);
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, SPCR2_FREE | SPCR2_GRST | SPCR2_XRST | SPCR2_FRST);
    }

    @Override
    public void queue(int playOffset, int recordOffset) {
        setAddress(RECORD + DMA_CDSAL, base + 2 * recordOffset);
        setAddress(PLAY + DMA_CSSAL, base + 2 * playOffset);
        Registers.ioWrite16(RECORD + DMA_CCR, Registers.ioRead16(RECORD + DMA_CCR) | CCR_ENDPROG);
        Registers.ioWrite16(PLAY + DMA_CCR, Registers.ioRead16(PLAY + DMA_CCR) | CCR_ENDPROG);
    }

    @Override
    public void stop() {
        Registers.ioWrite16(SERIAL + MCBSP_SPCR2, SPCR2_FREE | SPCR2_GRST);
        Registers.ioWrite16(SERIAL + MCBSP_SPCR1, 0);
        Registers.ioWrite16(RECORD + DMA_CCR, RECORD_CCR);
        Registers.ioWrite16(PLAY + DMA_CCR, PLAY_CCR);
        Vc5501Cpu.clearInterrupt(VECTOR_DMAC1);
    }

    @Override
    public void requestUpcall() {
        cpu.defer(deferredSlot);
    }

    @Override
    public void onDeferred() {
        listener.onStreamUpcall();
    }

    /** DMAC1: channel 1 finished a block (and channel 0 with it). Reading DMACSR clears its flags. */
    @InterruptHandler(VECTOR_DMAC1)
    public void onPlayBlock() {
        cpu.noteInterrupt();
        if ((Registers.ioRead16(PLAY + DMA_CSR) & DMA_BLOCK) != 0) {
            listener.onBlockDone();
        }
    }

    private static void setAddress(int lowRegister, int byteAddress) {
        Registers.ioWrite16(lowRegister, byteAddress & 0xFFFF);
        Registers.ioWrite16(lowRegister + 1, byteAddress >>> 16);
    }
}
