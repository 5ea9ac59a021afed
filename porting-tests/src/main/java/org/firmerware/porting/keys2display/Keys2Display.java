package org.firmerware.porting.keys2display;

import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.kernel.KeyHandler;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.ui.Screen;

/**
 * Porting test 3: keys and display levels. Digits typed appear on the display (at the dialling level, over the idle
 * text); {@code *} types a point, so an IPv4 address shows with the display's decimal points; {@code #} clears the
 * digits and closes the dialling level, bringing the idle text back. A function key shows its name at a higher level
 * while it is held. The message light is on while any key is held.
 */
public final class Keys2Display implements Top, KeyHandler {

    /** The most characters kept; the display shows the last ones that fit. */
    public static final int MAX_TYPED = 32;

    private Kernel kernel;
    private final byte[] typed = new byte[MAX_TYPED];
    private int typedLength;

    @Override
    public void init(Kernel k) {
        kernel = k;
        k.setKeyHandler(this);
        k.screen().show(Screen.IDLE, "keys");
        k.log().line("keys2display: type digits; * is a point, # clears");
    }

    @Override
    public void onKeyPressed(int buttonClass, int code) {
        kernel.lights().set(Leds.MESSAGE, Leds.GREEN);
        kernel.log().begin().text("key ").character((char) code).text(" down").end();
        if (buttonClass == Buttons.DTMF) {
            if (code == '#') {
                typedLength = 0;
                kernel.screen().close(Screen.DIALING);
                return;
            }
            append(code == '*' ? (byte) '.' : (byte) code);
            showTyped();
        } else {
            kernel.screen().show(Screen.SOFT_BUTTON, keyName(code));
        }
    }

    @Override
    public void onKeysReleased() {
        kernel.lights().set(Leds.MESSAGE, Leds.OFF);
        kernel.screen().close(Screen.SOFT_BUTTON);
    }

    private void append(byte c) {
        if (typedLength == MAX_TYPED) {
            System.arraycopy(typed, 1, typed, 0, MAX_TYPED - 1);
            typedLength--;
        }
        typed[typedLength++] = c;
    }

    /** Shows the tail of what was typed that fits: points ride on the previous digit where the display allows. */
    private void showTyped() {
        int width = kernel.screen().width();
        int cells = 0;
        int start = typedLength;
        while (start > 0) {
            int cost = typed[start - 1] == '.' ? 0 : 1;
            if (cells + cost > width) {
                break;
            }
            cells += cost;
            start--;
        }
        kernel.screen().show(Screen.DIALING, typed, start, typedLength - start);
    }

    private static String keyName(int code) {
        switch (code) {
            case Buttons.KEY_MESSAGE: return "message";
            case Buttons.KEY_HOLD: return "hold";
            case Buttons.KEY_TRANSFER: return "transfer";
            case Buttons.KEY_CONFERENCE: return "conference";
            case Buttons.KEY_FLASH: return "flash";
            case Buttons.KEY_MUTE: return "mute";
            case Buttons.KEY_SEND: return "send";
            case Buttons.KEY_SPEAKER: return "speaker";
            case Buttons.KEY_DOWN: return "down";
            case Buttons.KEY_UP: return "up";
            case Buttons.KEY_CALLERS: return "callers";
            case Buttons.KEY_CALLED: return "called";
            case Buttons.KEY_MENU: return "menu";
            default: return "key";
        }
    }
}
