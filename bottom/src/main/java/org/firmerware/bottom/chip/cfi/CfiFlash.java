package org.firmerware.bottom.chip.cfi;

import static org.firmerware.bottom.chip.cfi.CfiRegisters.*;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;

/**
 * A CFI NOR flash with the AMD/Fujitsu command set on a 16-bit bus, as the board's {@link Flash} (see
 * {@link CfiRegisters}). {@link #configure()} reads the chip's size and sectors from its CFI query table, so the driver
 * works on any such chip; a chip that does not answer the query, or has another command set, is reported as having no
 * blocks ({@link #blockCount()} 0: every call is refused).
 *
 * <h2>Blocks, sectors, erase units</h2>
 * The firmware sees blocks of {@code blockSize} bytes; bytes are big-endian in each 16-bit word (byte {@code 2k} is the
 * high byte of word {@code k}). The chip erases sectors, which may have different sizes (boot sectors); an erase unit
 * is as large as the largest sector, and erasing a unit erases every sector in it, one after the other:
 * {@link #erase} starts the first, {@link #isBusy()} watches DQ6 and starts the next when one is done. Programming goes
 * word by word, each watched by DQ7 data polling with a bounded number of reads; a word whose bits cannot be set (0 back
 * to 1 without an erase) makes the chip time out (DQ5), the driver resets it and {@link #program} answers false.
 *
 * <p>Main loop only.
 */
public final class CfiFlash implements Flash {

    /** The write-protected partition the bootloader unlocked until the next reset, or null. */
    private Partition unlocked;

    /** The chip on the host bus, provided by the board: 16-bit words by word index from the chip's start. */
    public interface Bus {

        /** Reads word {@code index}. */
        int read(int index);

        /** Writes word {@code index} (a command cycle, or the data of a program command). */
        void write(int index, int value);
    }

    /** How the chip is used. Immutable. */
    public static final class Config {
        /** Bytes per block (512 on the BT200). */
        public final int blockSize;
        /** The partition table, ordered by first block. */
        public final Partition[] partitions;
        /** Status reads per programmed word before giving up (a word takes about 10 µs, a read about 0.1 µs). */
        public final int programPolls;
        /** The most erase block regions the driver keeps from the query table. */
        public final int maxRegions;

        /** Describes the use; the partition table is kept (partitions are immutable). */
        public Config(int blockSize, Partition[] partitions, int programPolls, int maxRegions) {
            if (blockSize <= 0 || blockSize % 2 != 0) {
                throw new IllegalArgumentException("CfiFlash: blocks of an even number of bytes");
            }
            this.blockSize = blockSize;
            this.partitions = new Partition[partitions.length];
            System.arraycopy(partitions, 0, this.partitions, 0, partitions.length);
            this.programPolls = programPolls;
            this.maxRegions = maxRegions;
        }
    }

    private final Bus bus;
    private final Config config;
    private final int[] regionSectors;
    private final int[] regionSectorBytes;
    private int regions;
    private int sizeBytes;
    private int largestSector;
    private int blockCount;
    private boolean busy;
    private int erasingSector;
    private int eraseEnd;
    private int failures;

    /** Wires the driver; no I/O. */
    public CfiFlash(Bus bus, Config config) {
        this.bus = bus;
        this.config = config;
        this.regionSectors = new int[config.maxRegions];
        this.regionSectorBytes = new int[config.maxRegions];
    }

    /**
     * Reads the CFI query table (size and erase regions) and returns the chip to reading.
     *
     * @return whether the chip answered with the AMD/Fujitsu command set
     */
    public boolean configure() {
        bus.write(0, CMD_RESET);
        bus.write(QUERY_ADDRESS, CMD_QUERY);
        boolean ok = (bus.read(QRY) & 0xFF) == 'Q' && (bus.read(QRY + 1) & 0xFF) == 'R'
            && (bus.read(QRY + 2) & 0xFF) == 'Y' && query16(PRIMARY_COMMAND_SET) == COMMAND_SET_AMD;
        if (ok) {
            sizeBytes = 1 << (bus.read(DEVICE_SIZE) & 0x1F);
            regions = Math.min(bus.read(ERASE_REGIONS) & 0xFF, regionSectors.length);
            largestSector = 0;
            for (int r = 0; r < regions; r++) {
                regionSectors[r] = query16(ERASE_REGION_INFO + 4 * r) + 1;
                regionSectorBytes[r] = Math.max(1, query16(ERASE_REGION_INFO + 4 * r + 2)) * 256;
                largestSector = Math.max(largestSector, regionSectorBytes[r]);
            }
            blockCount = sizeBytes / config.blockSize;
        }
        bus.write(0, CMD_RESET);
        return ok;
    }

