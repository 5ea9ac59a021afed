package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.lights.OneColourLights;
import org.firmerware.bottom.machine.Registers;

/**
 * The lights of the simulated phone's shape (message, handset, speaker, backlight, each of one colour). The message
 * and handset lights are also the board's two user LEDs (FPGA I/O LED0, bits 0 and 1); every change is a panel line
 * {@code @<ms> led <light> <colour>} on UART 0, since an emulator shows its LEDs nowhere else.
 */
final class Mps2Leds extends OneColourLights {

    private final Mps2Panel panel;
    private int userLeds;

    Mps2Leds(Mps2Panel panel) {
        this.panel = panel;
    }

    @Override
    protected void show(int led, int shown) {
        if (led == MESSAGE || led == HANDSET) {
            int bit = led == MESSAGE ? 1 : 2;
            userLeds = shown == OFF ? userLeds & ~bit : userLeds | bit;
            Registers.write32(Mps2Map.FPGAIO_LED0, userLeds);
        }
        panel.begin("led").number(led).number(shown).end();
    }
}
