package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.display.ReportingDisplay;
import org.firmerware.bottom.display.SevenSegment;

/**
 * The BT200-shaped LCD of the simulated phone ({@link ReportingDisplay}): each change goes into the trace.
 */
public final class SimDisplay extends ReportingDisplay {

    private final SimPhone phone;

    SimDisplay(SimPhone phone) {
        this.phone = phone;
        // Load the glyph table now, on the world thread: loaded lazily at the firmware's first text, it would count as
        // the firmware's allocation when that text comes in the mission (the bootloader's first text does).
        SevenSegment.glyph(' ');
    }

    @Override
    protected void textChanged(byte[] cells) {
        phone.recordTrace(TraceRing.TEXT, 0, 0, 0, cells, 0, WIDTH);
    }

    @Override
    protected void timeChanged(int first, int second, boolean colon) {
        phone.recordTrace(TraceRing.TIME, first, second, colon ? 1 : 0, null, 0, 0);
    }

    @Override
    protected void timeCleared() {
        phone.recordTrace(TraceRing.TIME_OFF, 0, 0, 0, null, 0, 0);
    }

    @Override
    protected void symbolChanged(int symbol, boolean on) {
        phone.recordTrace(TraceRing.SYMBOL, symbol, on ? 1 : 0, 0, null, 0, 0);
    }

    @Override
    protected void barChanged(int level) {
        phone.recordTrace(TraceRing.BAR, level, 0, 0, null, 0, 0);
    }

    /** How the main line reads now (world side, for tests). */
    public String text() {
        return read(cells());
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
        forget();
    }
}
