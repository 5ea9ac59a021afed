package org.firmerware.top.sip.rtp;

import org.firmerware.kernel.net.Bytes;

/**
 * RTCP packets (RFC 3550 §6.4, §6.5, §6.6): the common header, sender info and report blocks, as offsets and static
 * writers and accessors on a compound packet in a byte array.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |    length (words - 1)         |  header
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |  sender info (SR only)
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |  report block (RC of them)
 * | fraction lost |       cumulative number of packets lost       |
 * |           extended highest sequence number received           |
 * |                      interarrival jitter                      |
 * |                         last SR (LSR)                         |
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 * An RR (201) has the header and report blocks only; SDES (202) carries chunks of an SSRC and items (CNAME = 1); BYE
 * (203) lists SSRCs.
 */
public final class RtcpPacket {

    public static final int SR = 200, RR = 201, SDES = 202, BYE = 203;
    public static final int SDES_CNAME = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int SENDER_INFO_LENGTH = 20;
    public static final int REPORT_BLOCK_LENGTH = 24;
    public static final int NTP_MSW_OFFSET = 8, NTP_LSW_OFFSET = 12, RTP_TIMESTAMP_OFFSET = 16,
        PACKET_COUNT_OFFSET = 20, OCTET_COUNT_OFFSET = 24;
    public static final int BLOCK_SSRC_OFFSET = 0, BLOCK_LOST_OFFSET = 4, BLOCK_HIGHEST_OFFSET = 8,
        BLOCK_JITTER_OFFSET = 12, BLOCK_LSR_OFFSET = 16, BLOCK_DLSR_OFFSET = 20;

    private RtcpPacket() {
    }

    /** Writes a common header: version 2, no padding, {@code count}, type and the length of {@code bytes}. */
    public static void writeHeader(byte[] b, int off, int count, int type, int bytes, int ssrc) {
        b[off] = (byte) (0x80 | count & 0x1F);
        b[off + 1] = (byte) type;
        Bytes.put16(b, off + 2, bytes / 4 - 1);
        Bytes.put32(b, off + 4, ssrc);
    }

    /** Writes a report block. */
    public static void writeBlock(byte[] b, int off, int ssrc, int fractionLost, int cumulativeLost, int highest,
                                  int jitter, int lsr, int dlsr) {
        Bytes.put32(b, off + BLOCK_SSRC_OFFSET, ssrc);
        Bytes.put32(b, off + BLOCK_LOST_OFFSET, fractionLost << 24 | cumulativeLost & 0xFFFFFF);
        Bytes.put32(b, off + BLOCK_HIGHEST_OFFSET, highest);
        Bytes.put32(b, off + BLOCK_JITTER_OFFSET, jitter);
        Bytes.put32(b, off + BLOCK_LSR_OFFSET, lsr);
        Bytes.put32(b, off + BLOCK_DLSR_OFFSET, dlsr);
    }

    public static int version(byte[] b, int off) {
        return (b[off] & 0xFF) >> 6;
    }

    public static int count(byte[] b, int off) {
        return b[off] & 0x1F;
    }

    public static int type(byte[] b, int off) {
        return b[off + 1] & 0xFF;
    }

    /** The packet's length in bytes, header included. */
    public static int length(byte[] b, int off) {
        return (Bytes.u16(b, off + 2) + 1) * 4;
    }

    public static int ssrc(byte[] b, int off) {
        return Bytes.u32(b, off + 4);
    }

    public static int blockFractionLost(byte[] b, int block) {
        return b[block + BLOCK_LOST_OFFSET] & 0xFF;
    }

    /** The cumulative number lost, a signed 24-bit value. */
    public static int blockCumulativeLost(byte[] b, int block) {
        return Bytes.u32(b, block + BLOCK_LOST_OFFSET) << 8 >> 8;
    }
}
