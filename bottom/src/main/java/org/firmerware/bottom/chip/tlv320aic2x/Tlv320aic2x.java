package org.firmerware.bottom.chip.tlv320aic2x;

import static org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2xRegisters.*;

import org.firmerware.bottom.bus.I2cBus;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.bottom.hal.SoundListener;

/**
 * One channel of a TI TLV320AIC2x voice codec as the board's {@link Sound}: control over I2C (rate, routing, volume,
 * power) and samples over a serial port moved by DMA in both directions, which the board provides as a
 * {@link SampleStream}.
 *
 * <h2>The ring</h2>
 * The driver owns the channel's sample memory ({@link #samples}): {@code blocks} blocks of a play half and a record half.
 * Blocks go through the states of the {@link Sound} contract in ring order; the stream works on one block at a time,
 * the <em>working</em> block ({@code dma}), and has the next one queued when the top filled it in time:
 * <pre>
 *   FREE --claimPlay--&gt; FILLING --releasePlay--&gt; QUEUED --the stream plays and records it--&gt; RECORDED
 *        --claimRecord--&gt; READING --releaseRecord--&gt; FREE
 * </pre>
 * The stream starts with the first queued block, is given the next queued block while it works on one, and is stopped
 * when it finishes a block and nothing is queued after it ({@link #underruns()} counts those stops). The end of a block
 * is an interrupt ({@link SampleStream.Listener#onBlockDone}), which makes the {@code onCanRecord} upcall. The
 * {@code onCanPlay} upcall is due when a block became free (releaseRecord), when the channel was routed or configured:
 * those come from downcalls, so the stream defers them to the next sleep
 * ({@link SampleStream#requestUpcall}).
 *
 * <h2>The sample rate</h2>
 * The codec's PLL divides its master clock (MCLK, 30.72 MHz on the BT200) to the sample rate:
 * {@code fs = MCLK / (16 · M · N · P)}. The driver starts from N = 1, P = 2 and M = MCLK / 16 / (N · P · fs); when M is a
 * multiple of 4 it takes P = 8 and M / 4 instead; then it halves M and doubles N while M is above 128. At 8000 Hz this
 * gives M = 30, N = 1, P = 8: registers 4A = 0x08 and 4B = 0x9E.
 *
 * <p>All {@link Sound} calls are main loop only; the ring state shared with the block interrupt is changed inside the
 * CPU's critical region.
 */
public final class Tlv320aic2x implements Sound {

    /**
     * The serial port and DMA that move the samples between the ring and the codec, provided by the board (on the
     * BT200: the C5501's McBSP1 and DMA channels 0 and 1). Offsets are in samples, into the array given to
     * {@link #prepare}. Main loop only, except the listener's upcalls.
     */
    public interface SampleStream {

        /** Where the ring is and who hears about blocks. Init only. */
        void prepare(short[] samples, Listener listener);

        /** Sets up the port and the DMA; nothing moves yet. */
        void configure();

        /** Sets the frame rate and the samples per block. Only while stopped. */
        void setFormat(int hz, int blockSamples);

        /** Starts moving a block: play from {@code playOffset} while recording to {@code recordOffset}. */
        void start(int playOffset, int recordOffset);

        /** Hands over the block to move right after the current one, without a gap. */
        void queue(int playOffset, int recordOffset);

        /** Stops moving samples. */
        void stop();

        /** Asks for {@link Listener#onStreamUpcall()} in upcall context, soon (before the CPU next sleeps). */
        void requestUpcall();

        /** What the stream tells the codec driver. Upcall context. */
        interface Listener {

            /** The current block was played and recorded; the stream went on to the queued one, if any. */
            void onBlockDone();

            /** The upcall asked for by {@link SampleStream#requestUpcall()}. */
            void onStreamUpcall();
        }
    }

    /** How the codec is wired. Immutable. */
    public static final class Config {
        /** The channel's 7-bit I2C address. */
        public final int address;
        /** The codec's master clock in Hz. */
        public final int mclkHz;
        /** The lowest and highest sample rate the board accepts. */
        public final int minRate, maxRate;
        /** For each {@code Sound.DEVICE_*}: the register 6A input select, or -1 when the board has no such device. */
        public final int[] inputs;
        /** For each {@code Sound.DEVICE_*}: the register 6B output select (without the sub-register bit), or -1. */
        public final int[] outputs;

