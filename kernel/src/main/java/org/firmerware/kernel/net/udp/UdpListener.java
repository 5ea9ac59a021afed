package org.firmerware.kernel.net.udp;

/** Told when a datagram is queued on a socket. Runs in the main loop. */
public interface UdpListener {

    /** A datagram waits on {@code socket}: {@link UdpSocket#receive} takes it. */
    void onDatagram(UdpSocket socket);

    /**
     * A datagram {@code socket} sent was refused: an ICMPv6 error came back for it, or its next hop could not be
     * resolved (address unreachable). {@link UdpSocket#lastErrorType()} and the methods next to it say which and to
     * whom. Optional.
     */
    default void onError(UdpSocket socket) {
    }
}
