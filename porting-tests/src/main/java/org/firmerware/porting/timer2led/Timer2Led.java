package org.firmerware.porting.timer2led;

import org.firmerware.bottom.hal.Leds;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.ui.Screen;

/**
 * Porting test 2: a drift-free periodic timer toggles the message light every 500 ms (a 1 s period at 50 % duty),
 * and the board sleeps in between. On a working port the light changes exactly twice a second and the phone wakes
 * only for those changes.
 */
public final class Timer2Led implements Top, TimerHandler {

    /** Half the light's period. */
    public static final int HALF_PERIOD_MS = 500;

    private Kernel kernel;
    private Timer timer;
    private boolean on;

    @Override
    public void init(Kernel k) {
        kernel = k;
        timer = new Timer(Priority.NORMAL, this);
        k.screen().show(Screen.IDLE, "timer2led");
        k.log().line("timer2led: the message lamp toggles every 500 ms");
        k.timers().startPeriodic(timer, HALF_PERIOD_MS, HALF_PERIOD_MS);
    }

    @Override
    public void onTimer(Timer t) {
        on = !on;
        kernel.lights().set(Leds.MESSAGE, on ? Leds.GREEN : Leds.OFF);
    }
}
