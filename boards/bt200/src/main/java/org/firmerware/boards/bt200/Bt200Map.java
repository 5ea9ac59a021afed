package org.firmerware.boards.bt200;

import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Display;

/**
 * Where things are on the Grandstream BT200: the memory map of its external devices, the pins, the key matrix and the
 * LCD's segment map. Facts from the 0cpm port, which ran on this phone; see the hardware notes in {@code README.md}.
 * Data-space addresses are byte addresses (twice the C55x word address that the old port's linker map gives).
 */
public final class Bt200Map {

    private Bt200Map() {
    }

    // ------------------------------------------------------------------ memory map (data space, byte addresses)

    /** The KSZ8842's register window on CE0 (word 0x012340): 16-bit register at byte offset N is read as 32 bits at
     *  {@code KSZ8842 + (N / 2) * 4}; the low 16 bits hold it with its bytes swapped, the high 16 bits are garbage. */
    public static final int KSZ8842 = 0x012340 << 1;
    /** The NOR flash on CE1 (word 0x200000), read as 16-bit words. */
    public static final int FLASH = 0x200000 << 1;
    /** The write-only key/LCD latch on CE3 (word 0x666CDA). */
    public static final int LATCH = 0x666CDA << 1;
    /** Flash word index of the factory MAC address (3 words, big-endian: byte offset 0x014006). */
    public static final int FLASH_MAC_WORD = 0x00A003;

    // ------------------------------------------------------------------ the latch

    /** Latch bits of the key rows R0..R4 (active low), written in both bytes: the latch is 8 bits wide. */
    public static final int LATCH_ROWS = 0x1F1F;
    /** Latch bit of the LCD WR clock (both bytes). */
    public static final int LATCH_LCD_WR = 0x4040;
    /** Latch bit of the LCD DATA line (both bytes). */
    public static final int LATCH_LCD_DATA = 0x8080;

    // ------------------------------------------------------------------ GPIO

    /** GPIO1: the HT1621's CS, active low. */
    public static final int GPIO_LCD_CS = 1;
    /** GPIO5: the hook switch, 1 = off hook. */
    public static final int GPIO_HOOK = 5;
    /** GPIO7: the codec's reset, active low. */
    public static final int GPIO_CODEC_RESET = 7;

    // ------------------------------------------------------------------ keys

    /** Rows and columns of the key matrix. */
    public static final int KEY_ROWS = 5, KEY_COLUMNS = 5;

    /** The code of each key, by {@code row * 5 + column}: columns are McBSP0's CLKR, CLKX, FSR, FSX and DR pins. */
    public static final String KEY_CODES = "123" + (char) Buttons.KEY_MESSAGE + (char) Buttons.KEY_HOLD
        + "456" + (char) Buttons.KEY_TRANSFER + (char) Buttons.KEY_CONFERENCE
        + "789" + (char) Buttons.KEY_FLASH + (char) Buttons.KEY_MUTE
        + "*0#" + (char) Buttons.KEY_SEND + (char) Buttons.KEY_SPEAKER
        + (char) Buttons.KEY_DOWN + (char) Buttons.KEY_UP + (char) Buttons.KEY_CALLERS + (char) Buttons.KEY_CALLED
        + (char) Buttons.KEY_MENU;

    /** The class of a key: DTMF for rows 0..3, columns 0..2; a fixed function otherwise. */
    public static int keyClass(int row, int column) {
        return row <= 3 && column <= 2 ? Buttons.DTMF : Buttons.FIXED_FUNCTION;
    }

    // ------------------------------------------------------------------ the LCD (HT1621 bytes 0..15)

    /** The cell of each main-line character, left to right: character i is byte 14 - i. */
    public static final int[] TEXT_CELLS = {14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3};
    /** Main-line positions with a decimal point (bytes 12, 9 and 6): an IPv4 address as 4 × 3 digits. */
    public static final int[] POINT_POSITIONS = {2, 5, 8};
    /** Clock cells: units of the first field, tens and units of the second; "1" of the tens (byte 0's symbol); colon
     *  (byte 1's symbol). */
    public static final int CLOCK_FIRST_UNITS = 0, CLOCK_SECOND_TENS = 1, CLOCK_SECOND_UNITS = 2,
        CLOCK_TENS_ONE = 0, CLOCK_COLON = 1;
    /** The cell whose symbol bit shows each {@code Display.SYMBOL_*}. */
    public static final int[] SYMBOL_CELLS = new int[Display.SYMBOLS];

    static {
        SYMBOL_CELLS[Display.SYMBOL_AM] = 2;
        SYMBOL_CELLS[Display.SYMBOL_PM] = 3;
        SYMBOL_CELLS[Display.SYMBOL_GLYPH1] = 4;
        SYMBOL_CELLS[Display.SYMBOL_GLYPH2] = 5;
        SYMBOL_CELLS[Display.SYMBOL_LOCK] = 7;
        SYMBOL_CELLS[Display.SYMBOL_ALARM] = 8;
        SYMBOL_CELLS[Display.SYMBOL_FORWARD] = 10;
        SYMBOL_CELLS[Display.SYMBOL_NETWORK] = 14;
        SYMBOL_CELLS[Display.SYMBOL_BINARY] = 15;
    }

    /** The cell whose symbol bit is the HANDSET "LED". */
    public static final int HANDSET_CELL = 13;
    /** The cell whose symbol bit is the SPEAKER "LED". */
    public static final int SPEAKER_CELL = 11;
    /** The cell of the volume bar and its segments for levels 0..7. */
    public static final int BAR_CELL = 15;
    public static final int[] BAR_LEVELS = {0x00, 0x20, 0x60, 0xE0, 0xE8, 0xEC, 0xEE, 0xEF};
    /** LCD bytes in use (HT1621 addresses 0..31). */
    public static final int LCD_BYTES = 16;
}
