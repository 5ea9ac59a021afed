package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.machine.Registers;

/**
 * The lights of the simulated phone's shape (message, handset, speaker, backlight, each of one colour). The message
 * and handset lights are also the board's two user LEDs (FPGA I/O LED0, bits 0 and 1); every change is a panel line
 * {@code @<ms> led <light> <colour>} on UART 0, since an emulator shows its LEDs nowhere else.
 */
final class Mps2Leds implements Leds {

    private final Mps2Panel panel;
    private final int[] colour = new int[MAX_LEDS];
    private int userLeds;

    Mps2Leds(Mps2Panel panel) {
        this.panel = panel;
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
        if (colour[led] == shown) {
            return;
        }
        colour[led] = shown;
        if (led == MESSAGE || led == HANDSET) {
            int bit = led == MESSAGE ? 1 : 2;
            userLeds = shown == OFF ? userLeds & ~bit : userLeds | bit;
            Registers.write32(Mps2Map.FPGAIO_LED0, userLeds);
        }
        panel.begin("led").number(led).number(shown).end();
    }
}
