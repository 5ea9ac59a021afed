package org.firmerware.bottom.chip.ht162x;

import org.firmerware.bottom.display.SegmentMemory;
import org.firmerware.bottom.machine.Delay;

/**
 * The Holtek HT162x RAM-mapped LCD controller (HT1621: 32 SEG × 4 COM), bit-banged over three pins: CS, WR and DATA
 * (the BT200 leaves RD unconnected, so the driver keeps a copy of the display RAM and never reads it). See
 * {@link Ht162xRegisters} for the protocol.
 *
 * <h2>What it sends</h2>
 * {@link #configure()} sends the board's set-up commands, clears the display RAM while the LCD is still off, then turns
 * it on. Afterwards the driver keeps two copies of the RAM, what the firmware wants and what the chip holds, and
 * {@link #flush()} sends one write transaction covering the first to the last changed nibble (the nibbles in between
 * are sent again with the values they already have): one display change is one transaction, so the glass never shows
 * half of an update, and unchanged parts of the RAM are never sent.
 *
 * <h2>As segment memory</h2>
 * The driver is the {@link SegmentMemory} of a {@code SevenSegmentLcd}: "byte" {@code i} is the eight bits of nibbles
 * {@code 2i} and {@code 2i+1} in the order the protocol clocks them, bit 7 first (bit 7 = D0 of nibble {@code 2i}, bit
 * 4 = D3 of nibble {@code 2i}, bit 3 = D0 of nibble {@code 2i+1}, bit 0 = D3 of nibble {@code 2i+1}). This is how the
 * BT200's segment map is written (bytes 0..15 over addresses 0..31).
 *
 * <p>Main loop only; every call runs to its end synchronously (a transaction of the whole RAM takes about 150 bit times).
 */
public final class Ht162x implements SegmentMemory {

    /** The three pins, driven by the board (on the BT200: CS on a GPIO, WR and DATA on the key/LCD latch). */
    public interface Pins {

        /** Drives CS: low (selected) when {@code selected}. */
        void select(boolean selected);

        /** Drives WR and DATA together; the chip takes DATA on the rising edge of WR. */
        void clockAndData(boolean wrHigh, boolean data);
    }

    /** How the chip is used on a board. Immutable. */
    public static final class Config {
        /** Nibbles of display RAM the board uses, from address 0 (at most {@value Ht162xRegisters#HT1621_ADDRESSES}). */
        public final int nibbles;
        /** Commands sent by {@link #configure()} before the RAM is cleared (clock, bias, timer and tone settings). */
        public final int[] setup;
        /** Commands sent after the RAM is cleared (usually just {@code LCD ON}). */
        public final int[] enable;
        /** CPU cycles of a half period of WR (datasheet: WR low and high each at least about 1.7 µs at 3 V). */
        public final int halfBitCycles;

        /** Describes the chip's use; {@code setup} and {@code enable} are copied. */
        public Config(int nibbles, int[] setup, int[] enable, int halfBitCycles) {
            if (nibbles <= 0 || nibbles > Ht162xRegisters.HT1621_ADDRESSES || (nibbles & 1) != 0) {
                throw new IllegalArgumentException("HT162x: the board uses an even number of nibbles, 2.."
                    + Ht162xRegisters.HT1621_ADDRESSES);
            }
            this.nibbles = nibbles;
            this.setup = copy(setup);
            this.enable = copy(enable);
            this.halfBitCycles = halfBitCycles;
        }
    }

    private final Pins pins;
    private final Config config;
    /** The RAM as the firmware wants it, one nibble (D0 = bit 0) per element. */
    private final byte[] wanted;
    /** The RAM as the chip holds it. */
    private final byte[] shown;
    private int transactions;

    /** Wires the driver; no I/O. */
    public Ht162x(Pins pins, Config config) {
        this.pins = pins;
        this.config = config;
        this.wanted = new byte[config.nibbles];
        this.shown = new byte[config.nibbles];
    }

    /** The chip's init sequence: set-up commands, RAM cleared, then the enable commands. */
    public void configure() {
        pins.select(false);
        pins.clockAndData(true, false);
        commands(config.setup);
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = 0;
            shown[i] = 0;
        }
        writeRun(0, wanted.length - 1);
        commands(config.enable);
    }

    /** Sends one command (a {@code CMD_*} code) in a transaction of its own. */
    public void command(int code) {
        begin(Ht162xRegisters.MODE_COMMAND);
        sendCommand(code);
        end();
    }

    private void commands(int[] codes) {
        if (codes.length == 0) {
            return;
        }
        begin(Ht162xRegisters.MODE_COMMAND);
        for (int i = 0; i < codes.length; i++) {
            sendCommand(codes[i]);
        }
        end();
    }

    /** Sets a nibble of the wanted RAM (D0 = bit 0); {@link #flush()} sends it. */
    public void setNibble(int address, int value) {
        wanted[address] = (byte) (value & 0xF);
    }

    /** A nibble of the wanted RAM. */
    public int nibble(int address) {
        return wanted[address];
    }

    @Override
    public int size() {
        return config.nibbles / 2;
    }

    @Override
    public void setByte(int index, int segments) {
        wanted[2 * index] = (byte) reverse4(segments >> 4);
        wanted[2 * index + 1] = (byte) reverse4(segments);
    }

    @Override
    public int byteAt(int index) {
        return reverse4(wanted[2 * index]) << 4 | reverse4(wanted[2 * index + 1]);
    }

    /** Sends the changed part of the RAM: one write transaction from the first to the last changed nibble. */
    @Override
    public void flush() {
        int first = -1;
        int last = -1;
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i] != shown[i]) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first >= 0) {
            writeRun(first, last);
        }
    }

    /** How many transactions the driver sent since power-up. */
    public int transactions() {
        return transactions;
    }

    private void writeRun(int first, int last) {
        begin(Ht162xRegisters.MODE_WRITE);
        sendMsbFirst(first, Ht162xRegisters.ADDRESS_BITS);
        for (int a = first; a <= last; a++) {
            int v = wanted[a];
            for (int bit = 0; bit < 4; bit++) {
                sendBit((v >> bit & 1) != 0);
            }
            shown[a] = (byte) v;
        }
        end();
    }

    private void begin(int mode) {
        transactions++;
        pins.select(true);
        Delay.cycles(config.halfBitCycles);
        sendMsbFirst(mode, Ht162xRegisters.MODE_BITS);
    }

    private void end() {
        pins.select(false);
        Delay.cycles(config.halfBitCycles);
    }

    private void sendCommand(int code) {
        sendMsbFirst(code << 1, Ht162xRegisters.COMMAND_BITS);
    }

    private void sendMsbFirst(int value, int bits) {
        for (int i = bits - 1; i >= 0; i--) {
            sendBit((value >> i & 1) != 0);
        }
    }

    private void sendBit(boolean one) {
        pins.clockAndData(false, one);
        Delay.cycles(config.halfBitCycles);
        pins.clockAndData(true, one);
        Delay.cycles(config.halfBitCycles);
    }

    /** The four low bits of {@code v} in reverse order. */
    private static int reverse4(int v) {
        return (v & 1) << 3 | (v & 2) << 1 | (v & 4) >> 1 | (v & 8) >> 3;
    }

    /** A copy of an array (init only; {@code clone()} is not firmware Java). */
    private static int[] copy(int[] a) {
        int[] c = new int[a.length];
        System.arraycopy(a, 0, c, 0, a.length);
        return c;
    }
}
