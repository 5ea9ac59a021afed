package org.firmerware.kernel.net.tftp;

import org.firmerware.kernel.net.Bytes;

/**
 * TFTP packets (RFC 1350) with option negotiation (RFC 2347), the block size option (RFC 2348) and the transfer size
 * option (RFC 2349), as carried in LLC type 1 UI frames on SAP {@value org.firmerware.kernel.net.llc.Llc#TFTP_SAP}:
 * the TFTP packet is the UI PDU's information field. Offsets are from the start of the TFTP packet.
 *
 * <pre>
 *   RRQ/WRQ  | 1 or 2 | filename | 0 | mode | 0 | option | 0 | value | 0 | ...
 *   DATA     | 3 | block | data (0 to blksize bytes; fewer than blksize ends the transfer)
 *   ACK      | 4 | block |
 *   ERROR    | 5 | code | message | 0
 *   OACK     | 6 | option | 0 | value | 0 | ...
 * </pre>
 */
public final class Tftp {

    public static final int RRQ = 1, WRQ = 2, DATA = 3, ACK = 4, ERROR = 5, OACK = 6;

    /** Error codes (RFC 1350; 8 from RFC 2347). */
    public static final int E_UNDEFINED = 0, E_NOT_FOUND = 1, E_ACCESS = 2, E_DISK_FULL = 3, E_ILLEGAL = 4,
        E_UNKNOWN_TID = 5, E_EXISTS = 6, E_NO_USER = 7, E_OPTIONS = 8;

    public static final int OPCODE_OFFSET = 0;
    public static final int BLOCK_OFFSET = 2;
    public static final int CODE_OFFSET = 2;
    public static final int DATA_OFFSET = 4;
    public static final int HEADER_LENGTH = 4;

    /** The block size without the blksize option. */
    public static final int DEFAULT_BLOCK_SIZE = 512;
    /** The smallest and largest block sizes RFC 2348 allows. */
    public static final int MIN_BLOCK_SIZE = 8, MAX_BLOCK_SIZE = 65464;
    /** The largest request RFC 2347 allows. */
    public static final int MAX_REQUEST = 512;

    /** Option names, lower case (they compare case-insensitively). */
    public static final String BLKSIZE = "blksize", TSIZE = "tsize", OCTET = "octet";

    private Tftp() {
    }

    /** The opcode of a packet of {@code len} bytes, or 0 when it is too short to have one. */
    public static int opcode(byte[] b, int off, int len) {
        return len < 2 ? 0 : Bytes.u16(b, off + OPCODE_OFFSET);
    }

    /** The end (exclusive) of the NUL-terminated string at {@code pos}, or -1 when no NUL comes before {@code end}. */
    public static int stringEnd(byte[] b, int pos, int end) {
        for (int i = pos; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code b[pos..end)} is {@code word}, ignoring ASCII case. */
    public static boolean equalsIgnoreCase(byte[] b, int pos, int end, String word) {
        if (end - pos != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            int c = b[pos + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number in {@code b[pos..end)}, or -1 when it is not one (or above 2^31 - 1). */
    public static int decimal(byte[] b, int pos, int end) {
        if (pos >= end || end - pos > 10) {
            return -1;
        }
        long v = 0;
        for (int i = pos; i < end; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
