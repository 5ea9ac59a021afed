package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;

/**
 * The IPv6 fixed header (RFC 8200 §3), as offsets from the start of the header.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Traffic Class |           Flow Label                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  Source Address (16 bytes)                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |               Destination Address (16 bytes)                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ip6Header {

    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SOURCE_OFFSET = 8;
    public static final int DESTINATION_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;

    /** Next header values (IANA "Assigned Internet Protocol Numbers"). */
    public static final int NEXT_HOP_BY_HOP = 0, NEXT_TCP = 6, NEXT_UDP = 17, NEXT_ROUTING = 43, NEXT_FRAGMENT = 44,
        NEXT_ESP = 50, NEXT_AH = 51, NEXT_ICMP6 = 58, NEXT_NONE = 59, NEXT_DESTINATION_OPTIONS = 60;

    /** The minimum link MTU every IPv6 link has (RFC 8200 §5). */
    public static final int MIN_MTU = 1280;

    private Ip6Header() {
    }

    /** The version field (6 for IPv6). */
    public static int version(byte[] b, int ip6Offset) {
        return (b[ip6Offset] & 0xFF) >>> 4;
    }

    public static int payloadLength(byte[] b, int ip6Offset) {
        return Bytes.u16(b, ip6Offset + PAYLOAD_LENGTH_OFFSET);
    }

    public static int nextHeader(byte[] b, int ip6Offset) {
        return Bytes.u8(b, ip6Offset + NEXT_HEADER_OFFSET);
    }

    public static int hopLimit(byte[] b, int ip6Offset) {
        return Bytes.u8(b, ip6Offset + HOP_LIMIT_OFFSET);
    }

    /**
     * Writes a header with traffic class and flow label 0; the addresses are copied.
     *
     * @param ip6Offset at which the header starts
     */
    public static void write(byte[] b, int ip6Offset, int payloadLength, int nextHeader, int hopLimit,
                             byte[] src, int srcOff, byte[] dst, int dstOff) {
        Bytes.put32(b, ip6Offset, 0x60000000);
        Bytes.put16(b, ip6Offset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        b[ip6Offset + NEXT_HEADER_OFFSET] = (byte) nextHeader;
        b[ip6Offset + HOP_LIMIT_OFFSET] = (byte) hopLimit;
        System.arraycopy(src, srcOff, b, ip6Offset + SOURCE_OFFSET, Ip6Address.LENGTH);
        System.arraycopy(dst, dstOff, b, ip6Offset + DESTINATION_OFFSET, Ip6Address.LENGTH);
    }
}
