package org.firmerware.kernel;

/** What a top does with keys. Runs in the main loop at {@code NORMAL} priority, in the order the keys were used. */
public interface KeyHandler {

    /**
     * A key went down; any other key is up.
     *
     * @param buttonClass the key's class, such as {@link org.firmerware.bottom.hal.Buttons#DTMF}
     * @param code the key's code within its class
     */
    void onKeyPressed(int buttonClass, int code);

    /** All keys are up. */
    void onKeysReleased();
}