        /** Describes the wiring; the arrays are copied. */
        public Config(int address, int mclkHz, int minRate, int maxRate, int[] inputs, int[] outputs) {
            if (inputs.length != 5 || outputs.length != 5) {
                throw new IllegalArgumentException("Tlv320aic2x: an input and an output for each of the 5 devices");
            }
            this.address = address;
            this.mclkHz = mclkHz;
            this.minRate = minRate;
            this.maxRate = maxRate;
            this.inputs = copy(inputs);
            this.outputs = copy(outputs);
        }
    }

    /** The volume after power-up. */
    public static final int DEFAULT_VOLUME = 15;
    /** The highest volume. */
    public static final int MAX_VOLUME = 31;
    /** The rate after power-up. */
    public static final int DEFAULT_RATE = 8000;

    private static final int FREE = 0, FILLING = 1, QUEUED = 2, RECORDED = 3, READING = 4;

    private final I2cBus i2c;
    private final SampleStream stream;
    private final Cpu cpu;
    private final Config config;
    private final int blocks;
    private final int maxBlock;
    private final short[] samples;
    private final int[] state;
    private final byte[] message = new byte[2];
    private final Events events = new Events();
    private SoundListener listener;

    private int rate = DEFAULT_RATE;
    private int blockSamples = 64;
    private int device = DEVICE_NONE;
    private int volume = DEFAULT_VOLUME;
    private int fill;
    private int dma;
    private int read;
    private boolean running;
    private boolean nextQueued;
    private boolean canPlayOwed;
    private boolean formatSet;
    private boolean working;
    private int underruns;
    private int i2cFailures;

    /**
     * Wires the driver and allocates the ring; no I/O.
     *
     * @param blocks blocks in the ring (at least 2)
     * @param maxBlockSamples the most samples a block holds
     */
    public Tlv320aic2x(I2cBus i2c, SampleStream stream, Cpu cpu, Config config, int blocks, int maxBlockSamples) {
        if (blocks < 2 || maxBlockSamples < 1) {
            throw new IllegalArgumentException("Tlv320aic2x: at least 2 blocks of at least 1 sample");
        }
        this.i2c = i2c;
        this.stream = stream;
        this.cpu = cpu;
        this.config = config;
        this.blocks = blocks;
        this.maxBlock = maxBlockSamples;
        this.samples = new short[blocks * 2 * maxBlockSamples];
        this.state = new int[blocks];
        stream.prepare(samples, events);
    }

    /**
     * The codec's init sequence over I2C (the codec must be out of reset): 16-bit continuous data, the default rate,
     * gains, the channel powered down and routed nowhere; then the serial port.
     *
     * @return whether the codec acknowledged every write
     */
    public boolean configure() {
        stream.configure();
        boolean ok = write(REG_CONTROL1, CONTROL1_VALUE)
            & write(REG_CONTROL2, CONTROL2_VALUE)
            & write(REG_CONTROL3, CONTROL3A_POWER_DOWN)
            & write(REG_CONTROL3, CONTROL3B_VALUE)
            & writeRate(DEFAULT_RATE)
            & write(REG_CONTROL5, CONTROL5A_VALUE)
            & write(REG_CONTROL5, dacGain(DEFAULT_VOLUME))
            & write(REG_CONTROL5, CONTROL5C_VALUE)
            & write(REG_CONTROL6, CONTROL6A_INITIAL)
            & write(REG_CONTROL6, SUB_B1 | OUTPUT_NONE);
        working = ok;
        return ok;
    }

    /** Where upcalls go; called by the board's attach. */
    public void attach(SoundListener target) {
        listener = target;
        if (canPlayOwed) {
            stream.requestUpcall();
        }
    }

    /** Whether the codec answered its init sequence. */
    public boolean isWorking() {
        return working;
    }

    /** How often the stream stopped because no block was queued in time. */
    public int underruns() {
        return underruns;
    }

