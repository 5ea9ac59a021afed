package org.firmerware.boards.bt200.sim;

/**
 * Where the firmware's DMA buffers lie in the simulated data space: {@code Memory.addressOf} gives each array an
 * address of its own in the BT200's SDRAM (the region the old port's linker map used for {@code .bss}), once; the DMA
 * model finds the array again by address. Firmware arrays never move, so neither do their addresses.
 */
final class DmaMemory {

    /** Byte address of the first buffer: BSSRAM in the old port's map (SDRAM on CE2). */
    static final int BASE = 0x8C0000;
    /** The most buffers (a board has one or two DMA buffers). */
    private static final int MAX = 8;

    private final Object[] arrays = new Object[MAX];
    private final int[] starts = new int[MAX];
    private final int[] ends = new int[MAX];
    private int count;
    private int next = BASE;

    /** The address of an array, given on first use. */
    int addressOf(Object array) {
        for (int i = 0; i < count; i++) {
            if (arrays[i] == array) {
                return starts[i];
            }
        }
        if (!(array instanceof short[] samples)) {
            throw new IllegalArgumentException("the simulated DMA moves short[] buffers, not "
                + array.getClass().getSimpleName());
        }
        if (count == MAX) {
            throw new IllegalStateException("more than " + MAX + " DMA buffers");
        }
        arrays[count] = array;
        starts[count] = next;
        ends[count] = next + 2 * samples.length;
        next = (ends[count] + 0xFF) & ~0xFF;
        return starts[count++];
    }

    /** The buffer that holds byte address {@code address} for {@code bytes} bytes, or null. */
    short[] buffer(int address, int bytes) {
        for (int i = 0; i < count; i++) {
            if (address >= starts[i] && address + bytes <= ends[i]) {
                return (short[]) arrays[i];
            }
        }
        return null;
    }

    /** The element index of byte address {@code address} in its buffer (see {@link #buffer}). */
    int index(int address) {
        for (int i = 0; i < count; i++) {
            if (address >= starts[i] && address < ends[i]) {
                return (address - starts[i]) / 2;
            }
        }
        return -1;
    }

    /** Forgets every buffer (power-up: init allocates them again). */
    void clear() {
        for (int i = 0; i < count; i++) {
            arrays[i] = null;
        }
        count = 0;
        next = BASE;
    }
}
