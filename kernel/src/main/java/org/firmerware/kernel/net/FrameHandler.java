package org.firmerware.kernel.net;

/** A protocol that takes frames of one type from {@link Ethernet}. Runs in the main loop. */
public interface FrameHandler {

    /**
     * A frame of this handler's type arrived. The packet stays the caller's: copy what must be kept; build replies in
     * a packet of your own.
     *
     * @param p the whole frame
     * @param payloadOff at which offset this layer's header starts (after the Ethernet header and any VLAN tag)
     * @param payloadLen how many bytes of it are valid (for 802.3 frames, from the length field)
     */
    void onFrame(Packet p, int payloadOff, int payloadLen);
}
