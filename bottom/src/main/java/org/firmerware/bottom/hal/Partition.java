package org.firmerware.bottom.hal;

/** A named range of flash blocks, from the board profile. Immutable. */
public final class Partition {

    /** Flag: holds a firmware image that the bootloader may start. */
    public static final int BOOTABLE = 0x0001;
    /** Flag: its contents carry a checksum to verify before use. */
    public static final int CHECKSUMMED = 0x0002;
    /** Flag: writes and erases are refused unless the bootloader unlocks it explicitly. */
    public static final int WRITE_PROTECT = 0x0010;
    /** Flag: read-only for ever (a view such as the whole flash). */
    public static final int READ_ONLY = 0x0020;
    /**
     * Flag: the main firmware may publish it read-only (over TFTP on LLC type 1), where the board allows reading it
     * out; partitions that may hold secrets (configuration) leave it out.
     */
    public static final int PUBLISHED = 0x0040;

    /** The name used by TFTP and the console, such as {@code "firmware-a"}. */
    public final String name;
    /** The first block. */
    public final int firstBlock;
    /** The number of blocks. */
    public final int blockCount;
    /** The flags above, or-ed. */
    public final int flags;

    /** Describes a partition; boards create their table during init. */
    public Partition(String name, int firstBlock, int blockCount, int flags) {
        this.name = name;
        this.firstBlock = firstBlock;
        this.blockCount = blockCount;
        this.flags = flags;
    }

    /** Whether {@code block} lies inside this partition. */
    public boolean contains(int block) {
        return block >= firstBlock && block - firstBlock < blockCount;
    }

    /**
     * Whether {@code block} lies in a write-protected partition of {@code table} other than {@code unlocked} (the one
     * the bootloader unlocked, or null): what a flash driver refuses to erase or program.
     */
    public static boolean isProtected(Partition[] table, Partition unlocked, int block) {
        for (int i = 0; i < table.length; i++) {
            Partition p = table[i];
            if ((p.flags & WRITE_PROTECT) != 0 && p != unlocked && p.contains(block)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether it is a firmware slot of the bootloader's: {@link #BOOTABLE} and neither {@link #WRITE_PROTECT}ed (the
     * bootloader's own) nor {@link #READ_ONLY} (a view such as the whole flash).
     */
    public boolean isFirmwareSlot() {
        return (flags & BOOTABLE) != 0 && (flags & (WRITE_PROTECT | READ_ONLY)) == 0;
    }

    /** Whether every flag of {@code mask} is set. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }

    /** Whether {@code buf[off..off+len)} spells this partition's name (ASCII, exact case). */
    public boolean nameEquals(byte[] buf, int off, int len) {
        if (len != name.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf[off + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The partition of {@code table} whose name is {@code buf[off..off+len)}, or null. */
    public static Partition find(Partition[] table, byte[] buf, int off, int len) {
        for (int i = 0; i < table.length; i++) {
            if (table[i].nameEquals(buf, off, len)) {
                return table[i];
            }
        }
        return null;
    }
}
