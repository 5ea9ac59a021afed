package org.firmerware.tools.check.planted;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/** A top with one planted violation: its timer handler, mission code, concatenates strings. Test only. */
public final class PlantedTop implements Top, TimerHandler {

    private Kernel kernel;
    private int ticks;

    @Override
    public void init(Kernel k) {
        kernel = k;
        k.timers().startPeriodic(new Timer(Priority.NORMAL, this), 100, 100);
    }

    @Override
    public void onTimer(Timer timer) {
        ticks++;
        kernel.log().line("tick " + ticks); // planted: string concatenation
    }
}
