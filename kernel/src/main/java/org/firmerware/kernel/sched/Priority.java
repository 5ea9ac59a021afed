package org.firmerware.kernel.sched;

/**
 * Priority levels of the scheduler, lowest first. A pending event of a higher level always runs before one of a lower
 * level; within a level events run in the order they were posted.
 */
public final class Priority {

    /** Work that may wait for everything else: statistics, housekeeping. */
    public static final int LOW = 0;
    /** User-interface work: keys, display, lights. */
    public static final int NORMAL = 1;
    /** Protocol work with deadlines: frames, retransmissions. */
    public static final int HIGH = 2;
    /** Work that must keep pace with hardware: sound blocks, the timer service. */
    public static final int REALTIME = 3;
    /** The number of levels. */
    public static final int LEVELS = 4;

    private Priority() {
    }
}
