package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Leds;

/** The lights of the BT200 shape: message, handset, speaker and backlight, each of one colour. */
public final class SimLeds implements Leds {

    private final SimPhone phone;
    private final int[] colour = new int[MAX_LEDS];

    SimLeds(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public boolean has(int led) {
        return led == MESSAGE || led == HANDSET || led == SPEAKER || led == BACKLIGHT;
    }

    @Override
    public boolean multiColour(int led) {
        return false;
    }

    @Override
    public void set(int led, int c) {
        if (!has(led)) {
            return;
        }
        int shown = c == OFF ? OFF : GREEN;
        if (colour[led] != shown) {
            colour[led] = shown;
            phone.recordTrace(TraceRing.LED, led, shown, 0, null, 0, 0);
        }
    }

    /** The colour a light shows (world side, for tests). */
    public int colour(int led) {
        return colour[led];
    }

    void reset() {
        for (int i = 0; i < MAX_LEDS; i++) {
            colour[i] = OFF;
        }
    }
}
