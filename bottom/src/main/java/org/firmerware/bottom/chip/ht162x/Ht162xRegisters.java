package org.firmerware.bottom.chip.ht162x;

/**
 * The serial protocol of the Holtek HT162x LCD controllers (Holtek, "HT1621 RAM Mapping 32x4 LCD Controller for I/O
 * MCU", sections "Command Summary" and "Timing Diagrams"). A transaction runs while CS is low; WR clocks one bit per
 * rising edge. It starts with a 3-bit mode ID, sent MSB first:
 * <pre>
 *   command:  1 0 0  C7 C6 C5 C4 C3 C2 C1 C0 X  [C7 .. C0 X ...]        (8 command bits, MSB first, and one don't-care)
 *   write:    1 0 1  A5 A4 A3 A2 A1 A0  D0 D1 D2 D3  [D0 D1 D2 D3 ...]  (6-bit address MSB first; nibbles LSB first,
 *                                                                      the address counting up after each nibble)
 *   read:     1 1 0  A5 .. A0  D0 .. D3  (needs the RD line, which the BT200 leaves unconnected)
 * </pre>
 * One address holds the four COM bits (D0..D3) of one SEG line; the HT1621 has 32 of them.
 */
public final class Ht162xRegisters {

    private Ht162xRegisters() {
    }

    /** Mode ID of a command transaction, 3 bits. */
    public static final int MODE_COMMAND = 0b100;
    /** Mode ID of a write transaction, 3 bits. */
    public static final int MODE_WRITE = 0b101;
    /** Mode ID of a read transaction, 3 bits. */
    public static final int MODE_READ = 0b110;
    /** Bits of a mode ID. */
    public static final int MODE_BITS = 3;
    /** Bits of an address. */
    public static final int ADDRESS_BITS = 6;
    /** Bits of a command, including the trailing don't-care bit. */
    public static final int COMMAND_BITS = 9;
    /** Addresses (SEG lines) of the HT1621. */
    public static final int HT1621_ADDRESSES = 32;

    /** Turns the system oscillator and the LCD bias generator off. */
    public static final int CMD_SYS_DIS = 0x00;
    /** Turns the system oscillator on. */
    public static final int CMD_SYS_EN = 0x01;
    /** Turns the LCD bias generator off (the glass goes blank, RAM is kept). */
    public static final int CMD_LCD_OFF = 0x02;
    /** Turns the LCD bias generator on. */
    public static final int CMD_LCD_ON = 0x03;
    /** Disables the time base output. */
    public static final int CMD_TIMER_DIS = 0x04;
    /** Disables the watchdog time-out flag output. */
    public static final int CMD_WDT_DIS = 0x05;
    /** Enables the time base output. */
    public static final int CMD_TIMER_EN = 0x06;
    /** Enables the watchdog time-out flag output. */
    public static final int CMD_WDT_EN = 0x07;
    /** Turns the tone output off. */
    public static final int CMD_TONE_OFF = 0x08;
    /** Turns the tone output on. */
    public static final int CMD_TONE_ON = 0x09;
    /** Clears the time base generator. */
    public static final int CMD_CLR_TIMER = 0x0C;
    /** Clears the watchdog stage. */
    public static final int CMD_CLR_WDT = 0x0E;
    /** System clock from a 32.768 kHz crystal. */
    public static final int CMD_XTAL_32K = 0x14;
    /** System clock from the on-chip 256 kHz RC oscillator (the power-on default). */
    public static final int CMD_RC_256K = 0x18;
    /** System clock from an external 256 kHz clock. */
    public static final int CMD_EXT_256K = 0x1C;
    /** Bias 1/2 with 2 commons; add {@link #BIAS_3_COMMONS} or {@link #BIAS_4_COMMONS}. */
    public static final int CMD_BIAS_HALF = 0x20;
    /** Bias 1/3 with 2 commons; add {@link #BIAS_3_COMMONS} or {@link #BIAS_4_COMMONS}. */
    public static final int CMD_BIAS_THIRD = 0x21;
    /** Added to a bias command: 3 commons. */
    public static final int BIAS_3_COMMONS = 0x04;
    /** Added to a bias command: 4 commons. */
    public static final int BIAS_4_COMMONS = 0x08;
    /** Tone frequency 4 kHz. */
    public static final int CMD_TONE_4K = 0x40;
    /** Tone frequency 2 kHz. */
    public static final int CMD_TONE_2K = 0x60;
    /** Disables the IRQ output. */
    public static final int CMD_IRQ_DIS = 0x80;
    /** Enables the IRQ output. */
    public static final int CMD_IRQ_EN = 0x88;
    /** Time base and watchdog clock 1 Hz; {@code CMD_F1 + n} gives 2^n Hz for n = 0..7. */
    public static final int CMD_F1 = 0xA0;
    /** The first of the test-mode codes (0xE0..0xE2), which the datasheet tells users not to send. */
    public static final int CMD_TEST = 0xE0;
    /** Normal mode (the power-on default). */
    public static final int CMD_NORMAL = 0xE3;
}
