package org.firmerware.top.bootloader;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;
import org.firmerware.kernel.net.tftp.FlashFiles;
import org.firmerware.kernel.net.tftp.Tftp;
import org.firmerware.kernel.net.tftp.TftpFiles;

/**
 * The bootloader's TFTP files: every partition by name, read and written, and {@code firmware}, which reads the active
 * slot and writes the other one.
 *
 * <h2>Writing a firmware slot</h2>
 * <ol>
 *   <li>The image header is checked as soon as its 128 bytes are in (magic, format, header CRC, board, length against
 *       the slot), before anything is erased: a wrong image leaves the flash as it was.</li>
 *   <li>The slot's erase units are erased as the data reaches them, the first one first, which wipes the old slot
 *       record: from here on the slot is invalid until step 4. Blocks are programmed as they fill.</li>
 *   <li>At the end the length must be the header's; then the whole image is read back from the flash and its header
 *       and payload CRC checked.</li>
 *   <li>Only then is the slot record programmed, with the next sequence number: the slot becomes the active one.</li>
 * </ol>
 * A power cut before step 4 ends leaves the slot without a valid record, and the slot that was active before boots;
 * the other slot is never touched. Writing a slot by name is allowed unless it is the only valid one (that would leave
 * nothing to boot if power failed).
 *
 * <h2>Other partitions</h2>
 * Written from their first block, erased unit by unit as the data comes, the rest of the partition erased at the end.
 * The whole flash ({@link Partition#READ_ONLY}) is refused; a {@link Partition#WRITE_PROTECT} partition (the
 * bootloader's own) is refused unless unlocked with the console command {@code unlock bootloader}.
 */
final class BootloaderFiles implements TftpFiles {

    static final String FIRMWARE = "firmware";

    private static final int NONE = 0, OPEN_FAILED = 1, READ_ONLY = 2, PROTECTED = 3, TOO_BIG = 4, IMAGE = 5,
        ONLY_VALID = 6, FLASH_REFUSED = 7, NO_FIRMWARE = 8, CHECK_FAILED = 9, OVERFLOW = 10, PARTITION_NOT_FOUND = 11;
    private static final int FLUSH = 0, ERASE_TAIL = 1, CHECK = 2, RECORD = 3, DONE = 4;

    private final Bootloader bootloader;
    private final Flash flash;
    private final Slots slots;
    private final FlashFiles reader;
    private final Log log;
    private final String board;
    private final int blockSize;
    private final int unitBlocks;
    private final byte[] stage;

    private Partition unlocked;
    private boolean reading;
    private Partition target;
    private int slot = -1;
    private int base;
    private int capacity;
    private int accepted;
    private int stageFill;
    private int stageIndex;
    private int erasedEnd;
    private boolean headerChecked;
    private int finishPhase;
    private int retry;
    private int error;
    private int imageReason;
    private int imageHave;
    private int failedBlock;

    BootloaderFiles(Bootloader bootloader, Flash flash, Slots slots, Log log, String board) {
        this.bootloader = bootloader;
        this.flash = flash;
        this.slots = slots;
        this.reader = new FlashFiles(flash, 0);
        this.log = log;
        this.board = board;
        this.blockSize = flash.blockSize();
        this.unitBlocks = flash.eraseUnitBlocks();
        this.stage = new byte[blockSize];
    }

    /** Allows writing a write-protected partition until the next reset. */
    void unlock(Partition p) {
        unlocked = p;
        flash.setUnlocked(p);
    }

    /** The partition unlocked, or null. */
    Partition unlocked() {
        return unlocked;
    }

