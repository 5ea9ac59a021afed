package org.firmerware.top.bootloader;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.flash.Crc32;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;

/**
 * Checks one firmware slot in pieces, so that the main loop stays responsive while a megabyte is read: the slot
 * record (when asked), the image header (magic, format, header CRC, board, length against the slot and the record)
 * and the CRC-32 of the whole payload, read back from the flash. One check at a time.
 *
 * <pre>
 *   check.begin(slot, true);
 *   while ((r = check.step()) != DONE) { ... come back later (BUSY: the flash erases) or at once (MORE) ... }
 *   if (check.isValid()) ...; else check.reason(...)
 * </pre>
 */
final class SlotCheck {

    /** Results of {@link #step()}. */
    static final int DONE = 0, MORE = 1, BUSY = 2;
    /** Blocks read per step. */
    static final int BLOCKS_PER_STEP = 32;
    /** Reasons beyond those of {@link ImageHeader}. */
    static final int NO_RECORD = 20, RECORD_MISMATCH = 21;

    private static final int RECORD = 0, HEADER = 1, PAYLOAD = 2, FINISHED = 3;

    private final Flash flash;
    private final String board;
    private final int blockSize;
    private final byte[] block;
    /** The image header of the slot checked last (valid or not). */
    final byte[] header = new byte[ImageHeader.LENGTH];

    private Partition slot;
    private boolean withRecord;
    private int phase = FINISHED;
    private int imageLength;
    private int nextBlock;
    private int crc;
    private boolean valid;
    private int reason;
    private int computed;
    private int sequence;
    private boolean confirmed;
    private int starts;
    private int recordLength;
    private int recordHeaderCrc;
    private int recordPayloadCrc;

    SlotCheck(Flash flash, String board) {
        this.flash = flash;
        this.board = board;
        this.blockSize = flash.blockSize();
        this.block = new byte[blockSize];
    }

    /**
     * Starts checking a slot.
     *
     * @param record whether the slot record must be valid and match (at boot), or is not written yet (after a write)
     */
    void begin(Partition s, boolean record) {
        slot = s;
        withRecord = record;
        phase = record ? RECORD : HEADER;
        valid = false;
        reason = ImageHeader.OK;
        sequence = 0;
        confirmed = false;
        starts = 0;
        imageLength = 0;
        for (int i = 0; i < header.length; i++) {
            header[i] = 0;
        }
    }

    /** Checks the next piece: {@link #DONE}, {@link #MORE} (call again at once) or {@link #BUSY} (the flash erases). */
    int step() {
        switch (phase) {
            case RECORD:
                if (!flash.read(slot.firstBlock + SlotRecord.RECORD_BLOCK, block, 0)) {
                    return BUSY;
                }
                if (!SlotRecord.isValid(block, 0)) {
                    return fail(NO_RECORD);
                }
                sequence = SlotRecord.sequence(block, 0);
                confirmed = SlotRecord.isConfirmed(block, 0);
                starts = SlotRecord.starts(block, 0);
                recordLength = SlotRecord.imageLength(block, 0);
                recordHeaderCrc = SlotRecord.headerCrc(block, 0);
                recordPayloadCrc = SlotRecord.payloadCrc(block, 0);
                phase = HEADER;
                return MORE;
            case HEADER:
                if (!flash.read(slot.firstBlock + SlotRecord.IMAGE_BLOCK, block, 0)) {
                    return BUSY;
                }
                System.arraycopy(block, 0, header, 0, ImageHeader.LENGTH);
                int r = ImageHeader.check(block, 0, blockSize, board);
                if (r != ImageHeader.OK) {
                    return fail(r);
                }
                imageLength = ImageHeader.imageLength(block, 0);
                if (imageLength > capacity()) {
                    return fail(ImageHeader.TOO_LARGE);
                }
                if (withRecord && (recordLength != imageLength || recordHeaderCrc != ImageHeader.headerCrc(block, 0)
                    || recordPayloadCrc != ImageHeader.payloadCrc(block, 0))) {
                    return fail(RECORD_MISMATCH);
                }
                crc = Crc32.update(Crc32.START, block, ImageHeader.LENGTH,
                    Math.min(blockSize, imageLength) - ImageHeader.LENGTH);
                nextBlock = 1;
                phase = PAYLOAD;
                return MORE;
            case PAYLOAD:
                int blocks = (imageLength + blockSize - 1) / blockSize;
                for (int n = 0; n < BLOCKS_PER_STEP && nextBlock < blocks; n++) {
                    if (!flash.read(slot.firstBlock + SlotRecord.IMAGE_BLOCK + nextBlock, block, 0)) {
                        return BUSY;
                    }
                    int len = Math.min(blockSize, imageLength - nextBlock * blockSize);
                    crc = Crc32.update(crc, block, 0, len);
                    nextBlock++;
                }
                if (nextBlock < blocks) {
                    return MORE;
                }
                computed = Crc32.finish(crc);
                if (computed != ImageHeader.payloadCrc(header, 0)) {
                    return fail(ImageHeader.BAD_PAYLOAD_CRC);
                }
                valid = true;
                phase = FINISHED;
                return DONE;
            default:
                return DONE;
        }
    }

    private int fail(int why) {
        reason = why;
        valid = false;
        phase = FINISHED;
        return DONE;
    }

    /** The room for an image in the slot checked. */
    int capacity() {
        return (slot.blockCount - SlotRecord.IMAGE_BLOCK) * blockSize;
    }

    boolean isValid() {
        return valid;
    }

    int sequence() {
        return sequence;
    }

    boolean isConfirmed() {
        return confirmed;
    }

    int starts() {
        return starts;
    }

    int imageLength() {
        return imageLength;
    }

    int reason() {
        return reason;
    }

    /** Writes why the slot is invalid (or "a valid image"); returns the new end. */
    int reason(byte[] dst, int off, int end) {
        if (reason == NO_RECORD) {
            return Format.text(dst, off, end, "no valid slot record (empty, or its update never finished)");
        }
        if (reason == RECORD_MISMATCH) {
            return Format.text(dst, off, end, "the slot record names another image");
        }
        int have = reason == ImageHeader.BAD_PAYLOAD_CRC ? computed : reason == ImageHeader.TOO_LARGE ? capacity() : 0;
        return ImageHeader.reason(reason, header, 0, board, have, dst, off, end);
    }
}