    private int query16(int index) {
        return bus.read(index) & 0xFF | (bus.read(index + 1) & 0xFF) << 8;
    }

    /** The chip's size in bytes (0 before a successful {@link #configure()}). */
    public int sizeBytes() {
        return sizeBytes;
    }

    /** How many program or erase operations failed since power-up. */
    public int failures() {
        return failures;
    }

    @Override
    public int blockSize() {
        return config.blockSize;
    }

    @Override
    public int blockCount() {
        return blockCount;
    }

    @Override
    public int eraseUnitBlocks() {
        return Math.max(1, largestSector / config.blockSize);
    }

    @Override
    public boolean read(int block, byte[] dst, int off) {
        if (block < 0 || block >= blockCount || isBusy()) {
            return false;
        }
        int first = block * config.blockSize / 2;
        for (int i = 0; i < config.blockSize / 2; i++) {
            int word = bus.read(first + i);
            dst[off + 2 * i] = (byte) (word >> 8);
            dst[off + 2 * i + 1] = (byte) word;
        }
        return true;
    }

    @Override
    public boolean erase(int block) {
        if (block < 0 || block >= blockCount || isBusy()) {
            return false;
        }
        int unit = eraseUnitBlocks();
        int first = block - block % unit;
        for (int b = first; b < first + unit && b < blockCount; b++) {
            if (isProtected(b)) {
                return false;
            }
        }
        eraseEnd = Math.min(sizeBytes, (first + unit) * config.blockSize);
        startSectorErase(first * config.blockSize);
        return true;
    }

    private void startSectorErase(int byteOffset) {
        unlock();
        bus.write(UNLOCK1, CMD_ERASE_SETUP);
        unlock();
        bus.write(byteOffset / 2, CMD_SECTOR_ERASE);
        erasingSector = byteOffset;
        busy = true;
    }

    @Override
    public boolean isBusy() {
        if (!busy) {
            return false;
        }
        int at = erasingSector / 2;
        int a = bus.read(at);
        int b = bus.read(at);
        if (((a ^ b) & DQ6) != 0) {
            if ((b & DQ5) == 0) {
                return true;
            }
            // DQ5 with DQ6 still toggling: the sector failed to erase.
            if (((bus.read(at) ^ bus.read(at)) & DQ6) != 0) {
                bus.write(0, CMD_RESET);
                failures++;
                busy = false;
                return false;
            }
        }
        int next = erasingSector + sectorBytes(erasingSector);
        if (next < eraseEnd) {
            startSectorErase(next);
            return true;
        }
        busy = false;
        return false;
    }

    /** The size of the sector that starts at (or holds) {@code byteOffset}. */
    private int sectorBytes(int byteOffset) {
        int start = 0;
        for (int r = 0; r < regions; r++) {
            int end = start + regionSectors[r] * regionSectorBytes[r];
            if (byteOffset < end) {
                return regionSectorBytes[r];
            }
            start = end;
        }
        return largestSector;
    }

    @Override
    public boolean program(int block, byte[] src, int off) {
        if (block < 0 || block >= blockCount || isBusy() || isProtected(block)) {
            return false;
        }
        int first = block * config.blockSize / 2;
        boolean ok = true;
        for (int i = 0; i < config.blockSize / 2; i++) {
            int word = (src[off + 2 * i] & 0xFF) << 8 | src[off + 2 * i + 1] & 0xFF;
            if (word == 0xFFFF ? bus.read(first + i) != 0xFFFF : !programWord(first + i, word)) {
                ok = false;
            }
        }
        if (!ok) {
            failures++;
        }
        return ok;
    }

    /** Programs one word and waits for it by data polling; false when the chip timed out or the word differs. */
    private boolean programWord(int index, int word) {
        unlock();
        bus.write(UNLOCK1, CMD_PROGRAM);
        bus.write(index, word);
        for (int i = 0; i < config.programPolls; i++) {
            int status = bus.read(index);
            if (((status ^ word) & DQ7) == 0) {
                return bus.read(index) == word;
            }
            if ((status & DQ5) != 0) {
                if (((bus.read(index) ^ word) & DQ7) == 0) {
                    return bus.read(index) == word;
                }
                bus.write(0, CMD_RESET);
                return false;
            }
        }
        bus.write(0, CMD_RESET);
        return false;
    }

    private void unlock() {
        bus.write(UNLOCK1, UNLOCK1_DATA);
        bus.write(UNLOCK2, UNLOCK2_DATA);
    }

    @Override
    public Partition[] partitions() {
        return config.partitions;
    }

    @Override
    public void setUnlocked(Partition partition) {
        unlocked = partition;
    }

    private boolean isProtected(int block) {
        return Partition.isProtected(config.partitions, unlocked, block);
    }
}
