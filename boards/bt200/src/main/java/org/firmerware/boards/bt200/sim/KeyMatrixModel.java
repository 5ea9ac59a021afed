package org.firmerware.boards.bt200.sim;

import org.firmerware.boards.bt200.Bt200Map;
import org.firmerware.boards.sim.hw.Phone;

/**
 * The BT200's 5×5 key matrix: a pressed key connects its row (driven by the latch, active low) to its column (an input
 * on McBSP0, pulled up). A column reads low while its pressed key's row is driven low. One key at a time, as a person
 * presses them in a script.
 */
public final class KeyMatrixModel implements Phone.Keypad {

    private final Bt200Phone phone;
    private int pressed = -1;
    private int lowRows;

    KeyMatrixModel(Bt200Phone phone) {
        this.phone = phone;
    }

    void reset() {
        lowRows = 0;
    }

    /** The latch drives these rows low (bit r = row r). Firmware thread. */
    void rows(int low) {
        lowRows = low;
    }

    /** The column inputs: bit c is 0 when column c is pulled low. */
    int columns() {
        int levels = 0x1F;
        if (pressed >= 0 && (lowRows & 1 << pressed / Bt200Map.KEY_COLUMNS) != 0) {
            levels &= ~(1 << pressed % Bt200Map.KEY_COLUMNS);
        }
        return levels;
    }

    @Override
    public void press(int buttonClass, int code) {
        int key = Bt200Map.KEY_CODES.indexOf(code);
        if (key < 0) {
            throw new IllegalArgumentException("the BT200 has no key with code " + code);
        }
        pressed = key;
    }

    @Override
    public void release() {
        pressed = -1;
    }

    /** The key that is down (row * 5 + column), or -1. */
    public int pressed() {
        return pressed;
    }
}
