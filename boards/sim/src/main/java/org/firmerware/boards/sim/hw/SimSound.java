package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Sound;
import org.firmerware.bottom.hal.Upcalls;

/**
 * One sound channel with a handset and a hands-free speaker, played and recorded in lockstep by a simulated DMA that
 * moves one block per block period of virtual time. The block ring is strictly first-in first-out: blocks are filled,
 * played and recorded, and given back in the same order.
 */
public final class SimSound implements Sound {

    private static final int FREE = 0, FILLING = 1, QUEUED = 2, RECORDED = 3, READING = 4;
    private static final int MIN_RATE = 1875, MAX_RATE = 52000, MAX_VOLUME = 31;

    private final SimPhone phone;
    private final int blocks;
    private final int maxBlock;
    private final short[] samples;
    private final int[] state;
    private int rate = 8000;
    private int blockSamples = 64;
    private int device = DEVICE_NONE;
    private int volume = 15;
    private int fill;
    private int dma;
    private int read;
    private boolean dmaRunning;
    private long dmaStartUs;
    private long dmaTicks;
    private boolean canPlay;
    private boolean canRecord;
    private int underruns;
    private long blocksMoved;

    SimSound(SimPhone phone, int blocks, int maxBlock) {
        this.phone = phone;
        this.blocks = blocks;
        this.maxBlock = maxBlock;
        this.samples = new short[blocks * 2 * maxBlock];
        this.state = new int[blocks];
    }

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
        return channel == 0 && hz >= MIN_RATE && hz <= MAX_RATE;
    }

    @Override
    public boolean configure(int channel, int hz, int blockLength) {
        if (!acceptsRate(channel, hz) || blockLength <= 0 || blockLength > maxBlock) {
            return false;
        }
        rate = hz;
        blockSamples = blockLength;
        emptyRing();
        phone.recordTrace(TraceRing.SOUND_CONFIG, channel, hz, blockLength, null, 0, 0);
        if (device != DEVICE_NONE) {
            raisePlay();
        }
        return true;
    }

    @Override
    public void route(int channel, int dev) {
        if (channel != 0) {
            return;
        }
        int d = dev == DEVICE_HANDSET || dev == DEVICE_SPEAKER ? dev : DEVICE_NONE;
        if (d == device) {
            return;
        }
        int old = device;
        device = d;
        phone.recordTrace(TraceRing.ROUTE, channel, d, 0, null, 0, 0);
        if (d == DEVICE_NONE) {
            emptyRing();
        } else if (old == DEVICE_NONE) {
            raisePlay();
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
            phone.recordTrace(TraceRing.VOLUME, channel, clamped, 0, null, 0, 0);
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
        if (state[fill] == FREE) {
            state[fill] = FILLING;
        }
        return state[fill] == FILLING ? playOffset(fill) : NONE;
    }

    @Override
    public void releasePlay(int channel) {
        if (channel != 0 || state[fill] != FILLING) {
            return;
        }
        state[fill] = QUEUED;
        fill = (fill + 1) % blocks;
        if (!dmaRunning && device != DEVICE_NONE && state[dma] == QUEUED) {
            dmaRunning = true;
            dmaStartUs = phone.nowUs;
            dmaTicks = 0;
        }
    }

    @Override
    public int claimRecord(int channel) {
        if (channel != 0) {
            return NONE;
        }
        if (state[read] == RECORDED) {
            state[read] = READING;
        }
        return state[read] == READING ? playOffset(read) + maxBlock : NONE;
    }

    @Override
    public int claimEcho(int channel) {
        return channel == 0 && state[read] == READING ? playOffset(read) : NONE;
    }

    @Override
    public void releaseRecord(int channel) {
        if (channel != 0 || state[read] != READING) {
            return;
        }
        state[read] = FREE;
        read = (read + 1) % blocks;
        raisePlay();
    }

    private int playOffset(int block) {
        return block * 2 * maxBlock;
    }

    private void raisePlay() {
        canPlay = true;
        phone.raise(SimPhone.P_SOUND);
    }

    private void emptyRing() {
        for (int i = 0; i < blocks; i++) {
            state[i] = FREE;
        }
        fill = 0;
        dma = 0;
        read = 0;
        dmaRunning = false;
    }

    // ------------------------------------------------------------------ world side

    /** When the DMA finishes its current block, or never. */
    long nextDmaUs() {
        return dmaRunning ? dmaStartUs + (dmaTicks + 1) * blockSamples * 1_000_000L / rate : Long.MAX_VALUE;
    }

    /** Moves every block whose time slot ended by now. */
    void advance(Speaker speaker, Microphone microphone) {
        while (dmaRunning && nextDmaUs() <= phone.nowUs) {
            long slotStartUs = dmaStartUs + dmaTicks * blockSamples * 1_000_000L / rate;
            int at = playOffset(dma);
            if (speaker != null) {
                speaker.played(phone, 0, device, volume, rate, samples, at, blockSamples, slotStartUs);
            }
            if (microphone != null) {
                microphone.record(phone, 0, rate, samples, at + maxBlock, blockSamples, slotStartUs);
            } else {
                for (int i = 0; i < blockSamples; i++) {
                    samples[at + maxBlock + i] = 0;
                }
            }
            state[dma] = RECORDED;
            dma = (dma + 1) % blocks;
            dmaTicks++;
            blocksMoved++;
            canRecord = true;
            phone.raise(SimPhone.P_SOUND);
            if (state[dma] != QUEUED) {
                dmaRunning = false;
                underruns++;
            }
        }
    }

    void deliver(Upcalls target) {
        if (canRecord) {
            canRecord = false;
            target.onCanRecord(0);
        }
        if (canPlay) {
            canPlay = false;
            target.onCanPlay(0);
        }
    }

    /** How often the DMA found no queued block (each start after the first counts one stop). */
    public int underruns() {
        return underruns;
    }

    /** How many blocks the DMA played and recorded. */
    public long blocksMoved() {
        return blocksMoved;
    }

    void reset() {
        device = DEVICE_NONE;
        volume = 15;
        canPlay = false;
        canRecord = false;
        emptyRing();
    }
}
