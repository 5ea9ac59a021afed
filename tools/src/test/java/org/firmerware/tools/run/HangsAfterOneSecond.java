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
public class HangsAfterOneSecond implements Top, TimerHandler {

    private final String line;
    private final int ms;
    private Timer timer;
    private int spins;

    public HangsAfterOneSecond() {
        this("hangs after one second", 1000);
    }

    /** One that says {@code line} at init and breaks {@code ms} after it. */
    protected HangsAfterOneSecond(String line, int ms) {
        this.line = line;
        this.ms = ms;
    }

    @Override
    public void init(Kernel k) {
        timer = new Timer(Priority.NORMAL, this);
        k.log().line(line);
        k.timers().start(timer, ms);
    }

    @Override
    public void onTimer(Timer t) {
        for (;;) {
            spins++;
        }
    }
}
