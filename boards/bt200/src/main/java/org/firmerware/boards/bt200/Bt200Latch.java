package org.firmerware.boards.bt200;

import static org.firmerware.boards.bt200.Bt200Map.*;

import org.firmerware.bottom.machine.Registers;

/**
 * The BT200's write-only latch on CE3: the key matrix rows (active low) and the LCD's WR and DATA lines. It cannot be
 * read back, so this class keeps the one copy of it, shared by the keys and the LCD. The latch takes 16-bit writes on an
 * 8-bit path, so every bit is written in both bytes. Main loop only (keys and LCD both run there).
 */
final class Bt200Latch {

    private int shadow;

    /** All rows low (idle: any key pulls its column low), WR high, DATA low. */
    void configure() {
        shadow = LATCH_LCD_WR;
        Registers.write16(LATCH, shadow);
    }

    /**
     * Drives the key rows: rows whose bit is set in {@code lowRows} (bit r = row r) are driven low, the others high.
     */
    void rows(int lowRows) {
        int high = ~lowRows & 0x1F;
        shadow = shadow & ~LATCH_ROWS | high | high << 8;
        Registers.write16(LATCH, shadow);
    }

    /** Drives the LCD's WR and DATA lines. */
    void lcd(boolean wrHigh, boolean data) {
        shadow = shadow & ~(LATCH_LCD_WR | LATCH_LCD_DATA) | (wrHigh ? LATCH_LCD_WR : 0) | (data ? LATCH_LCD_DATA : 0);
        Registers.write16(LATCH, shadow);
    }
}
