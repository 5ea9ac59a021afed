package org.firmerware.tools.flash;

import java.io.PrintStream;

/**
 * A progress bar on standard error: redrawn in place at most ten times a second on a terminal, one line per tenth of
 * the way otherwise (logs, CI).
 *
 * <pre>
 *   fw flash: [##########----------]  50%  150.0 of 300.0 KiB  42.1 KiB/s  3 retransmissions
 * </pre>
 */
final class Progress implements TftpClient.Listener {

    private final PrintStream err;
    private final String prefix;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastTenth = -1;
    private boolean drawn;
    private TftpClient client;

    Progress(PrintStream err, String prefix, boolean terminal) {
        this.err = err;
        this.prefix = prefix;
        this.terminal = terminal;
    }

    /** The client whose retransmissions to show. */
    void follow(TftpClient c) {
        client = c;
    }

    @Override
    public void onProgress(long done, long total) {
        long now = System.nanoTime();
        int tenth = total > 0 ? (int) (done * 10 / total) : (int) (done / 65536);
        if (terminal) {
            if (now - lastDrawNanos < 100_000_000L && done != total) {
                return;
            }
            lastDrawNanos = now;
            err.print("\r" + line(done, total, now) + "   ");
            drawn = true;
        } else if (tenth != lastTenth) {
            lastTenth = tenth;
            err.println(line(done, total, now));
        }
        err.flush();
    }

    private String line(long done, long total, long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        StringBuilder b = new StringBuilder(prefix).append(": ");
        if (total > 0) {
            int filled = (int) Math.min(20, done * 20 / total);
            b.append('[').append("#".repeat(filled)).append("-".repeat(20 - filled)).append("] ");
            b.append(String.format("%3d%%  %.1f of %.1f KiB", done * 100 / total, done / 1024.0, total / 1024.0));
        } else {
            b.append(String.format("%.1f KiB", done / 1024.0));
        }
        b.append(String.format("  %.1f KiB/s", done / 1024.0 / seconds));
        if (client != null && client.retransmissions() > 0) {
            b.append("  ").append(client.retransmissions()).append(" retransmissions");
        }
        return b.toString();
    }

    @Override
    public void onStatus(String message) {
        end();
        err.println(prefix + ": " + message);
        err.flush();
    }

    /** Ends the bar's line, if one is drawn in place. */
    void end() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }
}
