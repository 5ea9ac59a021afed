package org.firmerware.kernel.time;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.sched.Scheduler;

/**
 * The timer queue over the board's single one-shot alarm: timers ordered by expiry in a list linked through the
 * timers, with the alarm always armed for the head only (tickless: the board sleeps until the next expiry).
 *
 * <p>Periodic timers are drift-free: the next expiry is the previous expiry plus the period, not "now" plus the period,
 * so a late main loop does not shift the phase. When the main loop is late by whole periods, those periods are
 * skipped and counted in {@link Timer#overruns()} rather than fired in a burst.
 *
 * <p>All methods are main loop only, except {@link #onAlarmFromUpcall()}.
 */
public final class TimerQueue {

    private final Clock clock;
    private final Scheduler scheduler;
    private final Event service;
    private Timer head;
    private boolean alarmArmed;
    private int alarmAtMs;
    private int alarmsSet;

    /**
     * @param clock the board's clock and alarm
     * @param scheduler where expired timers are posted
     */
    public TimerQueue(Clock clock, Scheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.service = new Event(Priority.REALTIME) {
            @Override
            protected void fire() {
                expire();
            }
        };
    }

    /** The current time, from the board's clock. */
    public int now() {
        return clock.now();
    }

    /** Starts (or restarts) a one-shot timer to expire {@code delayMs} from now. */
    public void start(Timer timer, int delayMs) {
        startAt(timer, clock.now() + Math.max(0, delayMs), 0);
    }

    /**
     * Starts (or restarts) a periodic timer: first expiry {@code firstDelayMs} from now, then every {@code periodMs}.
     *
     * @param periodMs at least 1
     */
    public void startPeriodic(Timer timer, int firstDelayMs, int periodMs) {
        startAt(timer, clock.now() + Math.max(0, firstDelayMs), Math.max(1, periodMs));
    }

    /**
     * Starts (or restarts) a timer to expire at an absolute time.
     *
     * @param periodMs the period of a periodic timer, or 0 for one-shot
     */
    public void startAt(Timer timer, int expiryMs, int periodMs) {
        remove(timer);
        scheduler.cancel(timer);
        timer.expiryMs = expiryMs;
        timer.periodMs = periodMs;
        insert(timer);
        armAlarm();
    }

    /** Stops a timer; its handler does not run, even if it had expired but not yet run. */
    public void stop(Timer timer) {
        remove(timer);
        scheduler.cancel(timer);
        armAlarm();
    }

    /** The expiry of the earliest timer; only meaningful when {@link #hasTimers()}. */
    public int nextExpiryMs() {
        return head == null ? 0 : head.expiryMs;
    }

    /** Whether any timer is running. */
    public boolean hasTimers() {
        return head != null;
    }

    /** How many times the board's alarm was set: one per timer event, not per tick. */
    public int alarmsSet() {
        return alarmsSet;
    }

    /** The board's alarm went off: hand the work to the main loop. Upcall context. */
    public void onAlarmFromUpcall() {
        scheduler.postFromUpcall(service);
    }

    /** Fires every due timer: posts it, re-queues periodic ones. Runs as the REALTIME service event. */
    private void expire() {
        int now = clock.now();
        // Bounded: each pass removes the head, and a re-queued periodic timer lands after now.
        while (head != null && Clock.beforeOrAt(head.expiryMs, now)) {
            Timer timer = head;
            head = timer.nextInQueue;
            timer.nextInQueue = null;
            timer.queued = false;
            if (timer.periodMs > 0) {
                int next = timer.expiryMs + timer.periodMs;
                if (Clock.beforeOrAt(next, now)) {
                    int behind = now - next;
                    int skipped = behind / timer.periodMs + 1;
                    timer.overruns += skipped;
                    next += skipped * timer.periodMs;
                }
                timer.expiryMs = next;
                insert(timer);
            }
            scheduler.post(timer);
        }
        alarmArmed = false;
        armAlarm();
    }

    private void insert(Timer timer) {
        Timer previous = null;
        Timer t = head;
        while (t != null && Clock.beforeOrAt(t.expiryMs, timer.expiryMs)) {
            previous = t;
            t = t.nextInQueue;
        }
        timer.nextInQueue = t;
        if (previous == null) {
            head = timer;
        } else {
            previous.nextInQueue = timer;
        }
        timer.queued = true;
    }

    private void remove(Timer timer) {
        if (!timer.queued) {
            return;
        }
        Timer previous = null;
        Timer t = head;
        while (t != null && t != timer) {
            previous = t;
            t = t.nextInQueue;
        }
        if (t != null) {
            if (previous == null) {
                head = t.nextInQueue;
            } else {
                previous.nextInQueue = t.nextInQueue;
            }
        }
        timer.nextInQueue = null;
        timer.queued = false;
    }

    /** Arms the board's alarm for the head, touching the hardware only when the head's expiry changed. */
    private void armAlarm() {
        if (head == null) {
            if (alarmArmed) {
                clock.cancelAlarm();
                alarmArmed = false;
            }
            return;
        }
        if (!alarmArmed || alarmAtMs != head.expiryMs) {
            alarmAtMs = head.expiryMs;
            alarmArmed = true;
            alarmsSet++;
            clock.setAlarm(alarmAtMs);
        }
    }
}
