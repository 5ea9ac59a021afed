package org.firmerware.top.sip.rtp;

import org.firmerware.kernel.net.Bytes;

/**
 * The RTP fixed header (RFC 3550 §5.1), as offsets and static accessors on a packet in a byte array.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers, CC of them |
 * |  header extension (X): 16-bit profile, 16-bit length in words |
 * |  payload ... padding (P): the last octet counts the padding   |
 * </pre>
 */
public final class RtpHeader {

    /** The fixed header's length. */
    public static final int HEADER_LENGTH = 12;
    /** The version we speak. */
    public static final int VERSION = 2;
    public static final int FLAGS_OFFSET = 0;
    public static final int PAYLOAD_TYPE_OFFSET = 1;
    public static final int SEQUENCE_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;

    private RtpHeader() {
    }

    /** Writes a fixed header without CSRCs, extension or padding. */
    public static void write(byte[] b, int off, boolean marker, int payloadType, int sequence, int timestamp,
                             int ssrc) {
        b[off + FLAGS_OFFSET] = (byte) (VERSION << 6);
        b[off + PAYLOAD_TYPE_OFFSET] = (byte) ((marker ? 0x80 : 0) | payloadType & 0x7F);
        Bytes.put16(b, off + SEQUENCE_OFFSET, sequence);
        Bytes.put32(b, off + TIMESTAMP_OFFSET, timestamp);
        Bytes.put32(b, off + SSRC_OFFSET, ssrc);
    }

    public static int version(byte[] b, int off) {
        return (b[off + FLAGS_OFFSET] & 0xFF) >> 6;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + PAYLOAD_TYPE_OFFSET] & 0x80) != 0;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + PAYLOAD_TYPE_OFFSET] & 0x7F;
    }

    public static int sequence(byte[] b, int off) {
        return Bytes.u16(b, off + SEQUENCE_OFFSET);
    }

    public static int timestamp(byte[] b, int off) {
        return Bytes.u32(b, off + TIMESTAMP_OFFSET);
    }

    public static int ssrc(byte[] b, int off) {
        return Bytes.u32(b, off + SSRC_OFFSET);
    }

    /**
     * Where the payload starts, after CSRCs and any header extension; -1 when the packet is not valid RTP (RFC 3550
     * §A.1: version 2, room for the header, the CSRCs, the extension and the padding; not an RTCP type in 72..76).
     */
    public static int payloadOffset(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH || version(b, off) != VERSION) {
            return -1;
        }
        int pt = payloadType(b, off);
        if (pt >= 72 && pt <= 76) {
            return -1;
        }
        int at = HEADER_LENGTH + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (at + 4 > len) {
                return -1;
            }
            at += 4 + 4 * Bytes.u16(b, off + at + 2);
        }
        if (at > len - padding(b, off, len)) {
            return -1;
        }
        return off + at;
    }

    /** The payload's length (after {@link #payloadOffset}), without padding; -1 when invalid. */
    public static int payloadLength(byte[] b, int off, int len) {
        int at = payloadOffset(b, off, len);
        return at < 0 ? -1 : off + len - padding(b, off, len) - at;
    }

    private static int padding(byte[] b, int off, int len) {
        return (b[off] & 0x20) != 0 ? b[off + len - 1] & 0xFF : 0;
    }
}
