package org.firmerware.top.sip.rtp;

/**
 * An adaptive jitter buffer for one audio stream: received frames wait in slots by sequence number and are taken
 * out one per packet interval by the media engine, in order, so that reordering, duplicates and late packets are
 * handled here and the decoder sees a steady stream.
 *
 * <h2>Playout</h2>
 * <ul>
 *   <li>Buffering: after a reset (or when the stream dried up) nothing plays ({@link #EMPTY}) until the frames
 *       received span the target delay; then playout starts at the oldest one.</li>
 *   <li>Playing: each {@link #take} gives the next frame by sequence number ({@link #FRAME}). A missing frame with later
 *       ones already here is lost ({@link #LOST}: the engine conceals it and playout moves on). A missing frame with
 *       nothing later is an underrun: the engine conceals it too, but playout waits for that frame, which adds one
 *       frame of delay (the buffer grows when the network is slower than we played). After
 *       {@link #MAX_UNDERRUNS} underruns in a row the stream has stopped (hold, silence suppression): back to
 *       buffering.</li>
 *   <li>Adapting: the target delay is {@code 1 + ceil(3 J / frame)} frames, J being the RFC 3550 interarrival jitter
 *       the session measures, within the configured minimum and maximum. When more than target + 1 frames wait for
 *       {@link #SHRINK_TAKES} takes in a row, the oldest frame is dropped to bring the delay down.</li>
 *   <li>Dropping: a packet older than the next frame to play is late, one already held is a duplicate, one too far
 *       ahead to fit restarts the buffer (the sender jumped); each is counted.</li>
 * </ul>
 *
 * <p>Sequence numbers are extended to 32 bits around the highest one received. Allocation: the slots and their
 * payload bytes are allocated once ({@code slots} must be a power of two). Main loop only.
 */
public final class JitterBuffer {

    /** {@link #take} gave a frame. */
    public static final int FRAME = 0;
    /** {@link #take}: the frame is missing; conceal it. */
    public static final int LOST = 1;
    /** {@link #take}: nothing is playing (buffering or no stream); play silence or a tone. */
    public static final int EMPTY = 2;
    /** Underruns in a row after which playout stops and buffers again. */
    public static final int MAX_UNDERRUNS = 5;
    /** Takes in a row with too much delay before one frame is dropped. */
    public static final int SHRINK_TAKES = 25;

    private final int mask;
    private final int maxPayload;
    private final byte[] data;
    private final int[] slotSeq;
    private final int[] slotLength;
    private final boolean[] slotFull;

    private int frameTicks = 160;
    private int minFrames = 1;
    private int maxFrames;
    private int jitterTicks;
    private boolean started;
    private boolean playing;
    private int next;
    private int highest;
    private int underrunsInARow;
    private int excessTakes;
    private int lastLength;

    private int accepted;
    private int duplicates;
    private int late;
    private int lost;
    private int underruns;
    private int shrunk;
    private int restarts;
    private int played;

    /**
     * A buffer of {@code slots} frames of at most {@code maxPayload} bytes. Init only.
     *
     * @throws IllegalArgumentException when {@code slots} is not a power of two of at least 4
     */
    public JitterBuffer(int slots, int maxPayload) {
        if (slots < 4 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("jitter buffer slots must be a power of two, at least 4");
        }
        this.mask = slots - 1;
        this.maxPayload = maxPayload;
        this.data = new byte[slots * maxPayload];
        this.slotSeq = new int[slots];
        this.slotLength = new int[slots];
        this.slotFull = new boolean[slots];
        this.maxFrames = slots / 2;
    }

    /** The number of slots. */
    public int slots() {
        return mask + 1;
    }

    /** The longest payload a slot holds. */
    public int maxPayload() {
        return maxPayload;
    }

    /**
     * Empties the buffer for a new stream.
     *
     * @param frameDurationTicks the packet interval in timestamp units
     * @param minDelayFrames the least target delay (at least 1)
     * @param maxDelayFrames the most (at most half the slots)
     */
    public void reset(int frameDurationTicks, int minDelayFrames, int maxDelayFrames) {
        frameTicks = Math.max(1, frameDurationTicks);
        minFrames = Math.max(1, minDelayFrames);
        maxFrames = Math.max(minFrames, Math.min(maxDelayFrames, (mask + 1) / 2));
        jitterTicks = 0;
        flush();
        accepted = 0;
        duplicates = 0;
        late = 0;
        lost = 0;
        underruns = 0;
        shrunk = 0;
        restarts = 0;
        played = 0;
    }

