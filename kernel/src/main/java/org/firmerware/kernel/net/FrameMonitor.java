package org.firmerware.kernel.net;

/**
 * Sees every frame the {@link Ethernet} layer receives, before the frame is handed to its protocol: for statistics,
 * diagnostics and porting tests, not for protocols (those register a {@link FrameHandler}). Runs in the main loop.
 */
public interface FrameMonitor {

    /**
     * A frame arrived; it is at least an Ethernet header long. The packet stays the caller's: read it, do not change or
     * keep it.
     *
     * @param p the whole frame, destination MAC first
     */
    void onFrameSeen(Packet p);
}
