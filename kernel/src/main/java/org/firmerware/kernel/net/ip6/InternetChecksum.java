package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum, here over an IPv6
 * upper-layer packet and its pseudo-header (RFC 8200 §8.1: source, destination, upper-layer length, next header).
 * The sum is kept in an {@code int} and folded at the end; a packet of up to 64 KiB cannot overflow it.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** Adds {@code len} bytes at {@code off} to a running sum (an odd last byte is padded with zero). */
    public static int add(int sum, byte[] b, int off, int len) {
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) {
            sum += (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds a running sum to 16 bits and complements it. */
    public static int finish(int sum) {
        // Twice is enough for any sum of at most 2^31.
        sum = (sum >>> 16) + (sum & 0xFFFF);
        sum = (sum >>> 16) + (sum & 0xFFFF);
        return ~sum & 0xFFFF;
    }

    /**
     * The checksum of an upper-layer packet with the pseudo-header taken from the IPv6 header; with the checksum field
     * in place, a correct packet gives 0.
     *
     * @param ip6Offset at which the IPv6 header starts (source and destination are read from it)
     * @param upperOffset at which the upper-layer header starts
     * @param upperLength the upper-layer length (header and data)
     * @param nextHeader the upper-layer protocol (58 for ICMPv6, 17 for UDP)
     */
    public static int upperLayer(byte[] b, int ip6Offset, int upperOffset, int upperLength, int nextHeader) {
        int sum = add(0, b, ip6Offset + Ip6Header.SOURCE_OFFSET, 2 * Ip6Address.LENGTH);
        sum += upperLength >>> 16;
        sum += upperLength & 0xFFFF;
        sum += nextHeader;
        sum = add(sum, b, upperOffset, upperLength);
        return finish(sum);
    }

    /** Whether an upper-layer packet's checksum is correct. */
    public static boolean isValid(byte[] b, int ip6Offset, int upperOffset, int upperLength, int nextHeader) {
        return upperLayer(b, ip6Offset, upperOffset, upperLength, nextHeader) == 0;
    }

    /**
     * Computes and writes an upper-layer checksum; the field must hold 0 before.
     *
     * @param checksumOffset the absolute offset of the 16-bit checksum field
     * @param zeroAsOnes whether a computed 0 is sent as {@code 0xFFFF} (UDP, RFC 768 and RFC 8200 §8.1)
     */
    public static void setUpperLayer(byte[] b, int ip6Offset, int upperOffset, int upperLength, int nextHeader,
                                     int checksumOffset, boolean zeroAsOnes) {
        Bytes.put16(b, checksumOffset, 0);
        int c = upperLayer(b, ip6Offset, upperOffset, upperLength, nextHeader);
        if (c == 0 && zeroAsOnes) {
            c = 0xFFFF;
        }
        Bytes.put16(b, checksumOffset, c);
    }
}
