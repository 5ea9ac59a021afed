package org.firmerware.tools.run;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * A firmware that runs for a second and then panics (an array index out of range): what the tests of a board's panic
 * path start from a slot. Not a top of the product.
 */
public class PanicsAfterOneSecond implements Top, TimerHandler {

    private final int[] two = new int[2];
    private int index = 1;
    private final String line;
    private final int ms;
    private Timer timer;

    public PanicsAfterOneSecond() {
        this("panics after one second", 1000);
    }

    /** One that says {@code line} at init and breaks {@code ms} after it. */
    protected PanicsAfterOneSecond(String line, int ms) {
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
        index++;
        two[index] = 1;
    }
}
