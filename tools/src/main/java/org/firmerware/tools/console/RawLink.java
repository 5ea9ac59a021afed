package org.firmerware.tools.console;

import java.io.IOException;

/** A host's raw access to one Ethernet link: what {@link RealtimeConsole} needs of a {@link RawSocket}. */
public interface RawLink extends AutoCloseable {

    /** The MAC address of the host's interface. */
    byte[] mac();

    /** Sends one whole frame (destination MAC first). */
    void send(byte[] frame, int len) throws IOException;

    /**
     * Waits a short while (at most about 200 ms) for a frame sent by another station.
     *
     * @return the frame's length, or 0 when none came
     */
    int receive(byte[] buf) throws IOException;

    @Override
    void close();
}
