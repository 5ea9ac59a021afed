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
 *    32     4   starts: the bootloader clears one more bit (the lowest set one) before each start of an image that
 *               has not confirmed itself; 0xFFFFFFFF while pending (written, never started)
 *    36     4   confirmed: 0xFFFFFFFF until the firmware, having run {@code TrialBoot.TRIAL_MS}, clears it
 * </pre>
 * The two words are outside the CRC and each is programmed on its own, bits only cleared.
 *
 * <h2>The trial boot</h2>
 * A slot is <b>pending</b> (never started), <b>on trial</b> (started 1 to {@value #MAX_STARTS} - 1 times without
 * confirming itself), <b>failed</b> (started {@value #MAX_STARTS} times without confirming itself: never started
 * again, the bootloader falls back to the other slot) or <b>confirmed</b> (it ran long enough once: started for
 * good). A firmware that crashes or hangs before it confirms itself is thus started at most {@value #MAX_STARTS}
 * times, however the phone gets reset (a watchdog, a panic that resets, the user pulling the plug).
 *
 * <p>Power cuts: a cut while the record is programmed leaves it with a wrong CRC: the slot stays invalid. A cut while
 * a start is counted leaves that one bit set or cleared: one start more or less. A cut while the confirmed word is
 * programmed leaves some of its bits cleared, which counts as confirmed (the firmware had decided so).
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
    public static final int STARTS_OFFSET = 32;
    public static final int CONFIRMED_OFFSET = 36;
    /** The bytes the record uses at the start of its block. */
    public static final int LENGTH = 40;
    /** How many starts an image gets to confirm itself before the bootloader gives up on it. */
    public static final int MAX_STARTS = 3;

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

    /** Whether the slot's firmware has confirmed itself (any bit of the confirmed word cleared). */
    public static boolean isConfirmed(byte[] b, int off) {
        return Bytes.u32(b, off + CONFIRMED_OFFSET) != -1;
    }

    /** How many times the bootloader started the slot's image while it was not confirmed (the starts word's zeros). */
    public static int starts(byte[] b, int off) {
        int w = Bytes.u32(b, off + STARTS_OFFSET);
        int n = 0;
        for (int i = 0; i < 32; i++) {
            if ((w & 1 << i) == 0) {
                n++;
            }
        }
        return n;
    }

    /** Whether a valid record's image used up its starts without confirming itself: it is not started again. */
    public static boolean isFailed(byte[] b, int off) {
        return failed(isConfirmed(b, off), starts(b, off));
    }

    /** The rule of {@link #isFailed}, for a record's state read before: not confirmed, and no start left. */
    public static boolean failed(boolean confirmed, int starts) {
        return !confirmed && starts >= MAX_STARTS;
    }

    /**
     * Fills a record into a block buffer that holds 0xFF everywhere: the starts and confirmed words stay 0xFFFFFFFF
     * (pending).
     */
    public static void write(byte[] b, int off, int sequence, int imageLength, int headerCrc, int payloadCrc) {
        Bytes.put32(b, off + MAGIC_OFFSET, MAGIC);
        Bytes.put32(b, off + SEQUENCE_OFFSET, sequence);
        Bytes.put32(b, off + IMAGE_LENGTH_OFFSET, imageLength);
        Bytes.put32(b, off + HEADER_CRC_OFFSET, headerCrc);
        Bytes.put32(b, off + PAYLOAD_CRC_OFFSET, payloadCrc);
        Bytes.put32(b, off + RECORD_CRC_OFFSET, Crc32.of(b, off, RECORD_CRC_OFFSET));
    }

    /** Counts one more start in a copy of the record block (to be programmed over the record): its lowest set bit. */
    public static void countStart(byte[] b, int off) {
        int w = Bytes.u32(b, off + STARTS_OFFSET);
        Bytes.put32(b, off + STARTS_OFFSET, w & (w - 1));
    }

    /** Clears the confirmed word in a copy of the record block, to be programmed over the record. */
    public static void confirm(byte[] b, int off) {
        Bytes.put32(b, off + CONFIRMED_OFFSET, 0);
    }
}
