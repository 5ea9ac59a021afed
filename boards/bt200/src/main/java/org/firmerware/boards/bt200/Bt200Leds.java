package org.firmerware.boards.bt200;

import org.firmerware.bottom.chip.tms320vc5501.McbspPins;
import org.firmerware.bottom.chip.tms320vc5501.Vc5501Cpu;
import org.firmerware.bottom.display.SevenSegmentLcd;
import org.firmerware.bottom.lights.OneColourLights;

/**
 * The BT200's lights: MESSAGE on the DSP's XF pin, the backlight on McBSP0's DX pin, and HANDSET and SPEAKER, which
 * are symbols on the LCD. Each has one colour.
 */
final class Bt200Leds extends OneColourLights {

    private final Vc5501Cpu cpu;
    private final McbspPins mcbsp0;
    private final SevenSegmentLcd lcd;

    Bt200Leds(Vc5501Cpu cpu, McbspPins mcbsp0, SevenSegmentLcd lcd) {
        this.cpu = cpu;
        this.mcbsp0 = mcbsp0;
        this.lcd = lcd;
    }

    /** All lights off. */
    void configure() {
        cpu.setXf(false);
        mcbsp0.setDx(false);
    }

    @Override
    protected void show(int led, int shown) {
        boolean on = shown != OFF;
        switch (led) {
            case MESSAGE: cpu.setXf(on); break;
            case BACKLIGHT: mcbsp0.setDx(on); break;
            case HANDSET: lcd.setMark(Bt200Map.HANDSET_CELL, on); break;
            default: lcd.setMark(Bt200Map.SPEAKER_CELL, on); break;
        }
    }
}