    /** How many I2C writes the codec did not acknowledge. */
    public int i2cFailures() {
        return i2cFailures;
    }

    // ---------------------------------------------------------------- Sound

    @Override
    public int channelCount() {
        return 1;
    }

    @Override
    public int blockCount() {
        return blocks;
    }

    @Override
    public int maxBlockSamples() {
        return maxBlock;
    }

    @Override
    public boolean acceptsRate(int channel, int hz) {
        return channel == 0 && hz >= config.minRate && hz <= config.maxRate;
    }

    /** Whether {@code hz} is a rate the PLL makes exactly from the master clock. */
    public boolean exactRate(int hz) {
        return hz > 0 && config.mclkHz / 16 % (2 * hz) == 0;
    }

    @Override
    public boolean configure(int channel, int hz, int blockLength) {
        if (!acceptsRate(channel, hz) || blockLength <= 0 || blockLength > maxBlock) {
            return false;
        }
        cpu.enterCritical();
        stopStream();
        emptyRing();
        cpu.leaveCritical();
        if (device != DEVICE_NONE) {
            write(REG_CONTROL3, CONTROL3A_POWER_DOWN);
        }
        writeRate(hz);
        rate = hz;
        blockSamples = blockLength;
        stream.setFormat(hz, blockLength);
        formatSet = true;
        if (device != DEVICE_NONE) {
            write(REG_CONTROL3, CONTROL3A_POWER_UP);
            owePlay();
        }
        return true;
    }

    @Override
    public void route(int channel, int dev) {
        if (channel != 0) {
            return;
        }
        int d = dev > DEVICE_NONE && dev <= DEVICE_LINE && config.outputs[dev] >= 0 && config.inputs[dev] >= 0
            ? dev : DEVICE_NONE;
        if (d == device) {
            return;
        }
        int old = device;
        device = d;
        if (d == DEVICE_NONE) {
            cpu.enterCritical();
            stopStream();
            emptyRing();
            cpu.leaveCritical();
            write(REG_CONTROL6, SUB_B1 | OUTPUT_NONE);
            write(REG_CONTROL3, CONTROL3A_POWER_DOWN);
            return;
        }
        if (old == DEVICE_NONE) {
            write(REG_CONTROL3, CONTROL3A_POWER_UP);
        }
        write(REG_CONTROL6, SUB_A1 | config.inputs[d]);
        write(REG_CONTROL6, SUB_B1 | config.outputs[d]);
        if (old == DEVICE_NONE) {
            owePlay();
        }
    }

    @Override
    public int routed(int channel) {
        return channel == 0 ? device : DEVICE_NONE;
    }

    @Override
    public int maxVolume() {
        return MAX_VOLUME;
    }

    @Override
    public void setVolume(int channel, int v) {
        int clamped = Math.max(0, Math.min(MAX_VOLUME, v));
        if (channel == 0 && clamped != volume) {
            volume = clamped;
            write(REG_CONTROL5, dacGain(clamped));
        }
    }

    @Override
    public int volume(int channel) {
        return volume;
    }

    @Override
    public short[] samples(int channel) {
        return samples;
    }

    @Override
    public int claimPlay(int channel) {
        if (channel != 0 || device == DEVICE_NONE) {
            return NONE;
        }
        cpu.enterCritical();
        if (state[fill] == FREE) {
            state[fill] = FILLING;
        }
        int at = state[fill] == FILLING ? playOffset(fill) : NONE;
        cpu.leaveCritical();
        return at;
    }

    @Override
    public void releasePlay(int channel) {
        if (channel != 0) {
            return;
        }
        cpu.enterCritical();
        if (state[fill] == FILLING) {
            state[fill] = QUEUED;
            fill = next(fill);
            feedStream();
        }
        cpu.leaveCritical();
    }

    @Override
    public int claimRecord(int channel) {
        if (channel != 0) {
            return NONE;
        }
        cpu.enterCritical();
        if (state[read] == RECORDED) {
            state[read] = READING;
        }
        int at = state[read] == READING ? playOffset(read) + maxBlock : NONE;
        cpu.leaveCritical();
        return at;
    }

