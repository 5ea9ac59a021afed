package org.firmerware.bottom.chip.tlv320aic2x;

/**
 * The control registers of the TI TLV320AIC20K/AIC2x voice codec, one I2C slave per channel (address 0x40 + channel).
 * A write is the two bytes {@code [register, value]}. Registers 3..6 hold several sub-registers; the top bits of the
 * value choose which one a write goes to:
 * <pre>
 *   register 3:  A B C D  by bits 7:6      register 4:  A B  by bit 7
 *   register 5:  A B C D  by bits 7:6      register 6:  A B  by bit 7
 * </pre>
 * The values and their meaning are those of the 0cpm port on the Grandstream BT200 (a known-good register dump of its
 * channel 0: 1A=49 2A=a0 3A=01 3B=40 3C=88 3D=ff 4A=08 4B=9e 5A=1f 5B=40 5C=bf 5D=c0 6A=02 6B=82); check the fields
 * against the TLV320AIC20K data sheet before relying on the others.
 */
public final class Tlv320aic2xRegisters {

    private Tlv320aic2xRegisters() {
    }

    /** The I2C address of channel 0; channel n answers at {@code ADDRESS + n}. */
    public static final int ADDRESS = 0x40;

    /** Register numbers. */
    public static final int REG_CONTROL1 = 1, REG_CONTROL2 = 2, REG_CONTROL3 = 3, REG_CONTROL4 = 4,
        REG_CONTROL5 = 5, REG_CONTROL6 = 6;

    /** Sub-register selectors (or-ed into the value). */
    public static final int SUB_A2 = 0x00, SUB_B2 = 0x40, SUB_C2 = 0x80, SUB_D2 = 0xC0;
    /** Sub-register selectors of registers 4 and 6 (bit 7 only). */
    public static final int SUB_A1 = 0x00, SUB_B1 = 0x80;

    /** Control 1: continuous 16-bit data, 2.35 V microphone bias. */
    public static final int CONTROL1_VALUE = 0x49;
    /** Control 2: "turbo" mode. */
    public static final int CONTROL2_VALUE = 0xA0;
    /** Control 3A: the channel powered up (on line). */
    public static final int CONTROL3A_POWER_UP = 0x01;
    /** Control 3A: the channel powered down (off line). */
    public static final int CONTROL3A_POWER_DOWN = 0x31;
    /** Control 3B: 8 kHz filter, not muted. */
    public static final int CONTROL3B_VALUE = SUB_B2 | 0x20;
    /** Control 5A: ADC gain. */
    public static final int CONTROL5A_VALUE = 0x12;
    /** Control 5B: DAC gain; the low 5 bits are the attenuation, 0 = loudest. */
    public static final int CONTROL5B_DAC_GAIN = SUB_B2;
    /** Control 5C: the smallest sidetone. */
    public static final int CONTROL5C_VALUE = SUB_C2 | 0x3E;
    /** Control 6A at power-up, before any input is chosen. */
    public static final int CONTROL6A_INITIAL = 0x20;

    /** Control 6A: input select bits. */
    public static final int INPUT_HEADSET = 0x01, INPUT_HANDSET = 0x02, INPUT_SPEAKER = 0x04, INPUT_LINE = 0x08;
    /** Control 6B: output select bits (with {@link #SUB_B1}). */
    public static final int OUTPUT_NONE = 0x00, OUTPUT_HEADSET = 0x01, OUTPUT_HANDSET = 0x02, OUTPUT_LINE = 0x04,
        OUTPUT_SPEAKER = 0x08;

    /** Control 4A: PLL N (bits 6:3, 16 written as 0) and P (bits 2:0, 8 written as 0). */
    public static int control4a(int n, int p) {
        return SUB_A1 | (n & 0xF) << 3 | p & 0x7;
    }

    /** Control 4B: PLL M (bits 6:0, 128 written as 0). */
    public static int control4b(int m) {
        return SUB_B1 | m & 0x7F;
    }
}
