package org.firmerware.tools.console;

/**
 * Where the console client's frames go: a raw socket on a real interface, or an adapter onto the simulator's virtual
 * LAN. Frames arrive the other way through {@link ConsoleClient#onFrame}.
 */
public interface FrameTransport {

    /**
     * Sends one whole Ethernet frame (destination MAC first, at least 60 bytes: the client pads). The transport may
     * drop it (a lossy link); the LLC recovers.
     */
    void send(byte[] frame, int len);
}
