package org.firmerware.boards.bt200;

import org.firmerware.bottom.chip.ht162x.Ht162x;
import org.firmerware.bottom.chip.tms320vc5501.Gpio;

/** The HT1621's pins on the BT200: CS on GPIO1 (active low), WR and DATA on the latch. */
final class Bt200LcdPins implements Ht162x.Pins {

    private final Gpio gpio;
    private final Bt200Latch latch;

    Bt200LcdPins(Gpio gpio, Bt200Latch latch) {
        this.gpio = gpio;
        this.latch = latch;
    }

    @Override
    public void select(boolean selected) {
        gpio.set(Bt200Map.GPIO_LCD_CS, !selected);
    }

    @Override
    public void clockAndData(boolean wrHigh, boolean data) {
        latch.lcd(wrHigh, data);
    }
}