    private void flush() {
        for (int i = 0; i <= mask; i++) {
            slotFull[i] = false;
        }
        started = false;
        playing = false;
        underrunsInARow = 0;
        excessTakes = 0;
    }

    /** The interarrival jitter now measured, in timestamp units: sets the target delay. */
    public void setJitter(int ticks) {
        jitterTicks = Math.max(0, ticks);
    }

    /** The target delay in frames. */
    public int targetFrames() {
        int frames = 1 + (3 * jitterTicks + frameTicks - 1) / frameTicks;
        return Math.max(minFrames, Math.min(maxFrames, frames));
    }

    /** Frames waiting from the next one to play to the highest received (0 when none). */
    public int depth() {
        return started && highest - next >= 0 ? highest - next + 1 : 0;
    }

    /** Whether frames are being played out. */
    public boolean isPlaying() {
        return playing;
    }

    /**
     * Offers a received frame (copies it).
     *
     * @param sequence the packet's 16-bit sequence number
     * @return false when it was dropped: late, a duplicate, or too long
     */
    public boolean put(int sequence, byte[] payload, int off, int len) {
        if (len > maxPayload) {
            late++;
            return false;
        }
        int ext;
        if (!started) {
            ext = sequence & 0xFFFF;
            started = true;
            next = ext;
            highest = ext;
        } else {
            ext = highest + (short) (sequence - highest);
            if (ext - next < 0) {
                if (playing || highest - ext > mask) {
                    late++;
                    return false;
                }
                next = ext;
            } else if (ext - next > mask) {
                restarts++;
                flush();
                started = true;
                next = ext;
                highest = ext;
            }
        }
        int slot = ext & mask;
        if (slotFull[slot] && slotSeq[slot] == ext) {
            duplicates++;
            return false;
        }
        slotFull[slot] = true;
        slotSeq[slot] = ext;
        slotLength[slot] = len;
        System.arraycopy(payload, off, data, slot * maxPayload, len);
        if (ext - highest > 0) {
            highest = ext;
        }
        accepted++;
        return true;
    }

    /**
     * Takes the frame due now: {@link #FRAME} (its payload copied to {@code dst} at {@code off}, its length in
     * {@link #lastLength()}), {@link #LOST} or {@link #EMPTY}. Call once per packet interval.
     */
    public int take(byte[] dst, int off) {
        if (!started) {
            return EMPTY;
        }
        if (!playing) {
            if (depth() < targetFrames()) {
                return EMPTY;
            }
            playing = true;
            underrunsInARow = 0;
            excessTakes = 0;
        }
        if (depth() > targetFrames() + 1) {
            if (++excessTakes >= SHRINK_TAKES) {
                excessTakes = 0;
                slotFull[next & mask] = false;
                next++;
                shrunk++;
            }
        } else {
            excessTakes = 0;
        }
        int slot = next & mask;
        if (slotFull[slot] && slotSeq[slot] == next) {
            slotFull[slot] = false;
            lastLength = slotLength[slot];
            System.arraycopy(data, slot * maxPayload, dst, off, lastLength);
            next++;
            underrunsInARow = 0;
            played++;
            return FRAME;
        }
        if (highest - next > 0) {
            next++;
            lost++;
            underrunsInARow = 0;
            return LOST;
        }
        underruns++;
        if (++underrunsInARow >= MAX_UNDERRUNS) {
            // The stream stopped: buffer again from whatever comes next.
            playing = false;
            started = false;
        }
        return LOST;
    }

    /** The length of the frame last taken. */
    public int lastLength() {
        return lastLength;
    }

    /** Frames accepted. */
    public int acceptedCount() {
        return accepted;
    }

    /** Frames dropped as duplicates. */
    public int duplicateCount() {
        return duplicates;
    }

    /** Frames dropped because they came after their time (or were too long). */
    public int lateCount() {
        return late;
    }

    /** Frames missing when their time came, with later ones already here. */
    public int lostCount() {
        return lost;
    }

    /** Takes that found the buffer empty while playing. */
    public int underrunCount() {
        return underruns;
    }

    /** Frames dropped to reduce the delay. */
    public int shrinkCount() {
        return shrunk;
    }

    /** Times the buffer restarted because the sequence jumped. */
    public int restartCount() {
        return restarts;
    }

    /** Frames played. */
    public int playedCount() {
        return played;
    }
}
