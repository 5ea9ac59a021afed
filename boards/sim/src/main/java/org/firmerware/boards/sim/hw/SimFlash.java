package org.firmerware.boards.sim.hw;

import java.util.Arrays;
import java.util.Random;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;

/**
 * NOR flash: erase units of 0xFF bytes, programming that can only clear bits, an erase that keeps the chip busy for
 * {@link #ERASE_US} of virtual time, and write protection by partition (lifted for one partition by
 * {@link #setUnlocked} until the next reset). Contents survive reboots and power cuts of the phone.
 *
 * <h2>Power cuts</h2>
 * Every erase and program is one operation, counted from the phone's creation ({@link #operations()}). The world can
 * make power fail at operation N ({@link #failAtOperation}), either just before it starts (a block boundary: the
 * flash holds exactly what the earlier operations wrote) or while it runs: an erase cut short leaves its whole unit
 * undefined (every byte random), a program cut short clears a random half of the bits it was clearing and leaves the
 * rest set. A power cut at a virtual time ({@link SimPhone#cutPower()}) while an erase is still busy leaves that unit
 * undefined too. A program is instantaneous in virtual time, so only an operation count can interrupt one. The
 * randomness comes from the phone's seed, so a cut repeats exactly.
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
    private final Random random;
    private long busyUntilUs = -1;
    private int erasingFirstBlock = -1;
    private Partition unlocked;
    private long operations;
    private long erases;
    private long programs;
    private long failAt = -1;
    private boolean failDuring;

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
        this.random = new Random(c.seed * 31 + 7);
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
        operation(first, null, 0);
        erases++;
        int start = first * blockSize;
        for (int i = 0; i < unitBlocks * blockSize; i++) {
            memory[start + i] = (byte) 0xFF;
        }
        busyUntilUs = phone.nowUs + ERASE_US;
        erasingFirstBlock = first;
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
        operation(block, src, off);
        programs++;
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

    @Override
    public void setUnlocked(Partition partition) {
        unlocked = partition;
    }

    private boolean isProtected(int block) {
        return Partition.isProtected(partitions, unlocked, block);
    }

    /**
     * Counts an operation on the firmware thread; when it is the one power fails at, does what a cut does to it (an
     * erase: the unit undefined; a program ({@code src} not null): some of its bits) and loses power.
     */
    private void operation(int block, byte[] src, int off) {
        operations++;
        if (operations != failAt) {
            return;
        }
        failAt = -1;
        if (failDuring) {
            if (src == null) {
                scramble(block);
            } else {
                int start = block * blockSize;
                for (int i = 0; i < blockSize; i++) {
                    int clearing = memory[start + i] & ~src[off + i] & 0xFF;
                    memory[start + i] &= (byte) ~(clearing & random.nextInt(256));
                }
            }
        }
        phone.powerFailure();
    }

    /** Makes the erase unit that starts at {@code firstBlock} undefined: every byte random. */
    private void scramble(int firstBlock) {
        int start = firstBlock * blockSize;
        for (int i = 0; i < unitBlocks * blockSize; i++) {
            memory[start + i] = (byte) random.nextInt(256);
        }
    }

    /** A reset (reboot or power-up): write protection is back. */
    void reset() {
        unlocked = null;
    }

    /** Power is cut (world side): an erase still running leaves its unit undefined. */
    void powerCut() {
        if (isBusy() && erasingFirstBlock >= 0) {
            scramble(erasingFirstBlock);
        }
        busyUntilUs = -1;
        erasingFirstBlock = -1;
    }

    // ------------------------------------------------------------------ world side

    /** The flash contents (world side: to load or save an image). */
    public byte[] memory() {
        return memory;
    }

    /** Erases and programs since the phone was created (each is one operation). */
    public long operations() {
        return operations;
    }

    /** Erases since the phone was created. */
    public long eraseCount() {
        return erases;
    }

    /** Programs since the phone was created. */
    public long programCount() {
        return programs;
    }

    /**
     * Makes power fail at operation {@code operation} (counted like {@link #operations()}, so the next one is
     * {@code operations() + 1}): just before it starts ({@code during} false: it never happens) or while it runs
     * ({@code during} true: partly done). The phone is then off until the world powers it on again. A negative
     * number disarms.
     */
    public void failAtOperation(long operation, boolean during) {
        failAt = operation;
        failDuring = during;
    }

    /** When the last erase ends or ended (virtual µs). */
    public long busyUntilUs() {
        return busyUntilUs;
    }

    /** The first block of the unit being erased, or -1 when no erase runs. */
    public int erasingBlock() {
        return isBusy() ? erasingFirstBlock : -1;
    }

    long nextEventUs() {
        return Long.MAX_VALUE;
    }

    void advance() {
        // An erase ends by time alone; the flash raises no interrupt.
    }
}
