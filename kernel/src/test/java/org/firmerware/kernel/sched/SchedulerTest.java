package org.firmerware.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.kernel.testing.ManualClock;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final ManualClock cpu = new ManualClock(0);
    private final Scheduler scheduler = new Scheduler(cpu);
    private final List<String> fired = new ArrayList<>();

    private Event event(String name, int priority) {
        return new Event(priority) {
            @Override
            protected void fire() {
                fired.add(name);
            }
        };
    }

    private void runAll() {
        while (scheduler.runOne()) {
            assertEquals(0, cpu.criticalDepth, "an event runs outside the critical region");
        }
    }

    @Test
    void higherPriorityFirstThenFifoWithinALevel() {
        scheduler.post(event("low", Priority.LOW));
        scheduler.post(event("n1", Priority.NORMAL));
        scheduler.postFromUpcall(event("rt", Priority.REALTIME));
        scheduler.post(event("n2", Priority.NORMAL));
        scheduler.post(event("high", Priority.HIGH));
        runAll();
        assertEquals(List.of("rt", "high", "n1", "n2", "low"), fired);
        assertTrue(scheduler.isIdle());
        assertEquals(5, scheduler.firedCount());
    }

    @Test
    void anEventIsPendingAtMostOnce() {
        Event e = event("e", Priority.NORMAL);
        scheduler.post(e);
        scheduler.postFromUpcall(e);
        scheduler.post(e);
        assertTrue(e.isPending());
        runAll();
        assertEquals(List.of("e"), fired);
        assertFalse(e.isPending());
    }

    @Test
    void anEventMayRepostItselfAndRunsAgainAfterOthers() {
        Event other = event("other", Priority.NORMAL);
        Event[] self = new Event[1];
        self[0] = new Event(Priority.NORMAL) {
            int left = 2;

            @Override
            protected void fire() {
                fired.add("self");
                if (--left > 0) {
                    scheduler.post(self[0]);
                }
            }
        };
        scheduler.post(self[0]);
        scheduler.post(other);
        runAll();
        assertEquals(List.of("self", "other", "self"), fired);
    }

    @Test
    void cancelRemovesFromAnyPlaceInTheQueue() {
        Event a = event("a", Priority.NORMAL);
        Event b = event("b", Priority.NORMAL);
        Event c = event("c", Priority.NORMAL);
        scheduler.post(a);
        scheduler.post(b);
        scheduler.post(c);
        scheduler.cancel(b);
        scheduler.cancel(c);
        Event d = event("d", Priority.NORMAL);
        scheduler.post(d);
        scheduler.cancel(event("never posted", Priority.NORMAL));
        runAll();
        assertEquals(List.of("a", "d"), fired);
    }

    @Test
    void aPriorityOutOfRangeIsRefusedAtInit() {
        assertThrows(IllegalArgumentException.class, () -> event("x", Priority.LEVELS));
        assertThrows(IllegalArgumentException.class, () -> event("x", -1));
    }
}
