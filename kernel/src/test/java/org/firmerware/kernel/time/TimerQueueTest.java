package org.firmerware.kernel.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.testing.ManualClock;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    private final ManualClock clock = new ManualClock(1000);
    private final Scheduler scheduler = new Scheduler(clock);
    private final TimerQueue timers = new TimerQueue(clock, scheduler);
    private final List<String> fired = new ArrayList<>();

    private Timer timer(String name) {
        return new Timer(Priority.NORMAL, t -> fired.add(name + "@" + clock.nowMs));
    }

    /** Moves time to the alarm (as the board does), delivers the upcall and runs the main loop's events. */
    private boolean advanceToAlarm() {
        if (!clock.armed) {
            return false;
        }
        clock.nowMs = clock.alarmAtMs;
        clock.armed = false;
        timers.onAlarmFromUpcall();
        while (scheduler.runOne()) {
            // run everything that is due
        }
        return true;
    }

    @Test
    void oneShotTimersFireInExpiryOrderAndTheAlarmFollowsTheHead() {
        timers.start(timer("b"), 300);
        timers.start(timer("a"), 100);
        timers.start(timer("c"), 300);
        assertEquals(1100, clock.alarmAtMs);
        advanceToAlarm();
        advanceToAlarm();
        assertFalse(advanceToAlarm());
        assertEquals(List.of("a@1100", "b@1300", "c@1300"), fired);
        assertFalse(timers.hasTimers());
    }

    @Test
    void periodicTimersDoNotDriftWhenTheMainLoopIsLate() {
        Timer t = timer("p");
        timers.startPeriodic(t, 500, 500);
        for (int i = 0; i < 4; i++) {
            assertTrue(clock.armed);
            clock.nowMs = clock.alarmAtMs + 7; // the board wakes 7 ms late every time
            clock.armed = false;
            timers.onAlarmFromUpcall();
            while (scheduler.runOne()) {
                // drain
            }
        }
        assertEquals(List.of("p@1507", "p@2007", "p@2507", "p@3007"), fired);
        assertEquals(3500, clock.alarmAtMs, "the phase stays on the 500 ms grid");
        assertEquals(0, t.overruns());
    }

    @Test
    void missedPeriodsAreCountedNotFiredInABurst() {
        Timer t = timer("p");
        timers.startPeriodic(t, 100, 100);
        clock.nowMs = 1100 + 350;
        clock.armed = false;
        timers.onAlarmFromUpcall();
        while (scheduler.runOne()) {
            // drain
        }
        assertEquals(List.of("p@1450"), fired);
        assertEquals(3, t.overruns());
        assertEquals(1500, clock.alarmAtMs);
    }

    @Test
    void stopWithdrawsATimerThatExpiredButHasNotRun() {
        Timer a = timer("a");
        Timer b = timer("b");
        timers.start(a, 10);
        timers.start(b, 10);
        clock.nowMs = 1010;
        clock.armed = false; // the one-shot alarm fired
        timers.onAlarmFromUpcall();
        assertTrue(scheduler.runOne(), "the timer service runs first and posts both timers");
        timers.stop(b);
        while (scheduler.runOne()) {
            // drain
        }
        assertEquals(List.of("a@1010"), fired);
        assertFalse(clock.armed);
    }

    @Test
    void timersWorkAcrossTheWrapOfTheMillisecondClock() {
        clock.nowMs = -300; // 0xFFFFFED4: 300 ms before the 32-bit wrap
        Timer late = timer("late");
        Timer early = timer("early");
        timers.start(late, 500);  // expires at +200, after the wrap
        timers.start(early, 100); // expires at -200, before the wrap
        assertEquals(-200, clock.alarmAtMs);
        advanceToAlarm();
        assertEquals(200, clock.alarmAtMs);
        advanceToAlarm();
        assertEquals(List.of("early@-200", "late@200"), fired);
        assertTrue(Clock.before(Integer.MAX_VALUE, Integer.MIN_VALUE), "MAX_VALUE comes just before MIN_VALUE");
        assertTrue(Clock.after(5, -5));
        assertTrue(Clock.beforeOrAt(7, 7));
    }

    @Test
    void restartingMovesATimerAndTheAlarmIsSetOnlyWhenTheHeadChanges() {
        Timer a = timer("a");
        timers.start(a, 100);
        int before = clock.alarmsSet;
        timers.start(timer("b"), 200);
        assertEquals(before, clock.alarmsSet, "a later timer does not touch the alarm");
        timers.start(a, 300);
        assertEquals(1200, clock.alarmAtMs);
        advanceToAlarm();
        advanceToAlarm();
        assertEquals(List.of("b@1200", "a@1300"), fired);
    }
}
