package org.firmerware.tools.flash;

import java.util.ArrayList;
import java.util.List;

/**
 * The BT200's I2C EEPROM "boot floppy" (bt200-hardware.md 3.9): up to 8 EEPROMs of 64 KiB (24LC512 class) on one
 * bus, plugged into header J402. Chip k of the stack holds image bytes [k·64 KiB, (k+1)·64 KiB), unchanged and in
 * order; its address pins A2..A0 are wired to the Gray code of k, so its I2C address is 0x50 + gray(k) and two
 * neighbouring chips differ in one pin.
 */
public final class EepromStack {

    /** Bytes per chip: a 24LC512 holds 64 KiB. */
    public static final int CHIP_BYTES = 64 * 1024;
    /** Chips on the bus: three address pins. */
    public static final int MAX_CHIPS = 8;
    /** The most an image can have. */
    public static final int MAX_BYTES = MAX_CHIPS * CHIP_BYTES;
    /** The I2C address of a 24LCxx with A2..A0 low. */
    public static final int BASE_ADDRESS = 0x50;

    private EepromStack() {
    }

    /**
     * One chip of the stack.
     *
     * @param index its place in the stack (0 first: it holds the start of the image)
     * @param pins its A2..A0 wiring, bit 2 = A2
     * @param offset the first image byte it holds
     * @param length how many image bytes it holds
     */
    public record Chip(int index, int pins, int offset, int length) {
        /** Its 7-bit I2C address. */
        public int address() {
            return BASE_ADDRESS | pins;
        }

        /** The file it gets: {@code eeprom-<index>-0x<address>.bin}. */
        public String fileName() {
            return String.format("eeprom-%d-0x%02x.bin", index, address());
        }
    }

    /** The reflected binary Gray code of {@code k}. */
    public static int gray(int k) {
        return k ^ k >>> 1;
    }

    /**
     * The chips an image of {@code bytes} bytes takes.
     *
     * @throws IllegalArgumentException when it is empty or larger than the stack
     */
    public static List<Chip> layout(long bytes) {
        if (bytes <= 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("an image of " + bytes + " bytes does not fit 1.." + MAX_BYTES);
        }
        List<Chip> chips = new ArrayList<>();
        for (int k = 0; (long) k * CHIP_BYTES < bytes; k++) {
            int offset = k * CHIP_BYTES;
            chips.add(new Chip(k, gray(k), offset, (int) Math.min(CHIP_BYTES, bytes - offset)));
        }
        return chips;
    }
}
