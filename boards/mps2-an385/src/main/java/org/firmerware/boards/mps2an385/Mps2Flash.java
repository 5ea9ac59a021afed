package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.machine.Registers;

/**
 * The board's flash, emulated in the upper 2 MiB of ZBT SSRAM1: the MPS2 keeps its images on an SD card that the
 * board's microcontroller copies into SSRAM at power-up, and has no NOR flash the firmware could write. This keeps
 * NOR's rules (an erase sets a 64 KiB unit to 0xFF, programming only clears bits, write-protected partitions refuse
 * both) so that the bootloader and the flash publisher run as on a phone; but its contents live only as long as the
 * power (QEMU starts it zeroed, or loads a file into it with {@code -device loader}: {@code fw run --flash FILE} loads
 * and saves one), and an erase is done at once.
 *
 * <p>Main loop only.
 */
final class Mps2Flash implements Flash {

    private final Partition[] partitions;
    private Partition unlocked;

    Mps2Flash(Partition[] partitions) {
        this.partitions = partitions;
    }

    @Override
    public int blockSize() {
        return Mps2Map.FLASH_BLOCK_BYTES;
    }

    @Override
    public int blockCount() {
        return Mps2Map.FLASH_BLOCKS;
    }

    @Override
    public int eraseUnitBlocks() {
        return Mps2Map.FLASH_UNIT_BLOCKS;
    }

    @Override
    public boolean read(int block, byte[] dst, int off) {
        if (block < 0 || block >= Mps2Map.FLASH_BLOCKS) {
            return false;
        }
        int at = address(block);
        for (int i = 0; i < Mps2Map.FLASH_BLOCK_BYTES; i += 4) {
            int w = Registers.read32(at + i);
            dst[off + i] = (byte) w;
            dst[off + i + 1] = (byte) (w >>> 8);
            dst[off + i + 2] = (byte) (w >>> 16);
            dst[off + i + 3] = (byte) (w >>> 24);
        }
        return true;
    }

    @Override
    public boolean erase(int block) {
        if (block < 0 || block >= Mps2Map.FLASH_BLOCKS) {
            return false;
        }
        int first = block - block % Mps2Map.FLASH_UNIT_BLOCKS;
        for (int b = first; b < first + Mps2Map.FLASH_UNIT_BLOCKS; b++) {
            if (isProtected(b)) {
                return false;
            }
        }
        int at = address(first);
        for (int i = 0; i < Mps2Map.FLASH_UNIT_BLOCKS * Mps2Map.FLASH_BLOCK_BYTES; i += 4) {
            Registers.write32(at + i, -1);
        }
        return true;
    }

    @Override
    public boolean isBusy() {
        return false;
    }

    @Override
    public boolean program(int block, byte[] src, int off) {
        if (block < 0 || block >= Mps2Map.FLASH_BLOCKS || isProtected(block)) {
            return false;
        }
        int at = address(block);
        boolean same = true;
        for (int i = 0; i < Mps2Map.FLASH_BLOCK_BYTES; i += 4) {
            int want = src[off + i] & 0xFF | (src[off + i + 1] & 0xFF) << 8 | (src[off + i + 2] & 0xFF) << 16
                | (src[off + i + 3] & 0xFF) << 24;
            int now = Registers.read32(at + i) & want;
            Registers.write32(at + i, now);
            same &= now == want;
        }
        return same;
    }

    @Override
    public Partition[] partitions() {
        return partitions;
    }

    @Override
    public void setUnlocked(Partition partition) {
        unlocked = partition;
    }

    private boolean isProtected(int block) {
        return Partition.isProtected(partitions, unlocked, block);
    }

    private static int address(int block) {
        return Mps2Map.FLASH_BASE + block * Mps2Map.FLASH_BLOCK_BYTES;
    }
}
