package org.firmerware.kernel.sched;

/**
 * A unit of work for the main loop, allocated once during init and posted any number of times after. Posting an event
 * that is already pending does nothing: an event is pending at most once (a flag, not a counter).
 *
 * <p>Subclasses implement {@link #fire()}; it runs in the main loop, never in upcall context, and must return within
 * bounded time.
 */
public abstract class Event {

    /** The next event of the same level in the scheduler's queue; owned by the scheduler. */
    Event next;
    /** Whether the event is in the scheduler's queue; owned by the scheduler. */
    boolean pending;
    private final int priority;

    /** @param priority at which level the event runs, {@link Priority#LOW} to {@link Priority#REALTIME} */
    protected Event(int priority) {
        if (priority < 0 || priority >= Priority.LEVELS) {
            throw new IllegalArgumentException("priority out of range");
        }
        this.priority = priority;
    }

    /** The event's priority level. */
    public final int priority() {
        return priority;
    }

    /** Whether the event waits in the scheduler's queue. */
    public final boolean isPending() {
        return pending;
    }

    /** Does the work; runs in the main loop. */
    protected abstract void fire();
}
