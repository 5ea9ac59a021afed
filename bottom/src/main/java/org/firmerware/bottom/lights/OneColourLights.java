package org.firmerware.bottom.lights;

import org.firmerware.bottom.hal.Leds;

/**
 * The lights of the BT200's shape, which the simulator and other boards take too: message, handset, speaker and
 * backlight, each of one colour (any colour asked for shows as {@link #GREEN}). A change reaches the board's
 * {@link #show} once; setting a light to what it already shows does nothing. Main loop only, as {@link Leds}.
 */
public abstract class OneColourLights implements Leds {

    private final int[] colour = new int[MAX_LEDS];

    @Override
    public final boolean has(int led) {
        return led == MESSAGE || led == HANDSET || led == SPEAKER || led == BACKLIGHT;
    }

    @Override
    public final boolean multiColour(int led) {
        return false;
    }

    @Override
    public final void set(int led, int c) {
        if (!has(led)) {
            return;
        }
        int shown = c == OFF ? OFF : GREEN;
        if (colour[led] == shown) {
            return;
        }
        colour[led] = shown;
        show(led, shown);
    }

    /** The colour a light shows ({@link #OFF} or {@link #GREEN}). */
    public final int colour(int led) {
        return colour[led];
    }

    /** Forgets what the lights show, as after a reset that turned them off. */
    protected final void forget() {
        for (int i = 0; i < MAX_LEDS; i++) {
            colour[i] = OFF;
        }
    }

    /** Shows a change of light {@code led} (one of the four) to {@code shown} ({@link #OFF} or {@link #GREEN}). */
    protected abstract void show(int led, int shown);
}
