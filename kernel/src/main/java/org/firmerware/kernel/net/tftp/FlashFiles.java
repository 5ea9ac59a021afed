package org.firmerware.kernel.net.tftp;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;

/**
 * Flash partitions as read-only TFTP files, by partition name. A partition's file is its whole range of blocks,
 * except a firmware slot ({@link Partition#BOOTABLE}), whose file is the image it holds (from block
 * {@value SlotRecord#IMAGE_BLOCK}, as long as its header says), so that reading a slot back gives exactly the image
 * file that was written; the raw blocks are in the partition that spans the whole flash. Only partitions that have
 * every flag of a mask are served ({@link Partition#PUBLISHED} for the main firmware, none for the bootloader).
 * Writes are refused.
 */
public final class FlashFiles implements TftpFiles {

    /** How long to wait for the flash while it erases. */
    public static final int BUSY_RETRY_MS = 20;

    private static final int E_NONE = 0, E_NOT_FOUND = 1, E_NO_IMAGE = 2, E_READ_ONLY = 3, E_READ = 4;

    private final Flash flash;
    private final Partition[] table;
    private final int mask;
    private final int blockSize;
    private final byte[] cache;
    private int cachedBlock = -1;
    private Partition open;
    private int firstBlock;
    private int length;
    private int errorKind;
    private Partition errorPartition;

    /**
     * @param mask the flags a partition must have to be served (0: every partition)
     */
    public FlashFiles(Flash flash, int mask) {
        this.flash = flash;
        this.table = flash.partitions();
        this.mask = mask;
        this.blockSize = flash.blockSize();
        this.cache = new byte[blockSize];
    }

    /** The partition named {@code name[off..off+len)} that this serves, or null. */
    public Partition find(byte[] name, int off, int len) {
        Partition p = Partition.find(table, name, off, len);
        return p != null && p.has(mask) ? p : null;
    }

    @Override
    public int openRead(byte[] name, int off, int len) {
        Partition p = find(name, off, len);
        if (p == null) {
            return fail(E_NOT_FOUND, null);
        }
        return openRead(p);
    }

    /**
     * Opens a partition for reading (see the class description for what its file is).
     *
     * @return its length, {@link #BUSY} or {@link #FAILED}
     */
    public int openRead(Partition p) {
        cachedBlock = -1;
        if ((p.flags & Partition.BOOTABLE) == 0) {
            open = p;
            firstBlock = p.firstBlock;
            length = p.blockCount * blockSize;
            return length;
        }
        int len = imageLength(p);
        if (len == BUSY) {
            return BUSY;
        }
        if (len < 0) {
            return fail(E_NO_IMAGE, p);
        }
        open = p;
        firstBlock = p.firstBlock + SlotRecord.IMAGE_BLOCK;
        length = len;
        return length;
    }

    /**
     * The length of the image in a slot by its header (not its checksum), {@link #BUSY} while the flash erases, or
     * {@link #FAILED} when the slot holds no image header (or one longer than the slot).
     */
    public int imageLength(Partition slot) {
        if (!flash.read(slot.firstBlock + SlotRecord.IMAGE_BLOCK, cache, 0)) {
            return BUSY;
        }
        cachedBlock = slot.firstBlock + SlotRecord.IMAGE_BLOCK;
        if (ImageHeader.check(cache, 0, blockSize, null) != ImageHeader.OK) {
            return FAILED;
        }
        int len = ImageHeader.imageLength(cache, 0);
        return len <= (slot.blockCount - SlotRecord.IMAGE_BLOCK) * blockSize ? len : FAILED;
    }

    @Override
    public int read(int position, byte[] dst, int off, int len) {
        if (open == null) {
            return fail(E_READ, null);
        }
        int n = Math.max(0, Math.min(len, length - position));
        int done = 0;
        while (done < n) {
            int at = position + done;
            int b = firstBlock + at / blockSize;
            if (b != cachedBlock) {
                if (!flash.read(b, cache, 0)) {
                    cachedBlock = -1;
                    return BUSY;
                }
                cachedBlock = b;
            }
            int inBlock = at % blockSize;
            int k = Math.min(n - done, blockSize - inBlock);
            System.arraycopy(cache, inBlock, dst, off + done, k);
            done += k;
        }
        return done;
    }

    @Override
    public int openWrite(byte[] name, int off, int len, int size) {
        return fail(E_READ_ONLY, null);
    }

    @Override
    public int write(int position, byte[] src, int off, int len) {
        return fail(E_READ_ONLY, null);
    }

    @Override
    public int finish() {
        return fail(E_READ_ONLY, null);
    }

    @Override
    public void close(boolean complete) {
        open = null;
    }

    @Override
    public int retryMs() {
        return BUSY_RETRY_MS;
    }

    @Override
    public int errorCode() {
        switch (errorKind) {
            case E_NOT_FOUND:
            case E_NO_IMAGE:
                return Tftp.E_NOT_FOUND;
            case E_READ_ONLY:
                return Tftp.E_ACCESS;
            default:
                return Tftp.E_UNDEFINED;
        }
    }

    @Override
    public int errorMessage(byte[] dst, int off, int end) {
        switch (errorKind) {
            case E_NOT_FOUND:
                int o = Format.text(dst, off, end, "no such partition; there are: ");
                return names(dst, o, end);
            case E_NO_IMAGE:
                o = Format.text(dst, off, end, errorPartition.name);
                return Format.text(dst, o, end, " holds no firmware image (its raw blocks are in the whole flash)");
            case E_READ_ONLY:
                return Format.text(dst, off, end,
                    "read-only: writing needs the bootloader (power up with the handset off the hook)");
            default:
                return Format.text(dst, off, end, "no file open");
        }
    }

    /** Writes the names of the partitions served, separated by commas; returns the new end. */
    public int names(byte[] dst, int off, int end) {
        int o = off;
        boolean first = true;
        for (int i = 0; i < table.length; i++) {
            if (table[i].has(mask)) {
                if (!first) {
                    o = Format.text(dst, o, end, ", ");
                }
                o = Format.text(dst, o, end, table[i].name);
                first = false;
            }
        }
        return o;
    }

    private int fail(int kind, Partition p) {
        errorKind = kind;
        errorPartition = p;
        return FAILED;
    }
}
