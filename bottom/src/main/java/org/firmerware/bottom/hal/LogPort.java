package org.firmerware.bottom.hal;

/**
 * A raw output for log lines that needs no protocol: a UART on boards that have one, the terminal on the simulator.
 * Optional: {@link Board#logPort()} is null on boards without one (the console is then reachable over the network
 * only).
 */
public interface LogPort {

    /**
     * Writes one log line (without its line end); the port copies it. May drop the line when the output is busy,
     * never waits longer than it takes to queue it. Main loop only.
     */
    void writeLine(byte[] text, int off, int len);
}
