package org.firmerware.boards.sim.world;

/**
 * A host-side station on the virtual LAN: a Java test peer, a bridge to a real network, a frame injector.
 * Called on the world thread.
 */
public interface LanPeer {

    /** A frame was sent on the LAN by another station; the array is the peer's to keep. */
    void receive(byte[] frame, long timeUs);
}
