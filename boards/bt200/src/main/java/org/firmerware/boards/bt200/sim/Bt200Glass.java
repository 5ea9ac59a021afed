package org.firmerware.boards.bt200.sim;

import org.firmerware.boards.bt200.Bt200Map;
import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.display.SevenSegment;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Leds;

/**
 * The BT200's LCD glass as a person reads it: after every HT1621 transaction it turns the lit segments (bytes 0..15 of
 * the segment map in {@link Bt200Map}) into what the board {@code sim} traces, and records what changed: the main line
 * (12 cells, with the points of cells 2, 5 and 8), the clock digits, the symbols, the handset and speaker "LEDs" and the
 * volume bar. Segments that form no character of the clock digits or no level of the bar are model errors.
 */
final class Bt200Glass {

    private static final int WIDTH = Bt200Map.TEXT_CELLS.length;

    private final Bt200Phone phone;
    private final byte[] text = new byte[WIDTH];
    private final byte[] scratch = new byte[WIDTH];
    private final boolean[] symbols = new boolean[Display.SYMBOLS];
    private boolean timeShown;
    private int timeFirst;
    private int timeSecond;
    private boolean timeColon;
    private boolean handset;
    private boolean speaker;
    private int bar;

    Bt200Glass(Bt200Phone phone) {
        this.phone = phone;
    }

    void reset() {
        for (int i = 0; i < WIDTH; i++) {
            text[i] = 0;
        }
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = false;
        }
        timeShown = false;
        handset = false;
        speaker = false;
        bar = 0;
    }

    /** The controller finished a transaction: trace what a person now sees differently. Firmware thread. */
    void update(Ht1621Model lcd) {
        boolean changed = false;
        for (int i = 0; i < WIDTH; i++) {
            int cell = lcd.cellByte(Bt200Map.TEXT_CELLS[i]);
            if (!isPoint(i)) {
                cell &= ~SevenSegment.SYMBOL_BIT;
            }
            scratch[i] = (byte) cell;
            changed |= scratch[i] != text[i];
        }
        if (changed) {
            System.arraycopy(scratch, 0, text, 0, WIDTH);
            phone.record(TraceRing.TEXT, 0, 0, 0, text, 0, WIDTH);
        }
        updateTime(lcd);
        for (int s = 0; s < Display.SYMBOLS; s++) {
            boolean on = (lcd.cellByte(Bt200Map.SYMBOL_CELLS[s]) & SevenSegment.SYMBOL_BIT) != 0;
            if (on != symbols[s]) {
                symbols[s] = on;
                phone.record(TraceRing.SYMBOL, s, on ? 1 : 0, 0, null, 0, 0);
            }
        }
        boolean h = (lcd.cellByte(Bt200Map.HANDSET_CELL) & SevenSegment.SYMBOL_BIT) != 0;
        if (h != handset) {
            handset = h;
            phone.record(TraceRing.LED, Leds.HANDSET, h ? Leds.GREEN : Leds.OFF, 0, null, 0, 0);
        }
        boolean sp = (lcd.cellByte(Bt200Map.SPEAKER_CELL) & SevenSegment.SYMBOL_BIT) != 0;
        if (sp != speaker) {
            speaker = sp;
            phone.record(TraceRing.LED, Leds.SPEAKER, sp ? Leds.GREEN : Leds.OFF, 0, null, 0, 0);
        }
        int segments = lcd.cellByte(Bt200Map.BAR_CELL) & ~SevenSegment.SYMBOL_BIT;
        int level = -1;
        for (int l = 0; l < Bt200Map.BAR_LEVELS.length; l++) {
            if (Bt200Map.BAR_LEVELS[l] == segments) {
                level = l;
            }
        }
        if (level < 0) {
            phone.errors.report(phone.nowUs, "LCD: the bar shows segments %x, which are no level", segments, 0, 0);
        } else if (level != bar) {
            bar = level;
            phone.record(TraceRing.BAR, level, 0, 0, null, 0, 0);
        }
    }

    private static boolean isPoint(int position) {
        for (int p : Bt200Map.POINT_POSITIONS) {
            if (p == position) {
                return true;
            }
        }
        return false;
    }

    private void updateTime(Ht1621Model lcd) {
        int firstUnits = lcd.cellByte(Bt200Map.CLOCK_FIRST_UNITS) & ~SevenSegment.SYMBOL_BIT;
        int secondTens = lcd.cellByte(Bt200Map.CLOCK_SECOND_TENS) & ~SevenSegment.SYMBOL_BIT;
        int secondUnits = lcd.cellByte(Bt200Map.CLOCK_SECOND_UNITS) & ~SevenSegment.SYMBOL_BIT;
        boolean one = (lcd.cellByte(Bt200Map.CLOCK_TENS_ONE) & SevenSegment.SYMBOL_BIT) != 0;
        boolean colon = (lcd.cellByte(Bt200Map.CLOCK_COLON) & SevenSegment.SYMBOL_BIT) != 0;
        if (firstUnits == 0 && secondTens == 0 && secondUnits == 0 && !one && !colon) {
            if (timeShown) {
                timeShown = false;
                phone.record(TraceRing.TIME_OFF, 0, 0, 0, null, 0, 0);
            }
            return;
        }
        int a = digit(firstUnits);
        int b = digit(secondTens);
        int c = digit(secondUnits);
        if (a < 0 || b < 0 || c < 0) {
            phone.errors.report(phone.nowUs, "LCD: the clock shows segments %x %x %x, which are not all digits",
                firstUnits, secondTens, secondUnits);
            return;
        }
        int first = (one ? 10 : 0) + a;
        int second = 10 * b + c;
        if (!timeShown || first != timeFirst || second != timeSecond || colon != timeColon) {
            timeShown = true;
            timeFirst = first;
            timeSecond = second;
            timeColon = colon;
            phone.record(TraceRing.TIME, first, second, colon ? 1 : 0, null, 0, 0);
        }
    }

    /** The digit that segments draw, or -1. */
    private static int digit(int segments) {
        for (int d = 0; d <= 9; d++) {
            if (SevenSegment.glyph('0' + d) == segments) {
                return d;
            }
        }
        return -1;
    }

    /** How the main line reads now (world side). */
    String text() {
        return org.firmerware.boards.sim.hw.SimDisplay.read(text);
    }
}
