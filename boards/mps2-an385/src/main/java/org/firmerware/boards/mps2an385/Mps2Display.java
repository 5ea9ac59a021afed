package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.display.SevenSegment;
import org.firmerware.bottom.hal.Display;

/**
 * A display of the simulated phone's shape, reported on UART 0 (the MPS2 has no display the firmware could use): a
 * 12-character 7-segment main line with decimal points after characters 3, 6 and 9, the clock digits, nine symbols
 * and a 7-step bar graph. The main line is drawn into segment cells with the BT200's character set
 * ({@link SevenSegment}) and each change is a panel line {@code @<ms> text <cells as hex>}, which the host reads back
 * as the simulator does; the others are {@code time <first> <second> <colon>}, {@code time off},
 * {@code symbol <n> <on>} and {@code bar <level>}. Only changes are written.
 */
final class Mps2Display implements Display {

    /** Characters in the main line. */
    static final int WIDTH = 12;
    private static final int BAR_STEPS = 7;

    private final Mps2Panel panel;
    private final byte[] cells = new byte[WIDTH];
    private final byte[] scratch = new byte[WIDTH];
    private final boolean[] symbols = new boolean[SYMBOLS];
    private boolean timeShown;
    private int timeFirst;
    private int timeSecond;
    private boolean timeColon;
    private int bar;

    Mps2Display(Mps2Panel panel) {
        this.panel = panel;
    }

    @Override
    public int textWidth() {
        return WIDTH;
    }

    @Override
    public boolean hasPoint(int position) {
        return position == 2 || position == 5 || position == 8;
    }

    @Override
    public void showText(byte[] text, int off, int len) {
        int pos = 0;
        for (int i = 0; i < WIDTH; i++) {
            scratch[i] = 0;
        }
        for (int i = 0; i < len; i++) {
            int c = text[off + i] & 0xFF;
            if (c == '.' && pos > 0 && hasPoint(pos - 1) && (scratch[pos - 1] & SevenSegment.SYMBOL_BIT) == 0) {
                scratch[pos - 1] |= SevenSegment.SYMBOL_BIT;
            } else if (pos < WIDTH) {
                scratch[pos++] = (byte) SevenSegment.glyph(c);
            } else {
                break;
            }
        }
        boolean changed = false;
        for (int i = 0; i < WIDTH; i++) {
            if (cells[i] != scratch[i]) {
                cells[i] = scratch[i];
                changed = true;
            }
        }
        if (changed) {
            panel.begin("text").hex(cells, 0, WIDTH).end();
        }
    }

    @Override
    public void showTime(int first, int second, boolean colon) {
        int f = Math.max(0, Math.min(19, first));
        int s = Math.max(0, Math.min(59, second));
        if (!timeShown || f != timeFirst || s != timeSecond || colon != timeColon) {
            timeShown = true;
            timeFirst = f;
            timeSecond = s;
            timeColon = colon;
            panel.begin("time").number(f).number(s).number(colon ? 1 : 0).end();
        }
    }

    @Override
    public void clearTime() {
        if (timeShown) {
            timeShown = false;
            panel.begin("time").text(" off").end();
        }
    }

    @Override
    public boolean hasSymbol(int symbol) {
        return symbol >= 0 && symbol < SYMBOLS;
    }

    @Override
    public void setSymbol(int symbol, boolean on) {
        if (hasSymbol(symbol) && symbols[symbol] != on) {
            symbols[symbol] = on;
            panel.begin("symbol").number(symbol).number(on ? 1 : 0).end();
        }
    }

    @Override
    public int barSteps() {
        return BAR_STEPS;
    }

    @Override
    public void showBar(int level) {
        int l = Math.max(0, Math.min(BAR_STEPS, level));
        if (l != bar) {
            bar = l;
            panel.begin("bar").number(l).end();
        }
    }
}
