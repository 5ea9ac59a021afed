package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.ht162x.Ht162xRegisters.*;

/**
 * The HT1621 LCD controller as its pins see it: CS (GPIO1), WR and DATA (the latch). It decodes the serial protocol
 * bit by bit, on the rising edges of WR while CS is low, into commands and display RAM writes (see
 * {@code Ht162xRegisters}), and tells the glass at the end of every transaction (CS rising).
 *
 * <p>Checks (each a model error): a transaction cut short (CS rising within a command or a nibble), a mode other than
 * command or write (the BT200 has no RD line), a RAM address beyond the 32 the chip has, a test-mode command, a bias
 * that the BT200's glass (1/3 bias, 4 commons) cannot use, and WR edges closer than the chip allows (half a period of
 * at least 1.67 µs at 3 V, counted in CPU cycles between the writes of the latch).
 */
final class Ht1621Model {

    /** The shortest WR low or high time, in ns. */
    static final long MIN_HALF_PERIOD_NS = 1670;

    private static final int IDLE = 0, MODE = 1, COMMAND = 2, ADDRESS = 3, DATA = 4, BROKEN = 5;

    private final Bt200Phone phone;
    private final Bt200Glass glass;
    private final int[] ram = new int[HT1621_ADDRESSES];
    private boolean selected;
    private boolean wr = true;
    private long lastEdgeCycle;
    /** Whether WR changed since power-up: the machine's cycle count starts again at every power-up and image start. */
    private boolean edgeSeen;
    private int state = IDLE;
    private int bits;
    private int shift;
    private int address;
    private boolean systemOn;
    private boolean lcdOn;
    private boolean biasOk;
    private int transactions;

    Ht1621Model(Bt200Phone phone, Bt200Glass glass) {
        this.phone = phone;
        this.glass = glass;
    }

    void reset() {
        for (int i = 0; i < ram.length; i++) {
            ram[i] = 0;
        }
        selected = false;
        wr = true;
        edgeSeen = false;
        state = IDLE;
        systemOn = false;
        lcdOn = false;
        biasOk = false;
        transactions = 0;
    }

    /** CS changed (GPIO1). */
    void select(boolean nowSelected) {
        if (nowSelected == selected) {
            return;
        }
        selected = nowSelected;
        if (selected) {
            state = MODE;
            bits = 0;
            shift = 0;
            return;
        }
        if ((state == COMMAND || state == ADDRESS || state == DATA || state == MODE) && bits != 0) {
            phone.errors.report(phone.nowUs, "HT1621: CS went high %d bits into a group of %d (mode, command, address or nibble)", bits,
                state == DATA ? 4 : state == ADDRESS ? 6 : state == COMMAND ? 9 : 3, 0);
        }
        if (state != IDLE) {
            transactions++;
            glass.update(this);
        }
        state = IDLE;
    }

    /** The latch drove CS, WR and DATA. */
    void pins(boolean cs, boolean wrHigh, boolean data) {
        select(cs);
        if (wrHigh == wr) {
            return;
        }
        long cycles = phone.cycles;
        long halfNs = (cycles - lastEdgeCycle) * 1_000_000_000L / Math.max(1, phone.soc.cpuHz());
        if (selected && edgeSeen && halfNs < MIN_HALF_PERIOD_NS) {
            phone.errors.report(phone.nowUs, "HT1621: WR changed %d ns after its last edge; it needs %d ns", halfNs,
                MIN_HALF_PERIOD_NS, 0);
        }
        lastEdgeCycle = cycles;
        edgeSeen = true;
        wr = wrHigh;
        if (wrHigh && selected) {
            bit(data ? 1 : 0);
        }
    }

    private void bit(int b) {
        switch (state) {
            case MODE:
                shift = shift << 1 | b;
                if (++bits == MODE_BITS) {
                    bits = 0;
                    if (shift == MODE_COMMAND) {
                        state = COMMAND;
                    } else if (shift == MODE_WRITE) {
                        state = ADDRESS;
                    } else {
                        phone.errors.report(phone.nowUs, "HT1621: mode %d is not command (4) or write (5); the BT200 "
                            + "has no RD line", shift, 0, 0);
                        state = BROKEN;
                    }
                    shift = 0;
                }
                return;
            case COMMAND:
                shift = shift << 1 | b;
                if (++bits == COMMAND_BITS) {
                    command(shift >> 1);
                    bits = 0;
                    shift = 0;
                }
                return;
            case ADDRESS:
                shift = shift << 1 | b;
                if (++bits == ADDRESS_BITS) {
                    address = shift;
                    if (address >= HT1621_ADDRESSES) {
                        phone.errors.report(phone.nowUs, "HT1621: address %d beyond its 32 nibbles", address, 0, 0);
                    }
                    state = DATA;
                    bits = 0;
                    shift = 0;
                }
                return;
            case DATA:
                shift |= b << bits;
                if (++bits == 4) {
                    ram[address & 31] = shift;
                    address = address + 1 & 63;
                    bits = 0;
                    shift = 0;
                }
                return;
            default:
                return;
        }
    }

    private void command(int code) {
        if (code == CMD_SYS_DIS) {
            systemOn = false;
        } else if (code == CMD_SYS_EN) {
            systemOn = true;
        } else if (code == CMD_LCD_OFF) {
            lcdOn = false;
        } else if (code == CMD_LCD_ON) {
            lcdOn = true;
        } else if ((code & 0xF0) == 0x20) {
            biasOk = code == (CMD_BIAS_THIRD | BIAS_4_COMMONS);
            if (!biasOk) {
                phone.errors.report(phone.nowUs, "HT1621: bias command %x; the BT200's glass needs 1/3 bias with 4 "
                    + "commons (0x29)", code, 0, 0);
            }
        } else if (code >= CMD_TEST && code < CMD_NORMAL) {
            phone.errors.report(phone.nowUs, "HT1621: test-mode command %x, which the datasheet says not to use", code,
                0, 0);
        }
    }

    /** Whether the glass shows the RAM: oscillator and bias generator on, the right bias. */
    boolean visible() {
        return systemOn && lcdOn && biasOk;
    }

    /** Nibble {@code a} of the display RAM (D0 = bit 0). */
    int nibble(int a) {
        return ram[a];
    }

    /**
     * Byte {@code i} of the BT200's segment map: nibbles 2i and 2i+1 in the order the protocol clocks them (bit 7 =
     * D0 of nibble 2i ... bit 0 = D3 of nibble 2i+1); 0 while the glass is dark.
     */
    int cellByte(int i) {
        if (!visible()) {
            return 0;
        }
        return reverse4(ram[2 * i]) << 4 | reverse4(ram[2 * i + 1]);
    }

    private static int reverse4(int v) {
        return (v & 1) << 3 | (v & 2) << 1 | (v & 4) >> 1 | (v & 8) >> 3;
    }

    int transactions() {
        return transactions;
    }
}
