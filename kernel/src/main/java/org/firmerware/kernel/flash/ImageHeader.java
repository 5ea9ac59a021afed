package org.firmerware.kernel.flash;

import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.net.Bytes;

/**
 * The header of a Firmerware firmware image: what the bootloader checks before it writes an image into a slot and
 * again before it starts one. {@code fw image} writes it. All numbers are big-endian; text fields are ASCII padded
 * with NUL bytes.
 *
 * <pre>
 *  offset size  field
 *     0     4   magic "FWIM"
 *     4     2   format, {@value #FORMAT}
 *     6     2   header length, {@value #LENGTH}
 *     8    16   board ("sim", "bt200", ...)
 *    24    24   top ("netconsole", "sip", ...)
 *    48    16   version ("1.2.0")
 *    64     4   payload length in bytes (what follows the header)
 *    68     4   payload CRC-32 ({@link Crc32})
 *    72     4   flags, 0
 *    76    48   reserved, 0
 *   124     4   header CRC-32 over bytes 0..123
 * </pre>
 *
 * The payload is the firmware itself: on a real board the AOT-compiled image; on the simulator a description of the
 * top to run (see docs/bootloader.md). Every check has a reason ({@code OK}, {@code BAD_MAGIC}, ...) and
 * {@link #reason} writes it as a sentence for the TFTP error, the log and {@code fw image}.
 */
public final class ImageHeader {

    public static final int LENGTH = 128;
    public static final int FORMAT = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int FORMAT_OFFSET = 4;
    public static final int LENGTH_OFFSET = 6;
    public static final int BOARD_OFFSET = 8;
    public static final int BOARD_BYTES = 16;
    public static final int TOP_OFFSET = 24;
    public static final int TOP_BYTES = 24;
    public static final int VERSION_OFFSET = 48;
    public static final int VERSION_BYTES = 16;
    public static final int PAYLOAD_LENGTH_OFFSET = 64;
    public static final int PAYLOAD_CRC_OFFSET = 68;
    public static final int FLAGS_OFFSET = 72;
    public static final int HEADER_CRC_OFFSET = 124;

    /** The magic number, "FWIM". */
    public static final int MAGIC = 0x4657494D;

    /** Check results. */
    public static final int OK = 0, SHORT_HEADER = 1, BAD_MAGIC = 2, BAD_FORMAT = 3, BAD_HEADER_CRC = 4,
        WRONG_BOARD = 5, TOO_LARGE = 6, TRUNCATED = 7, TOO_LONG = 8, BAD_PAYLOAD_CRC = 9;

    private ImageHeader() {
    }

    /**
     * Checks a header on its own: length, magic, format and header CRC, and that it was made for {@code board}.
     *
     * @param available how many header bytes are at {@code off} (fewer than {@link #LENGTH}: {@code SHORT_HEADER})
     * @param board this board's name, or null not to check it
     * @return {@code OK} or the reason
     */
    public static int check(byte[] h, int off, int available, String board) {
        if (available < LENGTH) {
            return SHORT_HEADER;
        }
        if (Bytes.u32(h, off + MAGIC_OFFSET) != MAGIC) {
            return BAD_MAGIC;
        }
        if (Bytes.u16(h, off + FORMAT_OFFSET) != FORMAT || Bytes.u16(h, off + LENGTH_OFFSET) != LENGTH) {
            return BAD_FORMAT;
        }
        if (Crc32.of(h, off, HEADER_CRC_OFFSET) != Bytes.u32(h, off + HEADER_CRC_OFFSET)) {
            return BAD_HEADER_CRC;
        }
        if (Bytes.u32(h, off + PAYLOAD_LENGTH_OFFSET) < 0) {
            return BAD_FORMAT;
        }
        if (board != null && !textEquals(h, off + BOARD_OFFSET, BOARD_BYTES, board)) {
            return WRONG_BOARD;
        }
        return OK;
    }

    /** The payload's length in bytes (of a header that passed {@link #check}). */
    public static int payloadLength(byte[] h, int off) {
        return Bytes.u32(h, off + PAYLOAD_LENGTH_OFFSET);
    }

    /** The image's length: header and payload. */
    public static int imageLength(byte[] h, int off) {
        return LENGTH + payloadLength(h, off);
    }

    /** The payload's CRC-32 as the header records it. */
    public static int payloadCrc(byte[] h, int off) {
        return Bytes.u32(h, off + PAYLOAD_CRC_OFFSET);
    }

