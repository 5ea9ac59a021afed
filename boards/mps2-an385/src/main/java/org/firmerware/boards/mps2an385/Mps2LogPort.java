package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.hal.LogPort;

/** The console: each log line is a panel line {@code @<ms> log <text>} on UART 0. */
final class Mps2LogPort implements LogPort {

    private static final int MAX_LINE = 1024;

    private final Mps2Panel panel;

    Mps2LogPort(Mps2Panel panel) {
        this.panel = panel;
    }

    @Override
    public void writeLine(byte[] text, int off, int len) {
        panel.begin("log").bytes(text, off, Math.min(len, MAX_LINE)).end();
    }
}
