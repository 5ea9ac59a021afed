package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.lights.OneColourLights;

/** The lights of the BT200 shape: message, handset, speaker and backlight, each of one colour. */
public final class SimLeds extends OneColourLights {

    private final SimPhone phone;

    SimLeds(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    protected void show(int led, int shown) {
        phone.recordTrace(TraceRing.LED, led, shown, 0, null, 0, 0);
    }

    void reset() {
        forget();
    }
}
