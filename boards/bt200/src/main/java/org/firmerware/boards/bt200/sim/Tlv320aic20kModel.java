package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2xRegisters.*;

import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.hal.Sound;

/**
 * Channel 0 of the BT200's TLV320AIC20K codec: an I2C slave at 0x40 with control registers 1..6 (and their
 * sub-registers, chosen by the top bits of the value), a reset pin on GPIO7, and the analogue side as the world hears
 * it: the output select of register 6B decides where the played samples go (the handset, or the hands-free speaker,
 * which the BT200 wires to the codec's headset path), register 5B the volume, register 3A the power.
 *
 * <p>Checks: an I2C access while the codec is in reset or less than 132 MCLK after it left reset (the codec does not
 * answer); registers outside 1..6; a write of two bytes expected; an output the BT200 has not wired; a PLL setting
 * outside the fields' ranges. The trace gets {@code sound route} when the output changes and {@code sound volume} when
 * the gain does, as the board {@code sim} reports them.
 */
final class Tlv320aic20kModel {

    /** MCLK: 30.72 MHz; CPU cycles per MCLK at 245.76 MHz. */
    static final long MCLK_HZ = 30_720_000L;
    private static final int RESET_LOW_MCLK = 7, RESET_WAIT_MCLK = 132;

    private final Bt200Phone phone;
    /** Each register's sub-registers (A..D), as last written. */
    private final int[][] registers = new int[7][4];
    private final int[] lastSub = new int[7];
    private boolean inReset;
    private long resetLowSince = -1;
    private long readyAtCycle;
    private int bytesInWrite;
    private int pointer;
    private boolean reading;
    private int routed = Sound.DEVICE_NONE;
    private int volume = 15;
    private int rateHz = 8000;

    Tlv320aic20kModel(Bt200Phone phone) {
        this.phone = phone;
    }

    void reset() {
        for (int r = 0; r < registers.length; r++) {
            for (int s = 0; s < 4; s++) {
                registers[r][s] = 0;
            }
            lastSub[r] = 0;
        }
        registers[3][0] = CONTROL3A_POWER_DOWN;
        inReset = true;
        readyAtCycle = 0;
        resetLowSince = -1;
        routed = Sound.DEVICE_NONE;
        volume = 15;
        rateHz = 8000;
    }

    private long cyclesPerMclk() {
        return Math.max(1, phone.soc.cpuHz() / MCLK_HZ);
    }

    /** The reset pin (GPIO7) is driven; {@code released} = high. */
    void resetPin(boolean released) {
        if (!released) {
            if (resetLowSince < 0) {
                resetLowSince = phone.cycles;
            }
            inReset = true;
            return;
        }
        if (resetLowSince >= 0) {
            long low = phone.cycles - resetLowSince;
            if (low < RESET_LOW_MCLK * cyclesPerMclk()) {
                phone.errors.report(phone.nowUs, "codec reset held low for %d CPU cycles; it needs %d MCLK", low,
                    RESET_LOW_MCLK, 0);
            }
            resetLowSince = -1;
            inReset = false;
            readyAtCycle = phone.cycles + RESET_WAIT_MCLK * cyclesPerMclk();
        }
    }

    // ------------------------------------------------------------------ I2C slave

    /**
     * A START with this slave address.
     *
     * @return whether the codec acknowledges
     */
    boolean address(int sar, boolean read) {
        if (sar != ADDRESS) {
            return false;
        }
        if (inReset) {
            phone.errors.report(phone.nowUs, "I2C access to the codec while it is in reset (GPIO7 low or never pulsed)",
                0, 0, 0);
            return false;
        }
        if (phone.cycles < readyAtCycle) {
            phone.errors.report(phone.nowUs, "I2C access to the codec %d CPU cycles after its reset; it needs 132 MCLK",
                phone.cycles - (readyAtCycle - RESET_WAIT_MCLK * cyclesPerMclk()), 0, 0);
            return false;
        }
        reading = read;
        if (!read) {
            bytesInWrite = 0;
        }
        return true;
    }

    void write(int value) {
        if (bytesInWrite == 0) {
            pointer = value;
            if (value < 1 || value > 6) {
                phone.errors.report(phone.nowUs, "codec register %d does not exist (1..6)", value, 0, 0);
            }
        } else if (bytesInWrite == 1) {
            registerWritten(pointer, value);
        } else {
            phone.errors.report(phone.nowUs, "codec write of more than two bytes (register %d)", pointer, 0, 0);
        }
        bytesInWrite++;
    }

    int read() {
        if (pointer < 1 || pointer > 6) {
            return 0xFF;
        }
        return registers[pointer][lastSub[pointer]];
    }

    void stop() {
        if (!reading && bytesInWrite == 1) {
            bytesInWrite = 0;
        }
    }

    private void registerWritten(int register, int value) {
        if (register < 1 || register > 6) {
            return;
        }
        int sub;
        if (register == 3 || register == 5) {
            sub = value >> 6 & 3;
        } else if (register == 4 || register == 6) {
            sub = value >> 7 & 1;
        } else {
            sub = 0;
        }
        registers[register][sub] = value;
        lastSub[register] = sub;
        if (register == 4) {
            pllChanged();
        } else if (register == 5 && sub == 1) {
            int v = 31 - (value & 0x1F);
            if (v != volume) {
                volume = v;
                phone.record(TraceRing.VOLUME, 0, v, 0, null, 0, 0);
            }
        } else if (register == 6 && sub == 1) {
            int device = deviceOf(value & 0x7F);
            if (device != routed) {
                routed = device;
                phone.record(TraceRing.ROUTE, 0, device, 0, null, 0, 0);
            }
        }
    }

    /** What the BT200 has on each output of register 6B. */
    private int deviceOf(int output) {
        switch (output) {
            case OUTPUT_NONE: return Sound.DEVICE_NONE;
            case OUTPUT_HANDSET: return Sound.DEVICE_HANDSET;
            case OUTPUT_HEADSET: return Sound.DEVICE_SPEAKER;
            default:
                phone.errors.report(phone.nowUs, "codec output %x: the BT200 has only the handset (0x02) and the "
                    + "speakerphone on the headset path (0x01)", output, 0, 0);
                return Sound.DEVICE_NONE;
        }
    }

    /** fs = MCLK / (16 · M · N · P), from registers 4A (N, P) and 4B (M). */
    private void pllChanged() {
        int a = registers[4][0];
        int b = registers[4][1];
        int n = a >> 3 & 0xF;
        int p = a & 0x7;
        int m = b & 0x7F;
        n = n == 0 ? 16 : n;
        p = p == 0 ? 8 : p;
        m = m == 0 ? 128 : m;
        rateHz = (int) (MCLK_HZ / (16L * m * n * p));
    }

    /** Sub-register {@code sub} (0 = A) of register {@code register} as last written (for tests). */
    int register(int register, int sub) {
        return registers[register][sub];
    }

    // ------------------------------------------------------------------ the analogue side, for the DMA model

    /** The sample rate the PLL makes. */
    int sampleRateHz() {
        return rateHz;
    }

    /** Whether the channel is powered up (register 3A). */
    boolean powered() {
        return !inReset && (registers[3][0] & 0x30) == 0;
    }

    /** Where the played samples go ({@code Sound.DEVICE_*}). */
    int routedDevice() {
        return routed;
    }

    /** The volume (31 - the DAC attenuation of register 5B). */
    int volume() {
        return volume;
    }
}
