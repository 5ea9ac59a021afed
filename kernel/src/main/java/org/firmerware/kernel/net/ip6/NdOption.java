package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;

/**
 * A Neighbor Discovery option (RFC 4861 §4.6): type, length in units of 8 bytes (never 0), then data. Options follow
 * each other to the end of the message; {@link #next} walks them with bounds checks, so a truncated or garbage option
 * list ends the walk instead of reading past the message.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |    Length     |              ...              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <table>
 *   <caption>Options we read and write, with their offsets from the option start</caption>
 *   <tr><th>type</th><th>option</th><th>fields</th></tr>
 *   <tr><td>1, 2</td><td>source / target link-layer address (§4.6.1)</td><td>MAC at 2</td></tr>
 *   <tr><td>3</td><td>prefix information (§4.6.2), length 4</td><td>prefix length 2, flags 3 (L 0x80, A 0x40), valid
 *       lifetime 4, preferred lifetime 8, prefix 16</td></tr>
 *   <tr><td>5</td><td>MTU (§4.6.4), length 1</td><td>MTU 4</td></tr>
 *   <tr><td>14</td><td>nonce (RFC 7527 / RFC 3971 §5.3.2)</td><td>nonce at 2, 6 bytes or more</td></tr>
 *   <tr><td>25</td><td>recursive DNS server (RFC 8106 §5.1), length 3 + 2n</td>
 *       <td>lifetime 4, addresses from 8</td></tr>
 *   <tr><td>31</td><td>DNS search list (RFC 8106 §5.2), length 2 or more</td><td>lifetime 4, names from 8</td></tr>
 * </table>
 */
public final class NdOption {

    public static final int TYPE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 1;
    public static final int DATA_OFFSET = 2;
    /** Options are measured in units of this many bytes. */
    public static final int UNIT = 8;

    public static final int SOURCE_LINK_LAYER = 1, TARGET_LINK_LAYER = 2, PREFIX_INFORMATION = 3, MTU = 5, NONCE = 14,
        RDNSS = 25, DNSSL = 31;

    /** A link-layer address option for Ethernet: one unit. */
    public static final int LINK_LAYER_LENGTH = 8;
    public static final int LINK_LAYER_ADDRESS_OFFSET = 2;

    public static final int PREFIX_LENGTH = 32;
    public static final int PREFIX_LENGTH_OFFSET = 2;
    public static final int PREFIX_FLAGS_OFFSET = 3;
    public static final int PREFIX_FLAG_ON_LINK = 0x80;
    public static final int PREFIX_FLAG_AUTONOMOUS = 0x40;
    public static final int PREFIX_VALID_LIFETIME_OFFSET = 4;
    public static final int PREFIX_PREFERRED_LIFETIME_OFFSET = 8;
    public static final int PREFIX_PREFIX_OFFSET = 16;

    public static final int MTU_LENGTH = 8;
    public static final int MTU_MTU_OFFSET = 4;

    /** The nonce we send: 6 bytes, one unit (RFC 7527 §4.1 asks for at least 6 bytes). */
    public static final int NONCE_LENGTH = 8;
    public static final int NONCE_NONCE_OFFSET = 2;
    public static final int NONCE_BYTES = 6;

    public static final int DNS_LIFETIME_OFFSET = 4;
    public static final int DNS_DATA_OFFSET = 8;

    /** A lifetime of all ones: infinity (RFC 4861 §4.6.2, RFC 8106 §5.1). */
    public static final int INFINITE_LIFETIME = 0xFFFFFFFF;

    private NdOption() {
    }

    /** The option's type. */
    public static int type(byte[] b, int optOffset) {
        return Bytes.u8(b, optOffset + TYPE_OFFSET);
    }

    /** The option's length in bytes (its length field times 8). */
    public static int length(byte[] b, int optOffset) {
        return Bytes.u8(b, optOffset + LENGTH_OFFSET) * UNIT;
    }

    /**
     * Whether the options from {@code off} to {@code end} are well formed: each has a non-zero length that fits
     * (RFC 4861 §6.1.2 / §7.1.x: "all included options have a length that is greater than zero"), and together they
     * fill the space exactly.
     */
    public static boolean wellFormed(byte[] b, int off, int end) {
        int at = off;
        // Bounded: each step moves at least 8 bytes forward.
        while (at < end) {
            if (end - at < 2) {
                return false;
            }
            int len = length(b, at);
            if (len == 0 || len > end - at) {
                return false;
            }
            at += len;
        }
        return true;
    }

    /**
     * The offset of the first option of {@code type} between {@code off} and {@code end}, or -1; use only after
     * {@link #wellFormed}.
     */
    public static int find(byte[] b, int off, int end, int type) {
        int at = off;
        while (at + 2 <= end) {
            int len = length(b, at);
            if (len == 0 || len > end - at) {
                return -1;
            }
            if (type(b, at) == type) {
                return at;
            }
            at += len;
        }
        return -1;
    }

    /** The offset of the option after the one at {@code at}, or {@code end} when there is none (or it is broken). */
    public static int next(byte[] b, int at, int end) {
        if (end - at < 2) {
            return end;
        }
        int len = length(b, at);
        if (len == 0 || len > end - at) {
            return end;
        }
        return at + len;
    }

    /** Writes a link-layer address option (type 1 or 2) for an Ethernet MAC; returns the offset after it. */
    public static int writeLinkLayer(byte[] b, int optOffset, int type, byte[] mac, int macOff) {
        b[optOffset] = (byte) type;
        b[optOffset + 1] = 1;
        System.arraycopy(mac, macOff, b, optOffset + LINK_LAYER_ADDRESS_OFFSET, 6);
        return optOffset + LINK_LAYER_LENGTH;
    }
}
