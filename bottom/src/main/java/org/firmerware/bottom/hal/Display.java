package org.firmerware.bottom.hal;

/**
 * The raw display: one main text line, the clock digits, a bar graph and symbols. It shows exactly what it is told;
 * the kernel's display levels (a higher level overlays a lower one, closing it shows the lower one again) are kept
 * once for every board above this interface.
 *
 * <p>Main text is ASCII. A board shows what its hardware can: a 7-segment display shows digits, letters in its own
 * shapes, space and {@code '-'}; any other character appears as {@code '-'}. A {@code '.'} right after a character
 * lights that character's decimal point where the hardware has one there ({@link #hasPoint}), otherwise it takes a
 * cell of its own like any other character.
 */
public interface Display {

    /** Symbol: "AM" next to the clock. */
    int SYMBOL_AM = 0;
    /** Symbol: "PM" next to the clock. */
    int SYMBOL_PM = 1;
    /** Symbol: a padlock (secured call). */
    int SYMBOL_LOCK = 2;
    /** Symbol: a clock (alarm set). */
    int SYMBOL_ALARM = 3;
    /** Symbol: a forward arrow (call forwarding). */
    int SYMBOL_FORWARD = 4;
    /** Symbol: network (online). */
    int SYMBOL_NETWORK = 5;
    /** Symbol: the "(101)" binary mark. */
    int SYMBOL_BINARY = 6;
    /** Symbol: first vendor glyph. */
    int SYMBOL_GLYPH1 = 7;
    /** Symbol: second vendor glyph. */
    int SYMBOL_GLYPH2 = 8;
    /** One more than the highest symbol number. */
    int SYMBOLS = 9;

    /** How many characters the main line holds. Never changes after init. */
    int textWidth();

    /**
     * Replaces the whole main line by {@code len} bytes of {@code text} from {@code off}, left-aligned; cells beyond the
     * text are blank, text beyond the width is cut. Main loop only; the caller keeps its array (the board copies).
     */
    void showText(byte[] text, int off, int len);

    /** Whether the cell at {@code position} (0 = leftmost) has a decimal point of its own. */
    boolean hasPoint(int position);

    /**
     * Shows the clock digits as {@code first:second}, e.g. hours and minutes or minutes and seconds. Main loop only.
     *
     * @param first 0..19 (the BT200 can only show a "1" in the tens place; a board shows what it can)
     * @param second 0..59
     * @param colon whether the separator is lit
     */
    void showTime(int first, int second, boolean colon);

    /** Blanks the clock digits and their separator. Main loop only. */
    void clearTime();

    /** Whether the display has the symbol. Never changes after init. */
    boolean hasSymbol(int symbol);

    /** Lights or darkens a symbol; a symbol the display lacks is ignored. Main loop only. */
    void setSymbol(int symbol, boolean on);

    /** The number of steps of the bar graph (7 on the BT200), or 0 when there is none. */
    int barSteps();

    /** Shows the bar graph with {@code level} steps lit, 0 (empty) to {@link #barSteps()}. Main loop only. */
    void showBar(int level);
}
