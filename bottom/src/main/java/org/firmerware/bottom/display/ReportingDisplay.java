package org.firmerware.bottom.display;

import org.firmerware.bottom.hal.Display;

/**
 * A display of the BT200's shape that has no glass of its own and reports what it would show: a 12-character
 * 7-segment main line with decimal points after characters 3, 6 and 9 (drawn into cells with the {@link SevenSegment}
 * character set), the "1x:xx" clock digits, nine symbols and a 7-step bar graph. It keeps what is shown and tells its
 * subclass of each change only; the simulated phone records the changes in its trace, a board without a display
 * writes them on a serial line. Main loop only; nothing is allocated after the constructor.
 */
public abstract class ReportingDisplay implements Display {

    /** Characters in the main line. */
    public static final int WIDTH = 12;
    private static final int BAR_STEPS = 7;

    private final byte[] cells = new byte[WIDTH];
    private final byte[] scratch = new byte[WIDTH];
    private final boolean[] symbols = new boolean[SYMBOLS];
    private boolean timeShown;
    private int timeFirst;
    private int timeSecond;
    private boolean timeColon;
    private int bar;

    /** The main line changed: {@code cells} holds its {@link #WIDTH} cells (read it, do not keep it). */
    protected abstract void textChanged(byte[] cells);

    /** The clock shows {@code first}:{@code second} (0..19, 0..59), with or without its colon. */
    protected abstract void timeChanged(int first, int second, boolean colon);

    /** The clock went blank. */
    protected abstract void timeCleared();

    /** A symbol went on or off. */
    protected abstract void symbolChanged(int symbol, boolean on);

    /** The bar graph shows {@code level} steps (0..7). */
    protected abstract void barChanged(int level);

    /** The cells of the main line as shown now (for a reader on the same thread; do not write). */
    protected final byte[] cells() {
        return cells;
    }

    /** Forgets what is shown, reporting nothing (the glass lost power): the next of each call is a change. */
    protected final void forget() {
        for (int i = 0; i < WIDTH; i++) {
            cells[i] = 0;
        }
        for (int i = 0; i < SYMBOLS; i++) {
            symbols[i] = false;
        }
        timeShown = false;
        bar = 0;
    }

    @Override
    public final int textWidth() {
        return WIDTH;
    }

    @Override
    public final boolean hasPoint(int position) {
        return position == 2 || position == 5 || position == 8;
    }

    @Override
    public final void showText(byte[] text, int off, int len) {
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
            textChanged(cells);
        }
    }

    @Override
    public final void showTime(int first, int second, boolean colon) {
        int f = Math.max(0, Math.min(19, first));
        int s = Math.max(0, Math.min(59, second));
        if (!timeShown || f != timeFirst || s != timeSecond || colon != timeColon) {
            timeShown = true;
            timeFirst = f;
            timeSecond = s;
            timeColon = colon;
            timeChanged(f, s, colon);
        }
    }

    @Override
    public final void clearTime() {
        if (timeShown) {
            timeShown = false;
            timeCleared();
        }
    }

    @Override
    public final boolean hasSymbol(int symbol) {
        return symbol >= 0 && symbol < SYMBOLS;
    }

    @Override
    public final void setSymbol(int symbol, boolean on) {
        if (hasSymbol(symbol) && symbols[symbol] != on) {
            symbols[symbol] = on;
            symbolChanged(symbol, on);
        }
    }

    @Override
    public final int barSteps() {
        return BAR_STEPS;
    }

    @Override
    public final void showBar(int level) {
        int l = Math.max(0, Math.min(BAR_STEPS, level));
        if (l != bar) {
            bar = l;
            barChanged(l);
        }
    }
}
