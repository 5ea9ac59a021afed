package org.firmerware.bottom.hal;

/**
 * The sizes of everything the firmware allocates during init, and the watchdog's count, from the board profile's
 * {@code "sizes"} object. Every value has a default here, so a profile names only what it changes. Set during init
 * only.
 *
 * <table>
 *   <caption>Sizes and their defaults</caption>
 *   <tr><th>key</th><th>default</th><th>what</th></tr>
 *   <tr><td>consoleRingBytes</td><td>{@value #DEFAULT_CONSOLE_RING_BYTES}</td>
 *       <td>the console log ring; the oldest lines are dropped when it is full</td></tr>
 *   <tr><td>consoleLineBytes</td><td>{@value #DEFAULT_CONSOLE_LINE_BYTES}</td><td>the longest log line</td></tr>
 *   <tr><td>netFrames</td><td>{@value #DEFAULT_NET_FRAMES}</td><td>frame buffers of the network core</td></tr>
 *   <tr><td>netFrameBytes</td><td>{@value #DEFAULT_NET_FRAME_BYTES}</td><td>bytes per frame buffer</td></tr>
 *   <tr><td>llcConnections</td><td>{@value #DEFAULT_LLC_CONNECTIONS}</td><td>LLC type 2 connections at once</td></tr>
 *   <tr><td>llcWindow</td><td>{@value #DEFAULT_LLC_WINDOW}</td><td>unacknowledged LLC type 2 I-frames per
 *       connection (1..127)</td></tr>
 *   <tr><td>llcInfoBytes</td><td>{@value #DEFAULT_LLC_INFO_BYTES}</td><td>the longest information field of an LLC
 *       I-frame we send</td></tr>
 *   <tr><td>neighbors</td><td>{@value #DEFAULT_NEIGHBORS}</td><td>IPv6 neighbour cache entries</td></tr>
 *   <tr><td>ip6Addresses</td><td>{@value #DEFAULT_IP6_ADDRESSES}</td><td>IPv6 addresses of the interface
 *       (link-local included)</td></tr>
 *   <tr><td>ip6Routers</td><td>{@value #DEFAULT_IP6_ROUTERS}</td><td>default routers remembered</td></tr>
 *   <tr><td>ip6ReassemblySlots</td><td>{@value #DEFAULT_IP6_REASSEMBLY_SLOTS}</td><td>IPv6 datagrams reassembled
 *       from fragments at once</td></tr>
 *   <tr><td>ip6ReassemblyBytes</td><td>{@value #DEFAULT_IP6_REASSEMBLY_BYTES}</td><td>the longest IPv6 packet
 *       (header included) reassembled from fragments or fragmented by us (at least 1500, RFC 8200 §4.5)</td></tr>
 *   <tr><td>udpSockets</td><td>{@value #DEFAULT_UDP_SOCKETS}</td><td>UDP sockets</td></tr>
 *   <tr><td>udpQueue</td><td>{@value #DEFAULT_UDP_QUEUE}</td><td>datagrams waiting per UDP socket</td></tr>
 *   <tr><td>soundBlocks</td><td>{@value #DEFAULT_SOUND_BLOCKS}</td><td>blocks in each sound channel's ring</td></tr>
 *   <tr><td>soundBlockSamples</td><td>{@value #DEFAULT_SOUND_BLOCK_SAMPLES}</td><td>most samples per block</td></tr>
 *   <tr><td>watchdogMs</td><td>none</td><td>on a board with a watchdog, its count while a firmware runs, started
 *       again by the kernel as long as the main loop runs (capped at the watchdog's longest); without it the watchdog
 *       runs only during a firmware's trial</td></tr>
 * </table>
 */
public final class Sizes {

