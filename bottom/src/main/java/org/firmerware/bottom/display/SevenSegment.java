package org.firmerware.bottom.display;

/**
 * The 7-segment character set of the BT200's LCD (and of the simulated phone shaped like it): how each character is
 * drawn, and how a drawn cell reads back as text. Segment bits follow the BT200's wiring, one byte per cell:
 * <pre>
 *      a=0x08
 *   f=0x04  b=0x80
 *      g=0x40
 *   e=0x02  c=0x20
 *      d=0x01           (0x10 is not a segment: it is the cell's symbol or point)
 * </pre>
 * Digits and letters (drawn in their own, partly lower-case shapes; upper and lower case look the same) and space are
 * drawn; every other character is drawn as a dash. The glyph of 'S' equals that of '5'.
 */
public final class SevenSegment {

    /** The segments of a dash, drawn for characters the set lacks. */
    public static final int DASH = 0x40;
    /** The bit of a cell byte that is not a segment. */
    public static final int SYMBOL_BIT = 0x10;

    private static final byte[] DIGITS = {
        (byte) 0xAF, (byte) 0xA0, (byte) 0xCB, (byte) 0xE9, (byte) 0xE4, 0x6D, 0x6F, (byte) 0xA8, (byte) 0xEF,
        (byte) 0xED};
    private static final byte[] LETTERS = {
        (byte) 0xEE, 0x67, 0x0F, (byte) 0xE3, 0x4F, 0x4E, 0x2F, (byte) 0xE6, 0x06, (byte) 0xA1, 0x6E, 0x07, 0x6A, 0x62,
        0x63, (byte) 0xCE, (byte) 0xEC, 0x42, 0x6D, 0x47, (byte) 0xA7, 0x23, 0x2B, 0x49, (byte) 0xE5, (byte) 0xC2};

    private SevenSegment() {
    }

    /** The segments that draw an ASCII character (no symbol bit). */
    public static int glyph(int c) {
        if (c >= '0' && c <= '9') {
            return DIGITS[c - '0'] & 0xFF;
        }
        if (c >= 'A' && c <= 'Z') {
            return LETTERS[c - 'A'] & 0xFF;
        }
        if (c >= 'a' && c <= 'z') {
            return LETTERS[c - 'a'] & 0xFF;
        }
        if (c == ' ') {
            return 0;
        }
        return DASH;
    }

    /**
     * How a cell reads: the digit, the lower-case letter, a space, a dash, or {@code '?'} for segments that draw no
     * character of the set. The one ambiguous glyph ('5' = 'S') reads as a digit when a neighbouring cell reads as a
     * digit or when no neighbouring cell reads as a letter, and as 's' otherwise.
     *
     * @param previous the segments of the cell to the left, or 0 at the edge
     * @param next the segments of the cell to the right, or 0 at the edge
     */
    public static char read(int segments, int previous, int next) {
        int s = segments & ~SYMBOL_BIT & 0xFF;
        if (s == 0) {
            return ' ';
        }
        if (s == DASH) {
            return '-';
        }
        if (s == (DIGITS[5] & 0xFF)) {
            char left = readPlain(previous);
            char right = readPlain(next);
            boolean digitNear = isDigit(left) || isDigit(right);
            boolean letterNear = isLetter(left) || isLetter(right);
            return digitNear || !letterNear ? '5' : 's';
        }
        return readPlain(s);
    }

    private static char readPlain(int segments) {
        int s = segments & ~SYMBOL_BIT & 0xFF;
        if (s == 0) {
            return ' ';
        }
        if (s == DASH) {
            return '-';
        }
        for (int i = 0; i < DIGITS.length; i++) {
            if ((DIGITS[i] & 0xFF) == s) {
                return (char) ('0' + i);
            }
        }
        for (int i = 0; i < LETTERS.length; i++) {
            if ((LETTERS[i] & 0xFF) == s) {
                return (char) ('a' + i);
            }
        }
        return '?';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }
}
