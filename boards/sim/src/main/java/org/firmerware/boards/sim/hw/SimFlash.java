package org.firmerware.boards.sim.hw;

import java.util.Arrays;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;

/**
 * NOR flash: erase units of 0xFF bytes, programming that can only clear bits, an erase that keeps the chip busy for
 * {@link #ERASE_US} of virtual time, and write protection by partition. Contents survive reboots of the phone.
 */
public final class SimFlash implements Flash {

    /** How long erasing one unit takes. */
    public static final long ERASE_US = 400_000;

    private final SimPhone phone;
    private final int blockSize;
    private final int blockCount;
    private final int unitBlocks;
    private final byte[] memory;
    private final Partition[] partitions;
    private long busyUntilUs = -1;

    SimFlash(SimPhone phone) {
        this.phone = phone;
        SimPhone.Config c = phone.config;
        this.blockSize = c.flashBlockSize;
        this.blockCount = c.flashBlocks;
        this.unitBlocks = c.flashEraseUnitBlocks;
        this.memory = new byte[blockSize * blockCount];
        Arrays.fill(memory, (byte) 0xFF);
        this.partitions = c.partitions != null ? c.partitions
            : new Partition[] {new Partition("flash", 0, blockCount, Partition.READ_ONLY)};
        for (java.util.Map.Entry<String, byte[]> e : c.flashContents.entrySet()) {
            preload(e.getKey(), e.getValue());
        }
    }

    /** Programs {@code contents} at the start of a partition before the phone runs (world side). */
    private void preload(String partition, byte[] contents) {
        for (Partition p : partitions) {
            if (p.name.equals(partition)) {
                if (contents.length > p.blockCount * blockSize) {
                    throw new IllegalArgumentException(contents.length + " bytes do not fit the " + partition
                        + " partition (" + p.blockCount * blockSize + " bytes)");
                }
                System.arraycopy(contents, 0, memory, p.firstBlock * blockSize, contents.length);
                return;
            }
        }
        throw new IllegalArgumentException("no flash partition named " + partition);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int blockCount() {
        return blockCount;
    }

    @Override
    public int eraseUnitBlocks() {
        return unitBlocks;
    }

    @Override
    public boolean read(int block, byte[] dst, int off) {
        if (block < 0 || block >= blockCount || isBusy()) {
            return false;
        }
        System.arraycopy(memory, block * blockSize, dst, off, blockSize);
        return true;
    }

    @Override
    public boolean erase(int block) {
        if (block < 0 || block >= blockCount || isBusy()) {
            return false;
        }
        int first = block - block % unitBlocks;
        for (int b = first; b < first + unitBlocks; b++) {
            if (isProtected(b)) {
                return false;
            }
        }
        int start = first * blockSize;
        for (int i = 0; i < unitBlocks * blockSize; i++) {
            memory[start + i] = (byte) 0xFF;
        }
        busyUntilUs = phone.nowUs + ERASE_US;
        return true;
    }

    @Override
    public boolean isBusy() {
        return phone.nowUs < busyUntilUs;
    }

    @Override
    public boolean program(int block, byte[] src, int off) {
        if (block < 0 || block >= blockCount || isBusy() || isProtected(block)) {
            return false;
        }
        int start = block * blockSize;
        boolean same = true;
        for (int i = 0; i < blockSize; i++) {
            byte b = (byte) (memory[start + i] & src[off + i]);
            memory[start + i] = b;
            same &= b == src[off + i];
        }
        return same;
    }

    @Override
    public Partition[] partitions() {
        return partitions;
    }

    private boolean isProtected(int block) {
        for (int i = 0; i < partitions.length; i++) {
            Partition p = partitions[i];
            if ((p.flags & Partition.WRITE_PROTECT) != 0 && p.contains(block)) {
                return true;
            }
        }
        return false;
    }

    /** The flash contents (world side: to load or save an image). */
    public byte[] memory() {
        return memory;
    }

    long nextEventUs() {
        return Long.MAX_VALUE;
    }

    void advance() {
        // An erase ends by time alone; the flash raises no interrupt.
    }
}
