package org.firmerware.bottom.hal;

/**
 * The keys. Boards report keys by class and code through {@link ButtonListener}; one key is down at a time, so a press
 * implies that every other key was released. Keys of the BT200 layout have the codes below; boards with other keys
 * use other printable ASCII codes in {@link #SOFT_FUNCTION} or {@link #USER_PROGRAMMABLE}.
 *
 * <p>Boards whose key matrix raises no interrupt are {@link Polled}: the kernel calls {@link #poll()} at the interval
 * the board asks for, and only while the board says polling is needed.
 */
public interface Buttons extends Polled {

    /** Class: a dialling key; the code is {@code '0'..'9'}, {@code '*'} or {@code '#'}. */
    int DTMF = 1;
    /** Class: a key with a fixed function; the code is one of the {@code KEY_*} letters below. */
    int FIXED_FUNCTION = 2;
    /** Class: a line key; the code is {@code '1' + line}. */
    int LINE = 3;
    /** Class: a key whose function is shown on the display. */
    int SOFT_FUNCTION = 4;
    /** Class: a key the user programs. */
    int USER_PROGRAMMABLE = 5;

    /** Fixed-function codes (as sent by the BT200 matrix). */
    int KEY_MESSAGE = 'i', KEY_HOLD = 'h', KEY_TRANSFER = 'x', KEY_CONFERENCE = 'c', KEY_FLASH = 'f',
        KEY_MUTE = '-', KEY_SEND = 'g', KEY_SPEAKER = 's', KEY_DOWN = '_', KEY_UP = '^', KEY_CALLERS = '?',
        KEY_CALLED = '!', KEY_MENU = 'm';
}
