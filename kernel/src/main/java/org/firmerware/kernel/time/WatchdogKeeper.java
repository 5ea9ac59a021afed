package org.firmerware.kernel.time;

import org.firmerware.bottom.hal.Watchdog;
import org.firmerware.kernel.sched.Priority;

/**
 * Keeps the board's watchdog counting while a firmware runs (from the first pass of its main loop, or, for a firmware
 * on trial, from the end of the trial): a timer starts the count again every three quarters of it. The timer's handler runs in the main loop like any other, so as long as the main loop
 * runs, the count never runs out; a firmware that hangs (a handler that never returns, an upcall that spins) or halts
 * at a crash is reset by the board when it does, and starts again, where before it stayed dead until somebody pulled
 * the plug.
 *
 * <p>The board profile chooses the count ({@code sizes.watchdogMs}); without it the watchdog runs only during a trial
 * ({@link org.firmerware.kernel.flash.TrialBoot}). The price is the timer's wake-ups when the firmware is idle, one
 * every three quarters of the count (30 an hour for 160 s). The timer has {@link Priority#NORMAL}: network work of
 * higher priority may delay it, by up to a quarter of the count before the board resets.
 *
 * <p>Allocation-free after init: one timer.
 */
public final class WatchdogKeeper implements TimerHandler {

    private final Watchdog watchdog;
    private final TimerQueue timers;
    private final int countMs;
    private final Timer timer;
    private boolean firstPass;

    /**
     * @param watchdog the board's watchdog
     * @param countMs the count; the watchdog's longest count when that is shorter
     */
    public WatchdogKeeper(Watchdog watchdog, int countMs, TimerQueue timers) {
        this.watchdog = watchdog;
        this.timers = timers;
        this.countMs = Math.max(1, Math.min(countMs, watchdog.maxMs()));
        this.timer = new Timer(Priority.NORMAL, this);
    }

    /** The count it keeps, in milliseconds. */
    public int countMs() {
        return countMs;
    }

    /** How often the count starts again, in milliseconds: three quarters of it. */
    public int periodMs() {
        return Math.max(1, countMs - countMs / 4);
    }

    /**
     * Starts keeping the count: the watchdog's count starts now (in place of the trial's, if that runs), and again
     * every {@link #periodMs()}. Main loop only.
     */
    public void keep() {
        firstPass = false;
        watchdog.start(countMs);
        timers.startPeriodic(timer, periodMs(), periodMs());
    }

    /**
     * Starts keeping the count at the first pass of the main loop, unless {@code trialMayRun} and the watchdog counts
     * then: that is the count the bootloader started for a firmware on trial, which
     * {@link org.firmerware.kernel.flash.TrialBoot} keeps until the trial is over and then hands over with
     * {@link #keep()}. (Init must not look at the watchdog or start it: on a board whose init runs at build time, that
     * pass is the first moment the firmware runs.) Init only.
     *
     * @param trialMayRun whether the firmware confirms a slot (a {@code TrialBoot} will call {@link #keep()})
     */
    public void keepFromStart(boolean trialMayRun) {
        firstPass = trialMayRun;
        timers.startPeriodic(timer, 0, periodMs());
    }

    @Override
    public void onTimer(Timer t) {
        if (firstPass) {
            firstPass = false;
            if (watchdog.isRunning()) {
                timers.stop(timer);
                return;
            }
        }
        watchdog.start(countMs);
    }
}