    @Override
    public int claimEcho(int channel) {
        return channel == 0 && state[read] == READING ? playOffset(read) : NONE;
    }

    @Override
    public void releaseRecord(int channel) {
        if (channel != 0) {
            return;
        }
        cpu.enterCritical();
        boolean freed = state[read] == READING;
        if (freed) {
            state[read] = FREE;
            read = next(read);
        }
        cpu.leaveCritical();
        if (freed) {
            owePlay();
        }
    }

    // ---------------------------------------------------------------- the ring and the stream

    /** Starts the stream or queues its next block, as far as blocks are queued. Inside the critical region. */
    private void feedStream() {
        if (!running && state[dma] == QUEUED) {
            if (!formatSet) {
                stream.setFormat(rate, blockSamples);
                formatSet = true;
            }
            stream.start(playOffset(dma), playOffset(dma) + maxBlock);
            running = true;
            nextQueued = false;
        }
        int after = next(dma);
        if (running && !nextQueued && state[after] == QUEUED) {
            stream.queue(playOffset(after), playOffset(after) + maxBlock);
            nextQueued = true;
        }
    }

    /** The block interrupt: the working block is recorded; the stream went on to the queued one or stops. */
    private void blockDone() {
        if (!running) {
            return;
        }
        state[dma] = RECORDED;
        dma = next(dma);
        if (nextQueued) {
            nextQueued = false;
            feedStream();
        } else {
            stopStream();
            underruns++;
        }
        if (listener != null) {
            listener.onCanRecord(0);
        }
    }

    private void stopStream() {
        if (running) {
            stream.stop();
            running = false;
            nextQueued = false;
        }
    }

    private void emptyRing() {
        for (int i = 0; i < blocks; i++) {
            state[i] = FREE;
        }
        fill = 0;
        dma = 0;
        read = 0;
    }

    private void owePlay() {
        canPlayOwed = true;
        if (listener != null) {
            stream.requestUpcall();
        }
    }

    private int playOffset(int block) {
        return block * 2 * maxBlock;
    }

    private int next(int block) {
        return block + 1 == blocks ? 0 : block + 1;
    }

    /** The stream's upcalls, in upcall context. */
    private final class Events implements SampleStream.Listener {

        @Override
        public void onBlockDone() {
            blockDone();
        }

        @Override
        public void onStreamUpcall() {
            if (canPlayOwed && listener != null) {
                canPlayOwed = false;
                listener.onCanPlay(0);
            }
        }
    }

    // ---------------------------------------------------------------- codec registers

    /** Writes registers 4A and 4B for a sample rate (see the class comment). */
    private boolean writeRate(int hz) {
        int n = 1;
        int p = 2;
        int m = config.mclkHz / 16 / (n * p * hz);
        if (m % 4 == 0) {
            p = 8;
            m /= 4;
        }
        while (m > 128) {
            m /= 2;
            n *= 2;
        }
        return write(REG_CONTROL4, control4a(n, p)) & write(REG_CONTROL4, control4b(m));
    }

    /** Register 5B for a volume: the attenuation is 31 minus the volume. */
    private static int dacGain(int volume) {
        return CONTROL5B_DAC_GAIN | MAX_VOLUME - volume;
    }

    private boolean write(int register, int value) {
        message[0] = (byte) register;
        message[1] = (byte) value;
        if (!i2c.write(config.address, message, 0, 2)) {
            i2cFailures++;
            return false;
        }
        return true;
    }

    /**
     * Reads back the sub-register of {@code register} that the last write to it selected (write the register number,
     * then read one byte after a repeated START).
     *
     * @return the value, or -1 when the codec did not answer
     */
    public int readRegister(int register) {
        message[0] = (byte) register;
        if (!i2c.writeRead(config.address, message, 0, 1, message, 1, 1)) {
            i2cFailures++;
            return -1;
        }
        return message[1] & 0xFF;
    }

    /** A copy of an array (init only; {@code clone()} is not firmware Java). */
    private static int[] copy(int[] a) {
        int[] c = new int[a.length];
        System.arraycopy(a, 0, c, 0, a.length);
        return c;
    }
}
