package org.firmerware.bottom.hal;

/**
 * The sizes of everything the firmware allocates during init, from the board profile's {@code "sizes"} object.
 * Every value has a default here, so a profile names only what it changes. Set during init only.
 *
 * <table>
 *   <caption>Sizes and their defaults</caption>
 *   <tr><th>key</th><th>default</th><th>what</th></tr>
 *   <tr><td>consoleRingBytes</td><td>{@value #DEFAULT_CONSOLE_RING_BYTES}</td>
 *       <td>the console log ring; the oldest lines are dropped when it is full</td></tr>
 *   <tr><td>consoleLineBytes</td><td>{@value #DEFAULT_CONSOLE_LINE_BYTES}</td><td>the longest log line</td></tr>
 *   <tr><td>netFrames</td><td>{@value #DEFAULT_NET_FRAMES}</td><td>frame buffers of the network core</td></tr>
 *   <tr><td>netFrameBytes</td><td>{@value #DEFAULT_NET_FRAME_BYTES}</td><td>bytes per frame buffer</td></tr>
 *   <tr><td>soundBlocks</td><td>{@value #DEFAULT_SOUND_BLOCKS}</td><td>blocks in each sound channel's ring</td></tr>
 *   <tr><td>soundBlockSamples</td><td>{@value #DEFAULT_SOUND_BLOCK_SAMPLES}</td><td>most samples per block</td></tr>
 * </table>
 */
public final class Sizes {

    public static final int DEFAULT_CONSOLE_RING_BYTES = 4096;
    public static final int DEFAULT_CONSOLE_LINE_BYTES = 120;
    public static final int DEFAULT_NET_FRAMES = 8;
    public static final int DEFAULT_NET_FRAME_BYTES = 1536;
    public static final int DEFAULT_SOUND_BLOCKS = 4;
    public static final int DEFAULT_SOUND_BLOCK_SAMPLES = 320;

    private int consoleRingBytes = DEFAULT_CONSOLE_RING_BYTES;
    private int consoleLineBytes = DEFAULT_CONSOLE_LINE_BYTES;
    private int netFrames = DEFAULT_NET_FRAMES;
    private int netFrameBytes = DEFAULT_NET_FRAME_BYTES;
    private int soundBlocks = DEFAULT_SOUND_BLOCKS;
    private int soundBlockSamples = DEFAULT_SOUND_BLOCK_SAMPLES;

    /**
     * Sets one size by its profile key. Init only.
     *
     * @return false when the key is unknown or the value is not positive; nothing is changed then
     */
    public boolean set(String key, int value) {
        if (value <= 0) {
            return false;
        }
        switch (key) {
            case "consoleRingBytes": consoleRingBytes = value; return true;
            case "consoleLineBytes": consoleLineBytes = value; return true;
            case "netFrames": netFrames = value; return true;
            case "netFrameBytes": netFrameBytes = value; return true;
            case "soundBlocks": soundBlocks = value; return true;
            case "soundBlockSamples": soundBlockSamples = value; return true;
            default: return false;
        }
    }

    public int consoleRingBytes() { return consoleRingBytes; }
    public int consoleLineBytes() { return consoleLineBytes; }
    public int netFrames() { return netFrames; }
    public int netFrameBytes() { return netFrameBytes; }
    public int soundBlocks() { return soundBlocks; }
    public int soundBlockSamples() { return soundBlockSamples; }
}
