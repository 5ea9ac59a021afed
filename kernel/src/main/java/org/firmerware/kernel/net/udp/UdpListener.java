package org.firmerware.kernel.net.udp;

/** Told when a datagram is queued on a socket. Runs in the main loop. */
public interface UdpListener {

    /** A datagram waits on {@code socket}: {@link UdpSocket#receive} takes it. */
    void onDatagram(UdpSocket socket);
}
