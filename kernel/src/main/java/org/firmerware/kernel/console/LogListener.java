package org.firmerware.kernel.console;

/** Told when a line is committed to the {@link Log}. Runs in the main loop, inside {@link Log#end()}. */
public interface LogListener {

    /**
     * A line was committed. The listener only records the fact (posts an event, say): it must not log, because it runs
     * inside the logging call.
     *
     * @param seq the line's number
     */
    void onLogLine(int seq);
}
