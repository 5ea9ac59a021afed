package org.firmerware.top.sip.media.codec;

/**
 * ITU-T G.711 companding of 16-bit linear samples: µ-law (RTP payload PCMU, RFC 3551 §4.5.14) and A-law (PCMA),
 * computed from the segment rules of G.711 Tables 1 and 2, without tables.
 *
 * <p>G.711 codes 14-bit (µ-law) and 13-bit (A-law) magnitudes: a 16-bit sample keeps the top 14 or 13 bits of its
 * magnitude. For µ-law the magnitude of a negative sample is {@code -x}, so that the decision levels are symmetric
 * about 0; for A-law it is the one's complement {@code ~x}, symmetric about -1/2 (the same choices as spandsp, against
 * which every one of the 65536 inputs is tested; they differ only for the 127 negative samples that fall exactly on a
 * decision level). Decoding
 * gives the interval's reconstruction value scaled back to 16 bits: µ-law reaches ±32124, A-law ±32256. Both are
 * stateless; the octet on the wire is the G.711 character with the inversions G.711 specifies (µ-law: all bits;
 * A-law: the even bits, 0x55).
 */
public final class G711 {

    /** The µ-law bias (33 in 14-bit units, G.711 Table 2a). */
    private static final int ULAW_BIAS = 33;
    /** The largest biased 14-bit magnitude µ-law codes. */
    private static final int ULAW_CLIP = 8191;

    private G711() {
    }

    /** The µ-law octet of a 16-bit sample. */
    public static int linearToUlaw(int sample) {
        int sign;
        int magnitude;
        if (sample < 0) {
            sign = 0x80;
            magnitude = -sample >> 2;
        } else {
            sign = 0;
            magnitude = sample >> 2;
        }
        magnitude = Math.min(magnitude + ULAW_BIAS, ULAW_CLIP);
        // The biased magnitude lies in [32 << segment, 64 << segment).
        int segment = 31 - Integer.numberOfLeadingZeros(magnitude) - 5;
        int mantissa = (magnitude >> (segment + 1)) & 0x0F;
        return ~(sign | segment << 4 | mantissa) & 0xFF;
    }

    /** The 16-bit sample of a µ-law octet. */
    public static int ulawToLinear(int octet) {
        int u = ~octet & 0xFF;
        int segment = (u >> 4) & 7;
        int mantissa = u & 0x0F;
        int magnitude = (((2 * mantissa + ULAW_BIAS) << segment) - ULAW_BIAS) << 2;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** The A-law octet of a 16-bit sample. */
    public static int linearToAlaw(int sample) {
        int sign;
        int magnitude;
        if (sample < 0) {
            sign = 0;
            magnitude = ~sample >> 3;
        } else {
            sign = 0x80;
            magnitude = sample >> 3;
        }
        int code;
        if (magnitude < 32) {
            code = magnitude >> 1;
        } else {
            // The 12-bit magnitude lies in [16 << segment, 32 << segment), segment 1..7.
            int segment = 31 - Integer.numberOfLeadingZeros(magnitude) - 4;
            code = segment << 4 | (magnitude >> segment) & 0x0F;
        }
        return (sign | code) ^ 0x55;
    }

    /** The 16-bit sample of an A-law octet. */
    public static int alawToLinear(int octet) {
        int a = (octet ^ 0x55) & 0xFF;
        int segment = (a >> 4) & 7;
        int mantissa = a & 0x0F;
        int magnitude = segment == 0 ? (2 * mantissa + 1) << 3 : (2 * mantissa + 33) << (segment + 2);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
