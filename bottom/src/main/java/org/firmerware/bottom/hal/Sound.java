package org.firmerware.bottom.hal;

/**
 * Sound channels: each plays and records blocks of 16-bit linear samples in lockstep.
 *
 * <h2>The block cycle</h2>
 * Every channel owns a ring of blocks in {@link #samples(int)}; each block has a play half and a record half of
 * {@code blockSamples} samples. One block moves through these steps, in order:
 * <pre>
 *   free --claimPlay/fill/releasePlay--&gt; queued --the hardware plays it and records the same time slot--&gt;
 *        recorded --claimRecord (+ claimEcho)/read/releaseRecord--&gt; free
 * </pre>
 * So the top must give back every recorded block it is offered, even when it does not listen, or the ring runs out.
 * {@link #claimEcho} gives the played samples of the same time slot as the recorded ones, for echo cancelling.
 * When no queued block is left the hardware stops (it neither plays nor records) and starts again with the next
 * {@link #releasePlay}.
 *
 * <p>Offsets returned by the claims index {@link #samples(int)}; they are valid until the matching release.
 * All calls are main loop only and never block.
 */
public interface Sound {

    /** Returned by the claims when no block is available. */
    int NONE = -1;

    /** Device: nothing (muted, channel powered down). */
    int DEVICE_NONE = 0;
    /** Device: the handset's earpiece and microphone. */
    int DEVICE_HANDSET = 1;
    /** Device: a headset. */
    int DEVICE_HEADSET = 2;
    /** Device: the hands-free speaker and microphone. */
    int DEVICE_SPEAKER = 3;
    /** Device: a line output/input. */
    int DEVICE_LINE = 4;

    /** The number of channels (usually 1). */
    int channelCount();

    /** The number of blocks in each channel's ring. */
    int blockCount();

    /** The most samples a block can hold. */
    int maxBlockSamples();

    /** Whether the channel can run at {@code hz} (perhaps only approximately). */
    boolean acceptsRate(int channel, int hz);

    /**
     * Sets the sample rate and the block size, and empties the ring (every block becomes free; nothing is playing).
     *
     * @return false when the rate is not acceptable or the block size is 0 or more than {@link #maxBlockSamples()};
     *     the channel is then unchanged
     */
    boolean configure(int channel, int hz, int blockSamples);

    /** Routes the channel to a device ({@code DEVICE_*}); DEVICE_NONE powers it down. */
    void route(int channel, int device);

    /** The device the channel is routed to. */
    int routed(int channel);

    /** The highest volume; 0 is mute. */
    int maxVolume();

    /** Sets the volume, clamped to 0..{@link #maxVolume()}. */
    void setVolume(int channel, int volume);

    /** The current volume. */
    int volume(int channel);

    /**
     * The channel's sample memory, the same array for the board's whole life: {@link #blockCount()} blocks, each a
     * play half followed by a record half of {@link #maxBlockSamples()} samples.
     */
    short[] samples(int channel);

    /** Claims the next free block for playing: the offset of its play half, or {@link #NONE}. */
    int claimPlay(int channel);

    /** Queues the block claimed by {@link #claimPlay} for the hardware, with all {@code blockSamples} filled. */
    void releasePlay(int channel);

    /** Claims the oldest recorded block: the offset of its record half, or {@link #NONE}. */
    int claimRecord(int channel);

    /** The offset of the play half of the block claimed by {@link #claimRecord}, or {@link #NONE} if none is claimed. */
    int claimEcho(int channel);

    /** Frees the block claimed by {@link #claimRecord} (and its echo). */
    void releaseRecord(int channel);
}
