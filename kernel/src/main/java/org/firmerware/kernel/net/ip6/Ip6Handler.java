package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Packet;

/** An upper-layer protocol over IPv6 (UDP, ...), registered with {@link Ip6#register}. Runs in the main loop. */
public interface Ip6Handler {

    /**
     * A packet for us arrived, its IPv6 header and extension headers checked. The packet stays the caller's (copy
     * what must be kept). {@link Ip6#inputToMulticast()} tells whether it was sent to a group.
     *
     * @param ip6Offset at which the IPv6 header starts (source and destination are read there)
     * @param upperOffset at which the upper-layer header starts
     * @param upperLength how many bytes of upper-layer header and data follow
     */
    void onPacket(Packet p, int ip6Offset, int upperOffset, int upperLength);

    /**
     * The upper-layer data of an ICMPv6 error arrived for a packet we sent (RFC 4443 §2.4(d)): {@code invokingOffset}
     * is the start of the IPv6 header of our packet inside the error, {@code invokingLength} how much of it was
     * returned. Optional.
     */
    default void onError(Packet p, int type, int code, int invokingOffset, int invokingLength) {
    }
}
