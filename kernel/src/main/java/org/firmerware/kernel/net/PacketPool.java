package org.firmerware.kernel.net;

/**
 * The fixed pool of frame buffers of the network core, sized by the board profile ({@code netFrames} ×
 * {@code netFrameBytes}). Exhaustion is not an error: the caller drops what it wanted to send and the pool counts it.
 * Main loop only.
 */
public final class PacketPool {

    private final Packet[] all;
    private Packet freeList;
    private int freeCount;
    private int exhausted;
    private int lowWater;

    /**
     * @param count how many packets
     * @param capacity bytes per packet
     */
    public PacketPool(int count, int capacity) {
        all = new Packet[count];
        for (int i = 0; i < count; i++) {
            all[i] = new Packet(capacity);
            all[i].free = true;
            all[i].next = freeList;
            freeList = all[i];
        }
        freeCount = count;
        lowWater = count;
    }

    /** A free packet with length 0, or null when none is free (counted in {@link #exhaustedCount()}). */
    public Packet acquire() {
        Packet p = freeList;
        if (p == null) {
            exhausted++;
            return null;
        }
        freeList = p.next;
        p.next = null;
        p.free = false;
        p.length = 0;
        freeCount--;
        if (freeCount < lowWater) {
            lowWater = freeCount;
        }
        return p;
    }

    /** Gives a packet back; releasing a free packet (a double release) is ignored. */
    public void release(Packet p) {
        if (p == null || p.free) {
            return;
        }
        p.free = true;
        p.next = freeList;
        freeList = p;
        freeCount++;
    }

    /** Whether a packet is one of this pool's. */
    public boolean owns(Packet p) {
        for (int i = 0; i < all.length; i++) {
            if (all[i] == p) {
                return true;
            }
        }
        return false;
    }

    /** Packets free now. */
    public int freeCount() {
        return freeCount;
    }

    /** The fewest packets that were ever free at once. */
    public int lowWater() {
        return lowWater;
    }

    /** Packets in the pool. */
    public int size() {
        return all.length;
    }

    /** Bytes per packet. */
    public int capacity() {
        return all[0].data.length;
    }

    /** How often {@link #acquire()} found the pool empty. */
    public int exhaustedCount() {
        return exhausted;
    }
}
