package org.firmerware.kernel.net.udp;

import org.firmerware.kernel.net.Bytes;

/**
 * The UDP header (RFC 768; over IPv6 the checksum is mandatory, RFC 8200 §8.1), as offsets from its start.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Source Port          |       Destination Port        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            Length             |           Checksum            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpHeader {

    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    private UdpHeader() {
    }

    public static int sourcePort(byte[] b, int udpOffset) {
        return Bytes.u16(b, udpOffset + SOURCE_PORT_OFFSET);
    }

    public static int destinationPort(byte[] b, int udpOffset) {
        return Bytes.u16(b, udpOffset + DESTINATION_PORT_OFFSET);
    }

    /** The length field: header and data. */
    public static int length(byte[] b, int udpOffset) {
        return Bytes.u16(b, udpOffset + LENGTH_OFFSET);
    }

    public static int checksum(byte[] b, int udpOffset) {
        return Bytes.u16(b, udpOffset + CHECKSUM_OFFSET);
    }

    /** Writes ports and length and clears the checksum. */
    public static void write(byte[] b, int udpOffset, int sourcePort, int destinationPort, int length) {
        Bytes.put16(b, udpOffset + SOURCE_PORT_OFFSET, sourcePort);
        Bytes.put16(b, udpOffset + DESTINATION_PORT_OFFSET, destinationPort);
        Bytes.put16(b, udpOffset + LENGTH_OFFSET, length);
        Bytes.put16(b, udpOffset + CHECKSUM_OFFSET, 0);
    }
}
