package org.firmerware.kernel.sched;

import org.firmerware.bottom.hal.Cpu;

/**
 * The tickless event scheduler: one FIFO queue of pending {@link Event}s per {@link Priority} level, linked through
 * the events themselves, so posting never allocates. The main loop takes the oldest event of the highest non-empty
 * level and fires it; when no event is pending the main loop sleeps.
 *
 * <p>Upcalls post with {@link #postFromUpcall}; the main loop posts with {@link #post}, which holds upcalls back while
 * it edits the queue. Both are safe against each other because upcalls do not nest and the main loop edits the queues
 * only inside the critical region.
 */
public final class Scheduler {

    private final Cpu cpu;
    private final Event[] heads = new Event[Priority.LEVELS];
    private final Event[] tails = new Event[Priority.LEVELS];
    private int fired;

    /** @param cpu whose critical region guards the queues */
    public Scheduler(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Posts an event from the main loop; it runs after the pending events of its level. */
    public void post(Event event) {
        cpu.enterCritical();
        enqueue(event);
        cpu.leaveCritical();
    }

    /** Posts an event from upcall context (no downcall is made). */
    public void postFromUpcall(Event event) {
        enqueue(event);
    }

    /** Withdraws a pending event; nothing happens if it is not pending. Main loop only. */
    public void cancel(Event event) {
        cpu.enterCritical();
        if (event.pending) {
            int level = event.priority();
            Event previous = null;
            Event e = heads[level];
            while (e != null && e != event) {
                previous = e;
                e = e.next;
            }
            if (e != null) {
                if (previous == null) {
                    heads[level] = e.next;
                } else {
                    previous.next = e.next;
                }
                if (tails[level] == e) {
                    tails[level] = previous;
                }
                e.next = null;
                e.pending = false;
            }
        }
        cpu.leaveCritical();
    }

    private void enqueue(Event event) {
        if (event.pending) {
            return;
        }
        event.pending = true;
        event.next = null;
        int level = event.priority();
        if (tails[level] == null) {
            heads[level] = event;
        } else {
            tails[level].next = event;
        }
        tails[level] = event;
    }

    /**
     * Fires the oldest event of the highest non-empty level, if any. Main loop only.
     *
     * @return whether an event was fired (false: nothing is pending)
     */
    public boolean runOne() {
        Event event = null;
        cpu.enterCritical();
        for (int level = Priority.LEVELS - 1; level >= 0; level--) {
            Event head = heads[level];
            if (head != null) {
                heads[level] = head.next;
                if (head.next == null) {
                    tails[level] = null;
                }
                head.next = null;
                head.pending = false;
                event = head;
                break;
            }
        }
        cpu.leaveCritical();
        if (event == null) {
            return false;
        }
        fired++;
        event.fire();
        return true;
    }

    /** Whether any event is pending. Call inside the critical region or between prepare and commit of a sleep. */
    public boolean isIdle() {
        for (int level = 0; level < Priority.LEVELS; level++) {
            if (heads[level] != null) {
                return false;
            }
        }
        return true;
    }

    /** How many events have fired since init. */
    public int firedCount() {
        return fired;
    }
}
