package org.firmerware.kernel.net;

/**
 * One frame buffer of the {@link PacketPool}: a whole Ethernet frame from offset 0 (destination MAC first) in
 * {@link #data}, {@link #length} bytes long. Allocated once during init and reused; packets never become other
 * objects: protocol code reads and writes fields in place through the header descriptor classes.
 *
 * <p>Ownership: whoever {@link PacketPool#acquire()}d a packet owns it until it hands it to
 * {@link Ethernet#send(Packet, int)} (which takes it) or {@link PacketPool#release(Packet)}s it. A packet passed to a
 * {@link FrameHandler} stays the caller's: the handler must not keep it.
 */
public final class Packet {

    /** The frame's bytes. */
    public final byte[] data;
    /** The frame's length in bytes. */
    public int length;
    /** The next packet in whatever queue holds this one; owned by that queue. */
    Packet next;
    /** Whether the packet is in the pool's free list. */
    boolean free;

    Packet(int capacity) {
        data = new byte[capacity];
    }

    /** How many bytes the buffer holds. */
    public int capacity() {
        return data.length;
    }
}
