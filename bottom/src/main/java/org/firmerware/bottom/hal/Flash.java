package org.firmerware.bottom.hal;

/**
 * Non-volatile memory as numbered blocks, with the erase-before-write rule of NOR flash: {@link #erase} sets a whole
 * erase unit to 0xFF bytes, {@link #program} can only clear bits. The named {@link #partitions()} say which blocks hold
 * what. All calls are main loop only.
 *
 * <h2>Power loss</h2>
 * Power may fail at any moment. An erase cut short leaves its unit undefined (any bit may read 0 or 1); a program cut
 * short leaves some of the bits it was clearing cleared and others not. Code that must survive power loss (the
 * bootloader's firmware slots) writes so that every such state is recognised as incomplete: checksums, and a record
 * that is programmed last.
 */
public interface Flash {

    /** The bytes in one block (512 on the BT200). */
    int blockSize();

    /** The number of blocks. */
    int blockCount();

    /** The number of blocks in one erase unit (a power of two). */
    int eraseUnitBlocks();

    /**
     * Copies block {@code block} to {@code dst} at {@code off}.
     *
     * @return false when the block number is out of range or the flash is busy erasing
     */
    boolean read(int block, byte[] dst, int off);

    /**
     * Starts erasing the erase unit that holds {@code block}; {@link #isBusy()} answers true until it is done, which
     * may take a second on NOR flash. Blocks of a write-protected partition are refused.
     *
     * @return false when refused (out of range, write-protected, already busy)
     */
    boolean erase(int block);

    /** Whether an erase is still running. */
    boolean isBusy();

    /**
     * Programs block {@code block} from {@code src} at {@code off}: every bit that is 0 in the source becomes 0 in the
     * flash (a bit cannot return to 1 without an erase). Returns when done (about a millisecond on NOR flash).
     *
     * @return false when refused (out of range, write-protected, busy) or when a read-back does not match
     */
    boolean program(int block, byte[] src, int off);

    /** The partition table, ordered by first block; the same array for the board's whole life. */
    Partition[] partitions();

    /**
     * Lifts the write protection of one {@link Partition#WRITE_PROTECT} partition until the next reset (the
     * bootloader's explicit unlock, asked for by a person); {@code null} protects every such partition again.
     */
    void setUnlocked(Partition partition);
}
