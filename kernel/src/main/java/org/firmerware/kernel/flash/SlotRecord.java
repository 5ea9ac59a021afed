package org.firmerware.kernel.flash;

import org.firmerware.kernel.net.Bytes;

/**
 * The layout of a firmware slot (a {@link org.firmerware.bottom.hal.Partition#BOOTABLE} partition) and of the record
 * that makes a slot's image bootable.
 *
 * <h2>A slot</h2>
 * Block {@value #RECORD_BLOCK} of the slot holds the slot record; the image (an {@link ImageHeader} and its payload)
 * starts at block {@value #IMAGE_BLOCK}, so reading the image back gives exactly the file that was written. The
 * bootloader erases a slot, programs the image, reads it back and checks it, and only then programs the record: a slot
 * without a valid record is never started, whatever its blocks hold.
 *
 * <h2>The record</h2>
 * <pre>
 *  offset size  field
 *     0     4   magic "SLOT"
 *     4     4   sequence: one more than every other slot's when written; the highest valid one is the newest
 *     8     4   image length (header and payload)
 *    12     4   the image header's CRC-32 (ties the record to the image)
 *    16     4   the payload's CRC-32
 *    20     4   CRC-32 of bytes 0..19
 *    24     8   0xFF
 *    32     4   confirmed: 0xFFFFFFFF while pending (written, never started), 0 once the bootloader started it;
 *               programmed on its own, bits only cleared, outside the CRC
 * </pre>
 * A power cut while the record is programmed leaves it with a wrong CRC: the slot stays invalid. A cut while the
 * confirmed word is programmed leaves some of its bits set: the slot still counts as pending and is confirmed again at
 * the next start.
 */
public final class SlotRecord {

    /** The slot's block that holds the record. */
    public static final int RECORD_BLOCK = 0;
    /** The slot's block where the image starts. */
    public static final int IMAGE_BLOCK = 1;

    public static final int MAGIC = 0x534C4F54;
    public static final int MAGIC_OFFSET = 0;
    public static final int SEQUENCE_OFFSET = 4;
    public static final int IMAGE_LENGTH_OFFSET = 8;
    public static final int HEADER_CRC_OFFSET = 12;
    public static final int PAYLOAD_CRC_OFFSET = 16;
    public static final int RECORD_CRC_OFFSET = 20;
    public static final int CONFIRMED_OFFSET = 32;
    /** The bytes the record uses at the start of its block. */
    public static final int LENGTH = 36;

    private SlotRecord() {
    }

    /** Whether the record at {@code off} has its magic and a matching CRC. */
    public static boolean isValid(byte[] b, int off) {
        return Bytes.u32(b, off + MAGIC_OFFSET) == MAGIC
            && Crc32.of(b, off, RECORD_CRC_OFFSET) == Bytes.u32(b, off + RECORD_CRC_OFFSET);
    }

    /** The sequence number of a valid record. */
    public static int sequence(byte[] b, int off) {
        return Bytes.u32(b, off + SEQUENCE_OFFSET);
    }

    /** The image length a valid record names. */
    public static int imageLength(byte[] b, int off) {
        return Bytes.u32(b, off + IMAGE_LENGTH_OFFSET);
    }

    /** The image header CRC a valid record names. */
    public static int headerCrc(byte[] b, int off) {
        return Bytes.u32(b, off + HEADER_CRC_OFFSET);
    }

    /** The payload CRC a valid record names. */
    public static int payloadCrc(byte[] b, int off) {
        return Bytes.u32(b, off + PAYLOAD_CRC_OFFSET);
    }

    /** Whether the bootloader has started the slot's image (every bit of the confirmed word cleared). */
    public static boolean isConfirmed(byte[] b, int off) {
        return Bytes.u32(b, off + CONFIRMED_OFFSET) == 0;
    }

    /**
     * Fills a record into a block buffer that holds 0xFF everywhere: the confirmed word stays 0xFFFFFFFF (pending).
     */
    public static void write(byte[] b, int off, int sequence, int imageLength, int headerCrc, int payloadCrc) {
        Bytes.put32(b, off + MAGIC_OFFSET, MAGIC);
        Bytes.put32(b, off + SEQUENCE_OFFSET, sequence);
        Bytes.put32(b, off + IMAGE_LENGTH_OFFSET, imageLength);
        Bytes.put32(b, off + HEADER_CRC_OFFSET, headerCrc);
        Bytes.put32(b, off + PAYLOAD_CRC_OFFSET, payloadCrc);
        Bytes.put32(b, off + RECORD_CRC_OFFSET, Crc32.of(b, off, RECORD_CRC_OFFSET));
    }

    /** Clears the confirmed word in a copy of the record block, to be programmed over the record. */
    public static void confirm(byte[] b, int off) {
        Bytes.put32(b, off + CONFIRMED_OFFSET, 0);
    }
}
