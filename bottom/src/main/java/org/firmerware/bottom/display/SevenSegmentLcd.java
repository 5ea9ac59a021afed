package org.firmerware.bottom.display;

import org.firmerware.bottom.hal.Display;

/**
 * A {@link Display} on a 7-segment LCD whose cells are bytes of a {@link SegmentMemory}, drawn with the
 * {@link SevenSegment} character set: a main line of cells with decimal points on some of them, "1x:xx" clock digits,
 * symbols, and a bar graph. Each cell byte holds the seven segments and one more bit ({@link SevenSegment#SYMBOL_BIT}),
 * which is the cell's decimal point or a symbol next to it; the {@link Layout} says which. Every call that changes
 * something ends in one {@link SegmentMemory#flush()}.
 *
 * <p>Main-line text follows {@link Display}: a {@code '.'} right after a character lights that cell's point where it has
 * one, and takes a cell of its own (a dash) elsewhere. Main loop only; nothing is allocated after the constructor.
 */
public final class SevenSegmentLcd implements Display {

    /** Where everything is on the glass: indexes of cell bytes in the segment memory. Immutable. */
    public static final class Layout {
        /** The cell of each main-line position, left to right. */
        public final int[] textCells;
        /** The main-line positions whose symbol bit is their decimal point. */
        public final int[] pointPositions;
        /** The cells of the clock: units of the first field, tens and units of the second. */
        public final int clockFirstUnits, clockSecondTens, clockSecondUnits;
        /** The cell whose symbol bit is the "1" in the tens place of the first field, or -1. */
        public final int clockFirstTensOne;
        /** The cell whose symbol bit is the colon, or -1. */
        public final int clockColon;
        /** For each {@code Display.SYMBOL_*}: the cell whose symbol bit shows it, or -1. */
        public final int[] symbolCells;
        /** The cell of the bar graph, or -1. */
        public final int barCell;
        /** The bar cell's segments for each level, 0 (empty) first. */
        public final int[] barLevels;

        /** Describes a glass; the arrays are copied. */
        public Layout(int[] textCells, int[] pointPositions, int clockFirstUnits, int clockSecondTens,
                int clockSecondUnits, int clockFirstTensOne, int clockColon, int[] symbolCells, int barCell,
                int[] barLevels) {
            if (symbolCells.length != SYMBOLS) {
                throw new IllegalArgumentException("the layout names a cell (or -1) for each Display symbol");
            }
            this.textCells = copy(textCells);
            this.pointPositions = copy(pointPositions);
            this.clockFirstUnits = clockFirstUnits;
            this.clockSecondTens = clockSecondTens;
            this.clockSecondUnits = clockSecondUnits;
            this.clockFirstTensOne = clockFirstTensOne;
            this.clockColon = clockColon;
            this.symbolCells = copy(symbolCells);
            this.barCell = barCell;
            this.barLevels = copy(barLevels);
        }
    }

    private static final int SEGMENTS = 0xFF & ~SevenSegment.SYMBOL_BIT;

    private final SegmentMemory memory;
    private final Layout layout;
    private final boolean[] hasPoint;
    private final int[] glyphs;
    private final boolean[] points;

    /** Wires the display over the controller's memory; no I/O. */
    public SevenSegmentLcd(SegmentMemory memory, Layout layout) {
        this.memory = memory;
        this.layout = layout;
        int width = layout.textCells.length;
        this.hasPoint = new boolean[width];
        for (int i = 0; i < layout.pointPositions.length; i++) {
            hasPoint[layout.pointPositions[i]] = true;
        }
        this.glyphs = new int[width];
        this.points = new boolean[width];
    }

    @Override
    public int textWidth() {
        return layout.textCells.length;
    }

    @Override
    public boolean hasPoint(int position) {
        return position >= 0 && position < hasPoint.length && hasPoint[position];
    }

    @Override
    public void showText(byte[] text, int off, int len) {
        int width = glyphs.length;
        for (int i = 0; i < width; i++) {
            glyphs[i] = 0;
            points[i] = false;
        }
        int pos = 0;
        for (int i = 0; i < len; i++) {
            int c = text[off + i] & 0xFF;
            if (c == '.' && pos > 0 && hasPoint[pos - 1] && !points[pos - 1]) {
                points[pos - 1] = true;
            } else if (pos < width) {
                glyphs[pos++] = SevenSegment.glyph(c);
            } else {
                break;
            }
        }
        for (int i = 0; i < width; i++) {
            int cell = layout.textCells[i];
            int keep = hasPoint[i] ? 0 : memory.byteAt(cell) & SevenSegment.SYMBOL_BIT;
            memory.setByte(cell, glyphs[i] | keep | (points[i] ? SevenSegment.SYMBOL_BIT : 0));
        }
        memory.flush();
    }

    @Override
    public void showTime(int first, int second, boolean colon) {
        int f = Math.max(0, Math.min(19, first));
        int s = Math.max(0, Math.min(59, second));
        setSegments(layout.clockFirstUnits, SevenSegment.glyph('0' + f % 10));
        setSegments(layout.clockSecondTens, SevenSegment.glyph('0' + s / 10));
        setSegments(layout.clockSecondUnits, SevenSegment.glyph('0' + s % 10));
        setMarkBit(layout.clockFirstTensOne, f >= 10);
        setMarkBit(layout.clockColon, colon);
        memory.flush();
    }

    @Override
    public void clearTime() {
        setSegments(layout.clockFirstUnits, 0);
        setSegments(layout.clockSecondTens, 0);
        setSegments(layout.clockSecondUnits, 0);
        setMarkBit(layout.clockFirstTensOne, false);
        setMarkBit(layout.clockColon, false);
        memory.flush();
    }

    @Override
    public boolean hasSymbol(int symbol) {
        return symbol >= 0 && symbol < SYMBOLS && layout.symbolCells[symbol] >= 0;
    }

    @Override
    public void setSymbol(int symbol, boolean on) {
        if (hasSymbol(symbol)) {
            setMark(layout.symbolCells[symbol], on);
        }
    }

    @Override
    public int barSteps() {
        return layout.barCell < 0 ? 0 : layout.barLevels.length - 1;
    }

    @Override
    public void showBar(int level) {
        if (layout.barCell < 0) {
            return;
        }
        int l = Math.max(0, Math.min(barSteps(), level));
        setSegments(layout.barCell, layout.barLevels[l]);
        memory.flush();
    }

    /**
     * Lights or darkens the symbol bit of a cell and shows it: for marks that are not {@code Display} symbols, such as
     * the BT200's handset and speaker "LEDs".
     */
    public void setMark(int cell, boolean on) {
        setMarkBit(cell, on);
        memory.flush();
    }

    /** Whether the symbol bit of a cell is lit (in the driver's copy). */
    public boolean mark(int cell) {
        return (memory.byteAt(cell) & SevenSegment.SYMBOL_BIT) != 0;
    }

    private void setSegments(int cell, int segments) {
        if (cell >= 0) {
            memory.setByte(cell, memory.byteAt(cell) & SevenSegment.SYMBOL_BIT | segments & SEGMENTS);
        }
    }

    private void setMarkBit(int cell, boolean on) {
        if (cell >= 0) {
            int b = memory.byteAt(cell);
            memory.setByte(cell, on ? b | SevenSegment.SYMBOL_BIT : b & ~SevenSegment.SYMBOL_BIT);
        }
    }

    /** A copy of an array (init only; {@code clone()} is not firmware Java). */
    private static int[] copy(int[] a) {
        int[] c = new int[a.length];
        System.arraycopy(a, 0, c, 0, a.length);
        return c;
    }
}