    /** Whether a write is under way. */
    boolean isWriting() {
        return target != null;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public int openRead(byte[] name, int off, int len) {
        retry = FlashFiles.BUSY_RETRY_MS;
        Partition p;
        if (Tftp.equalsIgnoreCase(name, off, off + len, FIRMWARE)) {
            int active = slots.active();
            if (active < 0) {
                return fail(NO_FIRMWARE);
            }
            p = slots.slots[active];
        } else {
            p = reader.find(name, off, len);
            if (p == null) {
                return fail(PARTITION_NOT_FOUND);
            }
        }
        int r = reader.openRead(p);
        if (r >= 0) {
            reading = true;
            bootloader.transferStarted(false, p);
        } else if (r == FAILED) {
            error = OPEN_FAILED;
        }
        return r;
    }

    @Override
    public int read(int position, byte[] dst, int off, int len) {
        retry = FlashFiles.BUSY_RETRY_MS;
        return reader.read(position, dst, off, len);
    }

    // ------------------------------------------------------------------ writing

    @Override
    public int openWrite(byte[] name, int off, int len, int size) {
        retry = FlashFiles.BUSY_RETRY_MS;
        Partition p;
        int s;
        if (Tftp.equalsIgnoreCase(name, off, off + len, FIRMWARE)) {
            s = slots.target();
            p = slots.slots[s];
        } else {
            p = reader.find(name, off, len);
            if (p == null) {
                return fail(PARTITION_NOT_FOUND);
            }
            s = slots.indexOf(p);
        }
        target = p;
        if ((p.flags & Partition.READ_ONLY) != 0) {
            return failWrite(READ_ONLY);
        }
        if ((p.flags & Partition.WRITE_PROTECT) != 0 && p != unlocked) {
            return failWrite(PROTECTED);
        }
        if (s >= 0 && slots.bootable(s) && slots.bootableCount() == 1 && slots.count() > 1) {
            return failWrite(ONLY_VALID);
        }
        if (p.firstBlock % unitBlocks != 0) {
            return failWrite(FLASH_REFUSED);
        }
        slot = s;
        base = s >= 0 ? p.firstBlock + SlotRecord.IMAGE_BLOCK : p.firstBlock;
        capacity = (p.firstBlock + p.blockCount - base) * blockSize;
        if (size > capacity) {
            imageHave = size;
            return failWrite(TOO_BIG);
        }
        accepted = 0;
        stageFill = 0;
        stageIndex = 0;
        erasedEnd = p.firstBlock;
        headerChecked = s < 0;
        finishPhase = FLUSH;
        clearStage();
        log.begin().text("bootloader: writing ").text(p.name).end();
        bootloader.transferStarted(true, p);
        return 0;
    }

    @Override
    public int write(int position, byte[] src, int off, int len) {
        retry = FlashFiles.BUSY_RETRY_MS;
        int skip = accepted - position;
        if (target == null || skip < 0 || skip > len) {
            return failWrite(FLASH_REFUSED);
        }
        while (skip < len) {
            if (stageFill == blockSize) {
                int r = programStage();
                if (r != 0) {
                    return r;
                }
            }
            if (accepted >= capacity) {
                return failWrite(OVERFLOW);
            }
            int n = Math.min(Math.min(len - skip, blockSize - stageFill), capacity - accepted);
            System.arraycopy(src, off + skip, stage, stageFill, n);
            stageFill += n;
            accepted += n;
            skip += n;
            if (!headerChecked && accepted >= ImageHeader.LENGTH) {
                int r = checkHeader();
                if (r != 0) {
                    return r;
                }
            }
            if (headerChecked && slot >= 0 && accepted > ImageHeader.imageLength(stage0Header, 0)) {
                imageReason = ImageHeader.TOO_LONG;
                return failWrite(IMAGE);
            }
        }
        return 0;
    }

    /** A copy of the image header, taken when it came in (the stage moves on). */
    private final byte[] stage0Header = new byte[ImageHeader.LENGTH];

    private int checkHeader() {
        int r = ImageHeader.check(stage, 0, ImageHeader.LENGTH, board);
        if (r == ImageHeader.OK && ImageHeader.imageLength(stage, 0) > capacity) {
            r = ImageHeader.TOO_LARGE;
            imageHave = capacity;
        }
        System.arraycopy(stage, 0, stage0Header, 0, ImageHeader.LENGTH);
        if (r != ImageHeader.OK) {
            imageReason = r;
            return failWrite(IMAGE);
        }
        headerChecked = true;
        return 0;
    }

    /** Programs the full (or, at the end, padded) stage into the next block, erasing its unit first. */
    private int programStage() {
        int b = base + stageIndex;
        int r = ensureErased(b);
        if (r != 0) {
            return r;
        }
        if (flash.isBusy()) {
            return BUSY;
        }
        if (!flash.program(b, stage, 0)) {
            failedBlock = b;
            return failWrite(FLASH_REFUSED);
        }
        stageIndex++;
        stageFill = 0;
        clearStage();
        return 0;
    }

    /** Erases units of the target until block {@code b} is erased; BUSY while an erase runs. */
    private int ensureErased(int b) {
        if (erasedEnd > b) {
            return 0;
        }
        if (flash.isBusy()) {
            return BUSY;
        }
        if (slot >= 0 && erasedEnd == target.firstBlock) {
            slots.invalidate(slot);
            log.begin().text("bootloader: ").text(target.name).text(" erased: invalid until written and checked")
                .end();
        }
        if (!flash.erase(erasedEnd)) {
            failedBlock = erasedEnd;
            return failWrite(FLASH_REFUSED);
        }
        erasedEnd += unitBlocks - erasedEnd % unitBlocks;
        return BUSY;
    }

    private void clearStage() {
        for (int i = 0; i < blockSize; i++) {
            stage[i] = (byte) 0xFF;
        }
    }

    @Override
    public int finish() {
        if (target == null) {
            return failWrite(FLASH_REFUSED);
        }
        retry = FlashFiles.BUSY_RETRY_MS;
        switch (finishPhase) {
            case FLUSH:
                if (slot >= 0) {
                    if (!headerChecked) {
                        imageReason = ImageHeader.SHORT_HEADER;
                        imageHave = accepted;
                        return failWrite(IMAGE);
                    }
                    if (accepted < ImageHeader.imageLength(stage0Header, 0)) {
                        imageReason = ImageHeader.TRUNCATED;
                        imageHave = accepted;
                        return failWrite(IMAGE);
                    }
                }
                if (stageFill > 0) {
                    int r = programStage();
                    if (r != 0) {
                        return r;
                    }
                }
                finishPhase = slot >= 0 ? CHECK : ERASE_TAIL;
                if (slot >= 0) {
                    slots.check.begin(target, false);
                }
                retry = 0;
                return BUSY;
            case ERASE_TAIL:
                int r = ensureErased(target.firstBlock + target.blockCount - 1);
                if (r != 0) {
                    return r;
                }
                if (flash.isBusy()) {
                    // The last erase was started, not finished: the final ACK says the partition is written.
                    return BUSY;
                }
                finishPhase = DONE;
                return 0;
            case CHECK:
                int c = slots.check.step();
                if (c == SlotCheck.BUSY) {
                    return BUSY;
                }
                if (c == SlotCheck.MORE) {
                    retry = 0;
                    return BUSY;
                }
                if (!slots.check.isValid()) {
                    return failWrite(CHECK_FAILED);
                }
                finishPhase = RECORD;
                return BUSY;
            case RECORD:
                if (flash.isBusy()) {
                    return BUSY;
                }
                int seq = slots.nextSequence();
                if (!slots.writeRecord(slot, seq)) {
                    failedBlock = target.firstBlock;
                    return failWrite(FLASH_REFUSED);
                }
                log.begin().text("bootloader: ").text(target.name).text(" checked and active, sequence ")
                    .decimal(seq).end();
                finishPhase = DONE;
                return 0;
            default:
                return 0;
        }
    }

    @Override
    public void close(boolean complete) {
        if (target != null && !complete && slot >= 0 && erasedEnd > target.firstBlock) {
            log.begin().text("bootloader: writing ").text(target.name).text(" cut off; it stays invalid").end();
        }
        boolean was = target != null || reading;
        target = null;
        slot = -1;
        reading = false;
        reader.close(complete);
        if (was) {
            bootloader.transferEnded();
        }
    }

    @Override
    public int retryMs() {
        return retry;
    }

    private int fail(int kind) {
        error = kind;
        return FAILED;
    }

    private int failWrite(int kind) {
        error = kind;
        return FAILED;
    }

    @Override
    public int errorCode() {
        switch (error) {
            case OPEN_FAILED:
                return reader.errorCode();
            case PARTITION_NOT_FOUND:
            case NO_FIRMWARE:
                return Tftp.E_NOT_FOUND;
            case READ_ONLY:
            case PROTECTED:
            case ONLY_VALID:
                return Tftp.E_ACCESS;
            case TOO_BIG:
            case OVERFLOW:
                return Tftp.E_DISK_FULL;
            default:
                return Tftp.E_UNDEFINED;
        }
    }

    @Override
    public int errorMessage(byte[] dst, int off, int end) {
        int o = off;
        switch (error) {
            case OPEN_FAILED:
                return reader.errorMessage(dst, off, end);
            case PARTITION_NOT_FOUND:
                o = Format.text(dst, o, end, "no such partition; there are: firmware, ");
                return reader.names(dst, o, end);
            case NO_FIRMWARE:
                return Format.text(dst, o, end, "no valid firmware in any slot");
            case READ_ONLY:
                o = Format.text(dst, o, end, target.name);
                return Format.text(dst, o, end, " is read-only (a view of the whole flash)");
            case PROTECTED:
                o = Format.text(dst, o, end, target.name);
                o = Format.text(dst, o, end, " is write-protected; unlock it first with the console command 'unlock ");
                o = Format.text(dst, o, end, target.name);
                return Format.text(dst, o, end, "'");
            case ONLY_VALID:
                o = Format.text(dst, o, end, target.name);
                return Format.text(dst, o, end,
                    " holds the only valid firmware; write 'firmware' to update the other slot");
            case TOO_BIG:
                o = Format.text(dst, o, end, "too large: ");
                o = Format.decimal(dst, o, end, imageHave);
                o = Format.text(dst, o, end, " bytes, ");
                o = Format.text(dst, o, end, target.name);
                o = Format.text(dst, o, end, " holds ");
                return Format.decimal(dst, o, end, capacity);
            case OVERFLOW:
                o = Format.text(dst, o, end, "more data than ");
                o = Format.text(dst, o, end, target.name);
                o = Format.text(dst, o, end, " holds (");
                o = Format.decimal(dst, o, end, capacity);
                return Format.text(dst, o, end, " bytes)");
            case IMAGE:
                o = Format.text(dst, o, end, "image refused: ");
                return ImageHeader.reason(imageReason, stage0Header, 0, board, imageHave, dst, o, end);
            case CHECK_FAILED:
                o = Format.text(dst, o, end, "read-back check failed: ");
                return slots.check.reason(dst, o, end);
            case FLASH_REFUSED:
                o = Format.text(dst, o, end, "the flash refused to erase or program block ");
                return Format.decimal(dst, o, end, failedBlock);
            default:
                return Format.text(dst, o, end, "error");
        }
    }
}