    public static final int DEFAULT_CONSOLE_RING_BYTES = 4096;
    public static final int DEFAULT_CONSOLE_LINE_BYTES = 120;
    public static final int DEFAULT_NET_FRAMES = 8;
    public static final int DEFAULT_NET_FRAME_BYTES = 1536;
    public static final int DEFAULT_LLC_CONNECTIONS = 2;
    public static final int DEFAULT_LLC_WINDOW = 7;
    public static final int DEFAULT_LLC_INFO_BYTES = 1024;
    public static final int DEFAULT_NEIGHBORS = 8;
    public static final int DEFAULT_IP6_ADDRESSES = 4;
    public static final int DEFAULT_IP6_ROUTERS = 2;
    public static final int DEFAULT_IP6_REASSEMBLY_SLOTS = 2;
    public static final int DEFAULT_IP6_REASSEMBLY_BYTES = 2048;
    public static final int DEFAULT_UDP_SOCKETS = 8;
    public static final int DEFAULT_UDP_QUEUE = 4;
    public static final int DEFAULT_SOUND_BLOCKS = 4;
    public static final int DEFAULT_SOUND_BLOCK_SAMPLES = 320;

    private int consoleRingBytes = DEFAULT_CONSOLE_RING_BYTES;
    private int consoleLineBytes = DEFAULT_CONSOLE_LINE_BYTES;
    private int netFrames = DEFAULT_NET_FRAMES;
    private int netFrameBytes = DEFAULT_NET_FRAME_BYTES;
    private int llcConnections = DEFAULT_LLC_CONNECTIONS;
    private int llcWindow = DEFAULT_LLC_WINDOW;
    private int llcInfoBytes = DEFAULT_LLC_INFO_BYTES;
    private int neighbors = DEFAULT_NEIGHBORS;
    private int ip6Addresses = DEFAULT_IP6_ADDRESSES;
    private int ip6Routers = DEFAULT_IP6_ROUTERS;
    private int ip6ReassemblySlots = DEFAULT_IP6_REASSEMBLY_SLOTS;
    private int ip6ReassemblyBytes = DEFAULT_IP6_REASSEMBLY_BYTES;
    private int udpSockets = DEFAULT_UDP_SOCKETS;
    private int udpQueue = DEFAULT_UDP_QUEUE;
    private int soundBlocks = DEFAULT_SOUND_BLOCKS;
    private int soundBlockSamples = DEFAULT_SOUND_BLOCK_SAMPLES;
    private int watchdogMs;

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
            case "llcConnections": llcConnections = value; return true;
            case "llcWindow": llcWindow = value; return true;
            case "llcInfoBytes": llcInfoBytes = value; return true;
            case "neighbors": neighbors = value; return true;
            case "ip6Addresses": ip6Addresses = value; return true;
            case "ip6Routers": ip6Routers = value; return true;
            case "ip6ReassemblySlots": ip6ReassemblySlots = value; return true;
            case "ip6ReassemblyBytes": ip6ReassemblyBytes = value; return true;
            case "udpSockets": udpSockets = value; return true;
            case "udpQueue": udpQueue = value; return true;
            case "soundBlocks": soundBlocks = value; return true;
            case "soundBlockSamples": soundBlockSamples = value; return true;
            case "watchdogMs": watchdogMs = value; return true;
            default: return false;
        }
    }

    public int consoleRingBytes() { return consoleRingBytes; }
    public int consoleLineBytes() { return consoleLineBytes; }
    public int netFrames() { return netFrames; }
    public int netFrameBytes() { return netFrameBytes; }
    public int llcConnections() { return llcConnections; }
    public int llcWindow() { return llcWindow; }
    public int llcInfoBytes() { return llcInfoBytes; }
    public int neighbors() { return neighbors; }
    public int ip6Addresses() { return ip6Addresses; }
    public int ip6Routers() { return ip6Routers; }
    public int ip6ReassemblySlots() { return ip6ReassemblySlots; }
    public int ip6ReassemblyBytes() { return ip6ReassemblyBytes; }
    public int udpSockets() { return udpSockets; }
    public int udpQueue() { return udpQueue; }
    public int soundBlocks() { return soundBlocks; }
    public int soundBlockSamples() { return soundBlockSamples; }
    /** The watchdog's count while a firmware runs; 0 when the watchdog runs only during a trial. */
    public int watchdogMs() { return watchdogMs; }
}
