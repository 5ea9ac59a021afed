package org.firmerware.boards.sim.world;

import java.io.PrintStream;

/**
 * The trace for people: one line per visible change, such as
 * <pre>
 *      1.000  led      message     on
 * </pre>
 * with the device name in front when several phones run.
 */
public final class HumanTrace implements TraceSink {

    private final PrintStream out;
    private final boolean showDevice;
    private final boolean everything;

    /**
     * @param out where the lines go
     * @param showDevice whether to name the phone on every line
     * @param everything whether to show the {@code cpu} and {@code net} kinds too
     */
    public HumanTrace(PrintStream out, boolean showDevice, boolean everything) {
        this.out = out;
        this.showDevice = showDevice;
        this.everything = everything;
    }

    @Override
    public void event(TraceEvent e) {
        if (!everything && !e.isVisible()) {
            return;
        }
        out.println(format(e, showDevice));
    }

    /** Formats one event as a line. */
    public static String format(TraceEvent e, boolean showDevice) {
        String time = String.format("%10.3f", e.timeUs() / 1e6);
        return time + "  " + (showDevice ? String.format("%-8s ", e.device()) : "")
            + String.format("%-8s %-10s %s", e.kind(), e.name(), e.value());
    }

    @Override
    public void close() {
        out.flush();
    }
}
