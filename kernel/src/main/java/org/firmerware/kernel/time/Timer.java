package org.firmerware.kernel.time;

import org.firmerware.kernel.sched.Event;

/**
 * A timer, allocated once during init and started and stopped any number of times through the {@link TimerQueue}.
 * When it expires it is posted to the scheduler as an event at its priority, and its handler runs in the main loop.
 */
public final class Timer extends Event {

    private final TimerHandler handler;
    /** The next timer in the queue, ordered by expiry; owned by the queue. */
    Timer nextInQueue;
    /** Whether the timer is in the queue. */
    boolean queued;
    /** When the timer expires next, in milliseconds (wrapping). */
    int expiryMs;
    /** The period of a periodic timer, or 0 for a one-shot timer. */
    int periodMs;
    /** Periods that passed unseen because the main loop came too late; counted, not fired. */
    int overruns;

    /**
     * @param priority at which level the handler runs
     * @param handler what runs at expiry
     */
    public Timer(int priority, TimerHandler handler) {
        super(priority);
        this.handler = handler;
    }

    /** Whether the timer is started (waiting to expire, or periodic). */
    public boolean isRunning() {
        return queued;
    }

    /** When the timer expires next (valid while running). */
    public int expiryMs() {
        return expiryMs;
    }

    /** Periods a periodic timer skipped because the main loop was late by more than a period. */
    public int overruns() {
        return overruns;
    }

    @Override
    protected void fire() {
        handler.onTimer(this);
    }
}
