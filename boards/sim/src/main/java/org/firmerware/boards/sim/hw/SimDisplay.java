package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.display.SevenSegment;
import org.firmerware.bottom.hal.Display;

/**
 * The BT200-shaped LCD: a 12-character 7-segment main line with decimal points after characters 2, 5 and 8, the
 * "1x:xx" clock digits, nine symbols and a 7-step bar graph. Only changes are recorded in the trace.
 */
public final class SimDisplay implements Display {

    /** Characters in the main line. */
    public static final int WIDTH = 12;
    private static final int BAR_STEPS = 7;

    private final SimPhone phone;
    private final byte[] cells = new byte[WIDTH];
    private final byte[] scratch = new byte[WIDTH];
    private final boolean[] symbols = new boolean[SYMBOLS];
    private boolean timeShown;
    private int timeFirst;
    private int timeSecond;
    private boolean timeColon;
    private int bar;

    SimDisplay(SimPhone phone) {
        this.phone = phone;
        // Load the glyph table now, on the world thread: loaded lazily at the firmware's first text, it would count as
        // the firmware's allocation when that text comes in the mission (the bootloader's first text does).
        SevenSegment.glyph(' ');
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
            phone.recordTrace(TraceRing.TEXT, 0, 0, 0, cells, 0, WIDTH);
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
            phone.recordTrace(TraceRing.TIME, f, s, colon ? 1 : 0, null, 0, 0);
        }
    }

    @Override
    public void clearTime() {
        if (timeShown) {
            timeShown = false;
            phone.recordTrace(TraceRing.TIME_OFF, 0, 0, 0, null, 0, 0);
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
            phone.recordTrace(TraceRing.SYMBOL, symbol, on ? 1 : 0, 0, null, 0, 0);
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
            phone.recordTrace(TraceRing.BAR, l, 0, 0, null, 0, 0);
        }
    }

    /** How the main line reads now (world side, for tests). */
    public String text() {
        return read(cells);
    }

    /** How a recorded main line reads: 7-segment cells back to text, with points, trailing blanks cut. */
    public static String read(byte[] cellBytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cellBytes.length; i++) {
            int prev = i > 0 ? cellBytes[i - 1] & 0xFF : 0;
            int next = i + 1 < cellBytes.length ? cellBytes[i + 1] & 0xFF : 0;
            out.append(SevenSegment.read(cellBytes[i] & 0xFF, prev, next));
            if ((cellBytes[i] & SevenSegment.SYMBOL_BIT) != 0) {
                out.append('.');
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }

    void reset() {
        for (int i = 0; i < WIDTH; i++) {
            cells[i] = 0;
        }
        for (int i = 0; i < SYMBOLS; i++) {
            symbols[i] = false;
        }
        timeShown = false;
        bar = 0;
    }
}
