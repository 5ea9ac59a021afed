package org.firmerware.bottom.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SevenSegmentTest {

    private static String roundTrip(String text) {
        int[] cells = new int[text.length()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = SevenSegment.glyph(text.charAt(i));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            out.append(SevenSegment.read(cells[i], i > 0 ? cells[i - 1] : 0, i + 1 < cells.length ? cells[i + 1] : 0));
        }
        return out.toString();
    }

    @Test
    void digitsAndLettersReadBackInLowerCase() {
        assertEquals("0123456789", roundTrip("0123456789"));
        assertEquals("abcdefghijklmnopqrstuvwxyz", roundTrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        assertEquals("ready", roundTrip("Ready"));
    }

    @Test
    void theFiveAndEssGlyphIsReadFromItsNeighbours() {
        assertEquals("sending", roundTrip("sending"));
        assertEquals("555", roundTrip("555"));
        assertEquals("5", roundTrip("s"));
        assertEquals("as", roundTrip("a5"), "a lone 5 after a letter reads as the letter s");
        assertEquals("15", roundTrip("1s"));
    }

    @Test
    void otherCharactersAreDashes() {
        assertEquals("- -", roundTrip("@ :"));
        assertEquals(0x40, SevenSegment.glyph('+'));
        assertEquals('?', SevenSegment.read(0x01, 0, 0));
    }

    @Test
    void theFontMatchesTheBt200Table() {
        assertEquals(0xAF, SevenSegment.glyph('0'));
        assertEquals(0xED, SevenSegment.glyph('9'));
        assertEquals(0xEE, SevenSegment.glyph('A'));
        assertEquals(0xC2, SevenSegment.glyph('Z'));
        assertEquals(0, SevenSegment.glyph(' '));
    }
}
