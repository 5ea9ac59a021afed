package org.firmerware.kernel.ui;

import org.firmerware.bottom.hal.Display;

/**
 * Display levels over the board's {@link Display}: every level keeps a main-line text of its own, the highest level
 * that shows something is on the display, and closing it shows the next lower one again. A ringing call thus
 * overlays the dial text without destroying it.
 *
 * <p>Main loop only. Texts are copied; the caller keeps its arrays.
 */
public final class Screen {

    /** Level: idle, nothing else to show (time, "ready"). */
    public static final int IDLE = 0;
    /** Level: a call on hold or another backgrounded activity. */
    public static final int BACKGROUND = 1;
    /** Level: network or registration status. */
    public static final int STATUS = 2;
    /** Level: digits being dialled. */
    public static final int DIALING = 3;
    /** Level: browsing the phone book. */
    public static final int PHONEBOOK = 4;
    /** Level: a call being set up. */
    public static final int CONNECTING = 5;
    /** Level: a call in progress. */
    public static final int TALKING = 6;
    /** Level: a security check (ZRTP short authentication string). */
    public static final int SECURITY = 7;
    /** Level: soft-key labels. */
    public static final int SOFT_BUTTON = 8;
    /** Level: a menu. */
    public static final int MENU = 9;
    /** Level: an incoming call. */
    public static final int RINGING = 10;
    /** Level: an alert that must be seen (a fault, "bootload"). */
    public static final int ALERT = 11;
    /** The number of levels. */
    public static final int LEVELS = 12;

    private final Display display;
    private final int width;
    private final byte[][] texts;
    private final int[] lengths = new int[LEVELS];
    private final boolean[] open = new boolean[LEVELS];
    private int shownLevel = -1;

    /** @param display the board's display, or null on a board without one (then all calls do nothing) */
    public Screen(Display display) {
        this.display = display;
        this.width = display == null ? 0 : display.textWidth();
        this.texts = new byte[LEVELS][2 * width + 1];
    }

    /** The number of characters the main line holds (0 without a display). */
    public int width() {
        return width;
    }

    /**
     * Shows a text at a level; it is on the display while no higher level is open. Text beyond twice the display
     * width (room for decimal points) is cut.
     */
    public void show(int level, byte[] text, int off, int len) {
        if (display == null || level < 0 || level >= LEVELS) {
            return;
        }
        int n = Math.min(Math.max(len, 0), texts[level].length);
        System.arraycopy(text, off, texts[level], 0, n);
        lengths[level] = n;
        open[level] = true;
        refresh(level);
    }

    /** Shows a constant text at a level (see {@link #show(int, byte[], int, int)}). */
    public void show(int level, String text) {
        if (display == null || level < 0 || level >= LEVELS) {
            return;
        }
        byte[] buffer = texts[level];
        int n = Math.min(text.length(), buffer.length);
        for (int i = 0; i < n; i++) {
            buffer[i] = (byte) text.charAt(i);
        }
        lengths[level] = n;
        open[level] = true;
        refresh(level);
    }

    /** Closes a level; the highest level still open is shown (a blank line when none is). */
    public void close(int level) {
        if (display == null || level < 0 || level >= LEVELS || !open[level]) {
            return;
        }
        open[level] = false;
        lengths[level] = 0;
        if (level == shownLevel) {
            int top = topLevel();
            shownLevel = top;
            if (top < 0) {
                display.showText(texts[0], 0, 0);
            } else {
                display.showText(texts[top], 0, lengths[top]);
            }
        }
    }

    /** Whether a level is open. */
    public boolean isOpen(int level) {
        return level >= 0 && level < LEVELS && open[level];
    }

    /** The level on the display, or -1 when none is open. */
    public int shownLevel() {
        return shownLevel;
    }

    private void refresh(int changedLevel) {
        int top = topLevel();
        if (top == changedLevel) {
            shownLevel = top;
            display.showText(texts[top], 0, lengths[top]);
        }
    }

    private int topLevel() {
        for (int level = LEVELS - 1; level >= 0; level--) {
            if (open[level]) {
                return level;
            }
        }
        return -1;
    }
}
