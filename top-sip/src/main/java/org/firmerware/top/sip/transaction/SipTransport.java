package org.firmerware.top.sip.transaction;

/** Where transactions send their datagrams: the UDP socket of the user agent (RFC 3261 §18). Main loop only. */
public interface SipTransport {

    /**
     * Sends one datagram; the callee copies it.
     *
     * @param src our address to send from (16 bytes at {@code srcOff})
     * @param dst the destination's IPv6 address (16 bytes at {@code dstOff})
     * @return false when it could not be sent (no route, no buffer)
     */
    boolean send(byte[] msg, int off, int len, byte[] src, int srcOff, byte[] dst, int dstOff, int port);
}
