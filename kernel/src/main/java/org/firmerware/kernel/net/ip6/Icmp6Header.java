package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;

/**
 * The ICMPv6 header (RFC 4443 §2.1), as offsets from the start of the ICMPv6 message; the message body starts at
 * {@link #BODY_OFFSET} (its first four bytes are type-specific: identifier and sequence of an echo, the pointer of a
 * parameter problem, the MTU of a packet-too-big, reserved for the others).
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Message Body                          |
 * </pre>
 */
public final class Icmp6Header {

    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int BODY_OFFSET = 4;
    public static final int HEADER_LENGTH = 4;
    /** Type, code, checksum and the first 32-bit word: the shortest ICMPv6 message we accept. */
    public static final int MIN_LENGTH = 8;

    /** Error types (RFC 4443 §3): the high bit is clear for errors. */
    public static final int TYPE_DESTINATION_UNREACHABLE = 1, TYPE_PACKET_TOO_BIG = 2, TYPE_TIME_EXCEEDED = 3,
        TYPE_PARAMETER_PROBLEM = 4;
    /** Informational types (RFC 4443 §4, RFC 3810, RFC 4861). */
    public static final int TYPE_ECHO_REQUEST = 128, TYPE_ECHO_REPLY = 129, TYPE_MLD_QUERY = 130,
        TYPE_MLD1_REPORT = 131, TYPE_MLD1_DONE = 132, TYPE_ROUTER_SOLICITATION = 133,
        TYPE_ROUTER_ADVERTISEMENT = 134, TYPE_NEIGHBOR_SOLICITATION = 135, TYPE_NEIGHBOR_ADVERTISEMENT = 136,
        TYPE_REDIRECT = 137, TYPE_MLD2_REPORT = 143;

    /** Destination unreachable codes (RFC 4443 §3.1). */
    public static final int UNREACHABLE_NO_ROUTE = 0, UNREACHABLE_ADDRESS = 3, UNREACHABLE_PORT = 4;
    /** Parameter problem codes (RFC 4443 §3.4; 3: RFC 7112 §5, a first fragment without the whole header chain). */
    public static final int PARAMETER_HEADER_FIELD = 0, PARAMETER_NEXT_HEADER = 1, PARAMETER_OPTION = 2,
        PARAMETER_INCOMPLETE_CHAIN = 3;

    private Icmp6Header() {
    }

    public static int type(byte[] b, int icmpOffset) {
        return Bytes.u8(b, icmpOffset + TYPE_OFFSET);
    }

    public static int code(byte[] b, int icmpOffset) {
        return Bytes.u8(b, icmpOffset + CODE_OFFSET);
    }

    /** Whether a type is an error message (RFC 4443 §2.1: types 0 to 127). */
    public static boolean isError(int type) {
        return type < 128;
    }

    /** Writes type and code and clears the checksum (set it with {@link InternetChecksum#setUpperLayer}). */
    public static void write(byte[] b, int icmpOffset, int type, int code) {
        b[icmpOffset + TYPE_OFFSET] = (byte) type;
        b[icmpOffset + CODE_OFFSET] = (byte) code;
        Bytes.put16(b, icmpOffset + CHECKSUM_OFFSET, 0);
    }
}
