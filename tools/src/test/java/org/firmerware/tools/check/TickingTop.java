package org.firmerware.tools.check;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * The base of the rule tests' tops: a periodic timer whose handler, {@link #tick()}, is mission code reached from the
 * main loop; {@link #setUp} is init code. Test only.
 */
abstract class TickingTop implements Top, TimerHandler {

    protected Kernel kernel;
    protected int ticks;

    @Override
    public final void init(Kernel k) {
        kernel = k;
        k.timers().startPeriodic(new Timer(Priority.NORMAL, this), 100, 100);
        setUp();
    }

    @Override
    public final void onTimer(Timer timer) {
        ticks++;
        tick();
    }

    /** Init code. */
    protected void setUp() {
    }

    /** Mission code. */
    protected abstract void tick();
}
