package org.firmerware.tools.run;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * A firmware that runs for a second and then hangs: its timer's handler never returns, so nothing else runs (not its
 * kernel's confirmation of the trial boot either) until a reset. What the tests of a board's watchdog start from a
 * slot. Not a top of the product.
 */
public final class HangsAfterOneSecond implements Top, TimerHandler {

    private Timer timer;
    private int spins;

    @Override
    public void init(Kernel k) {
        timer = new Timer(Priority.NORMAL, this);
        k.log().line("hangs after one second");
        k.timers().start(timer, 1000);
    }

    @Override
    public void onTimer(Timer t) {
        for (;;) {
            spins++;
        }
    }
}
