package org.firmerware.porting.switch2led;

import org.firmerware.bottom.hal.Leds;
import org.firmerware.kernel.HookHandler;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.ui.Screen;

/**
 * Porting test 1: the hook switch drives the message light and the display. Off hook: the light is on and the display
 * says "off hook"; on hook: the light is off and the display says "on hook".
 */
public final class Switch2Led implements Top, HookHandler {

    private Kernel kernel;

    @Override
    public void init(Kernel k) {
        kernel = k;
        k.setHookHandler(this);
        k.log().line("switch2led: lift the handset to light the message lamp");
        onHook(k.isOffHook());
    }

    @Override
    public void onHook(boolean offHook) {
        kernel.lights().set(Leds.MESSAGE, offHook ? Leds.GREEN : Leds.OFF);
        kernel.screen().show(Screen.IDLE, offHook ? "off hook" : "on hook");
        kernel.log().begin().text("hook: ").text(offHook ? "off" : "on").end();
    }
}