    /** The header's own CRC-32. */
    public static int headerCrc(byte[] h, int off) {
        return Bytes.u32(h, off + HEADER_CRC_OFFSET);
    }

    /** The length of a NUL-padded text field. */
    public static int textLength(byte[] h, int fieldOff, int fieldBytes) {
        int n = 0;
        while (n < fieldBytes && h[fieldOff + n] != 0) {
            n++;
        }
        return n;
    }

    /** Whether a NUL-padded text field holds exactly {@code text}. */
    public static boolean textEquals(byte[] h, int fieldOff, int fieldBytes, String text) {
        int n = textLength(h, fieldOff, fieldBytes);
        if (n != text.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (h[fieldOff + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Writes a text field into {@code dst} (printable ASCII only; others as '?'); returns the new end. */
    public static int text(byte[] h, int fieldOff, int fieldBytes, byte[] dst, int dstOff, int end) {
        int n = textLength(h, fieldOff, fieldBytes);
        int o = dstOff;
        for (int i = 0; i < n && o < end; i++) {
            int c = h[fieldOff + i] & 0xFF;
            dst[o++] = (byte) (c >= 0x20 && c < 0x7F ? c : '?');
        }
        return o;
    }

    /** Writes "top version" of a checked header; returns the new end. */
    public static int describe(byte[] h, int off, byte[] dst, int dstOff, int end) {
        int o = text(h, off + TOP_OFFSET, TOP_BYTES, dst, dstOff, end);
        o = Format.text(dst, o, end, " ");
        return text(h, off + VERSION_OFFSET, VERSION_BYTES, dst, o, end);
    }

    /**
     * Writes a reason as a sentence, such as {@code wrong board: the image is for bt200, this phone is sim}.
     *
     * @param h the header the reason is about (for the board, lengths and CRCs), or null
     * @param board this board's name
     * @param have for {@code TRUNCATED}: the bytes there are; for {@code TOO_LARGE}: the room there is; for
     *     {@code BAD_PAYLOAD_CRC}: the payload's CRC as computed
     * @return the new end
     */
    public static int reason(int reason, byte[] h, int off, String board, int have, byte[] dst, int dstOff, int end) {
        int o = dstOff;
        switch (reason) {
            case OK:
                return Format.text(dst, o, end, "a valid image");
            case SHORT_HEADER:
                o = Format.text(dst, o, end, "truncated: only ");
                o = Format.decimal(dst, o, end, have);
                return Format.text(dst, o, end, " bytes, shorter than an image header (128)");
            case BAD_MAGIC:
                return Format.text(dst, o, end, "not a firmware image (no FWIM magic; make one with fw image)");
            case BAD_FORMAT:
                return Format.text(dst, o, end, "unknown image format (header version or length)");
            case BAD_HEADER_CRC:
                return Format.text(dst, o, end, "corrupted image header (its CRC-32 does not match)");
            case WRONG_BOARD:
                o = Format.text(dst, o, end, "wrong board: the image is for ");
                o = text(h, off + BOARD_OFFSET, BOARD_BYTES, dst, o, end);
                o = Format.text(dst, o, end, ", this phone is ");
                return Format.text(dst, o, end, board);
            case TOO_LARGE:
                o = Format.text(dst, o, end, "too large: ");
                o = Format.decimal(dst, o, end, imageLength(h, off));
                o = Format.text(dst, o, end, " bytes, the slot holds ");
                return Format.decimal(dst, o, end, have);
            case TRUNCATED:
                o = Format.text(dst, o, end, "truncated: ");
                o = Format.decimal(dst, o, end, have);
                o = Format.text(dst, o, end, " of ");
                o = Format.decimal(dst, o, end, imageLength(h, off));
                return Format.text(dst, o, end, " bytes");
            case TOO_LONG:
                o = Format.text(dst, o, end, "longer than its header says (");
                o = Format.decimal(dst, o, end, imageLength(h, off));
                return Format.text(dst, o, end, " bytes)");
            case BAD_PAYLOAD_CRC:
                o = Format.text(dst, o, end, "corrupted: payload CRC-32 ");
                o = Format.hex(dst, o, end, have, 8);
                o = Format.text(dst, o, end, ", the header says ");
                return Format.hex(dst, o, end, payloadCrc(h, off), 8);
            default:
                return Format.text(dst, o, end, "invalid image");
        }
    }
}
