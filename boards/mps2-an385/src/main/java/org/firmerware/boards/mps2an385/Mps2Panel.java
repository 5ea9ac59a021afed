package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.chip.cmsdk.CmsdkTimerClock;
import org.firmerware.bottom.chip.cmsdk.CmsdkUart;

/**
 * The front panel the MPS2 lacks, as trace lines on UART 0: every change of a light or the display, every console
 * line and the end of a run is one line {@code @<ms> <kind> <values>}, stamped with the millisecond clock when it is
 * written. {@code fw run} reads them and prints the simulator's trace (see the board's README for the format); a
 * person on the serial port reads them as they are.
 *
 * <p>Main loop only, except {@link #busy()} and the run's end, which the script's interrupt writes when no line is
 * under way.
 */
final class Mps2Panel {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private final CmsdkUart uart;
    private final CmsdkTimerClock clock;
    private final byte[] digits = new byte[10];
    private boolean busy;

    Mps2Panel(CmsdkUart uart, CmsdkTimerClock clock) {
        this.uart = uart;
        this.clock = clock;
    }

    /** Starts a line: {@code @<now> <kind>}. */
    Mps2Panel begin(String kind) {
        busy = true;
        uart.write('@');
        unsigned(clock.now());
        uart.write(' ');
        return text(kind);
    }

    /** A space, then a text constant. */
    Mps2Panel text(String s) {
        for (int i = 0; i < s.length(); i++) {
            uart.write(s.charAt(i));
        }
        return this;
    }

    /** A space, then an unsigned decimal number. */
    Mps2Panel number(int value) {
        uart.write(' ');
        unsigned(value);
        return this;
    }

    /** A space, then {@code len} bytes as two lower-case hex digits each. */
    Mps2Panel hex(byte[] b, int off, int len) {
        uart.write(' ');
        for (int i = 0; i < len; i++) {
            uart.write(HEX[b[off + i] >> 4 & 0xF]);
            uart.write(HEX[b[off + i] & 0xF]);
        }
        return this;
    }

    /** A space, then {@code len} bytes of text as they are (a line end in them becomes a space). */
    Mps2Panel bytes(byte[] b, int off, int len) {
        uart.write(' ');
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xFF;
            uart.write(c == '\n' || c == '\r' ? ' ' : c);
        }
        return this;
    }

    /** Ends the line. */
    void end() {
        uart.write('\n');
        busy = false;
    }

    /** Whether a line is under way (an interrupt must not write into it). */
    boolean busy() {
        return busy;
    }

    private void unsigned(int value) {
        int n = 0;
        int v = value;
        do {
            digits[n++] = (byte) ('0' + Integer.remainderUnsigned(v, 10));
            v = Integer.divideUnsigned(v, 10);
        } while (v != 0 && n < digits.length);
        while (n > 0) {
            uart.write(digits[--n]);
        }
    }
}
