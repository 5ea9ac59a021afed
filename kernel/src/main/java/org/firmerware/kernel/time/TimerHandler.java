package org.firmerware.kernel.time;

/** What a {@link Timer} does when it expires. */
public interface TimerHandler {

    /**
     * The timer expired. Runs in the main loop at the timer's priority. A one-shot timer is stopped by then and may be
     * started again from here; a periodic timer is already scheduled for its next period.
     *
     * @param timer the timer that expired, so one handler can serve several timers
     */
    void onTimer(Timer timer);
}
