package org.firmerware.bottom.chip.cfi;

/**
 * The Common Flash Interface (JEDEC JESD68) query table and the AMD/Fujitsu standard command set (CFI primary command
 * set 0x0002), for NOR flash on a 16-bit bus. Addresses are word addresses from the start of the chip.
 *
 * <h2>Commands (unlock cycles at words 0x555 and 0x2AA)</h2>
 * <pre>
 *   CFI query:     0x98 to word 0x55; the table is then read at words 0x10..; 0xF0 (anywhere) returns to reading
 *   word program:  0xAA to 0x555, 0x55 to 0x2AA, 0xA0 to 0x555, the data to its word
 *   sector erase:  0xAA to 0x555, 0x55 to 0x2AA, 0x80 to 0x555, 0xAA to 0x555, 0x55 to 0x2AA, 0x30 to the sector
 * </pre>
 * While the chip programs or erases, a read returns status: DQ7 is the complement of the programmed bit 7 (0 while
 * erasing), DQ6 toggles at every read, DQ5 says the operation exceeded its time (failed; 0xF0 resets the chip).
 */
public final class CfiRegisters {

    private CfiRegisters() {
    }

    public static final int UNLOCK1 = 0x555, UNLOCK2 = 0x2AA;
    public static final int UNLOCK1_DATA = 0xAA, UNLOCK2_DATA = 0x55;
    public static final int CMD_QUERY = 0x98, QUERY_ADDRESS = 0x55;
    public static final int CMD_RESET = 0xF0;
    public static final int CMD_PROGRAM = 0xA0;
    public static final int CMD_ERASE_SETUP = 0x80, CMD_SECTOR_ERASE = 0x30;

    /** Query table: "QRY" at words 0x10..0x12. */
    public static final int QRY = 0x10;
    /** Query table: the primary command set, 16 bits at 0x13 (low byte) and 0x14. */
    public static final int PRIMARY_COMMAND_SET = 0x13;
    /** The AMD/Fujitsu standard command set. */
    public static final int COMMAND_SET_AMD = 0x0002;
    /** Query table: the device size, 2^n bytes. */
    public static final int DEVICE_SIZE = 0x27;
    /** Query table: the number of erase block regions. */
    public static final int ERASE_REGIONS = 0x2C;
    /**
     * Query table: erase block region {@code i} at {@code 0x2D + 4i}: sectors minus one (16 bits, low byte first) and
     * the sector size in units of 256 bytes (16 bits).
     */
    public static final int ERASE_REGION_INFO = 0x2D;

    /** Status bits. */
    public static final int DQ7 = 0x80, DQ6 = 0x40, DQ5 = 0x20;
}
