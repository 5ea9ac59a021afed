package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.LogPort;

/** The simulated phone's serial console: every line goes into the trace. */
public final class SimLogPort implements LogPort {

    private final SimPhone phone;

    SimLogPort(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public void writeLine(byte[] text, int off, int len) {
        phone.recordTrace(TraceRing.CONSOLE, 0, 0, 0, text, off, Math.min(len, 1024));
    }
}
