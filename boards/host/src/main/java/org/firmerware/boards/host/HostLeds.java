package org.firmerware.boards.host;

import org.firmerware.bottom.hal.Leds;

/** Four single-colour lights (message, handset, speaker, backlight), one register each. */
final class HostLeds implements Leds {

    @Override
    public boolean has(int led) {
        return led == MESSAGE || led == HANDSET || led == SPEAKER || led == BACKLIGHT;
    }

    @Override
    public boolean multiColour(int led) {
        return false;
    }

    @Override
    public void set(int led, int colour) {
        if (has(led)) {
            org.firmerware.bottom.machine.Registers.write32(HostMap.LED_BASE + 4 * led, colour == OFF ? OFF : GREEN);
        }
    }
}
