package org.firmerware.boards.bt200;

import static org.firmerware.boards.bt200.Bt200Map.*;

import org.firmerware.bottom.chip.tms320vc5501.McbspPins;
import org.firmerware.bottom.hal.ButtonListener;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.machine.Delay;

/**
 * The BT200's 5×5 key matrix: rows on the latch (active low), columns on McBSP0's pins used as inputs (a pressed key
 * pulls its column low while its row is low). It raises no interrupt, so it is {@link Buttons polled}.
 *
 * <h2>Scanning</h2>
 * At rest all rows are low, so one read of the columns tells whether any key is down; only then are the rows driven one
 * at a time to find it (the first key found wins, as the contract has one key at a time). Polls come every
 * {@value #IDLE_POLL_MS} ms while no key is down (a quick tap lasts longer than that) and every {@value #HELD_POLL_MS}
 * ms while one is, so a release is seen quickly; between polls the phone sleeps.
 *
 * <h2>Debouncing</h2>
 * A change is reported at the first poll that sees it, so a key responds at once; for {@value #DEBOUNCE_MS} ms after
 * that, further changes are not reported (contacts bounce for a few milliseconds), and a release that happened meanwhile
 * is reported at the first poll after.
 */
final class Bt200Keys implements Buttons {

    /** Poll interval while no key is down. */
    static final int IDLE_POLL_MS = 50;
    /** Poll interval while a key is down. */
    static final int HELD_POLL_MS = 10;
    /** How long after a reported change others are held back. */
    static final int DEBOUNCE_MS = 20;
    /** CPU cycles for a row to settle before its columns are read (the old port waited a few loop counts). */
    private static final int SETTLE_CYCLES = 100;

    private final Bt200Latch latch;
    private final McbspPins columns;
    private final Cpu cpu;
    private final Clock clock;
    private ButtonListener listener;
    private int reported = -1;
    private int quietFromMs;
    private boolean bouncing;

    Bt200Keys(Bt200Latch latch, McbspPins columns, Cpu cpu, Clock clock) {
        this.latch = latch;
        this.columns = columns;
        this.cpu = cpu;
        this.clock = clock;
    }

    void attach(ButtonListener target) {
        listener = target;
    }

    @Override
    public int pollIntervalMs() {
        return reported >= 0 ? HELD_POLL_MS : IDLE_POLL_MS;
    }

    @Override
    public void poll() {
        int key = scan();
        if (key == reported) {
            return;
        }
        int now = clock.now();
        if (bouncing && Clock.before(now, quietFromMs)) {
            return;
        }
        reported = key;
        bouncing = true;
        quietFromMs = now + DEBOUNCE_MS;
        if (listener == null) {
            return;
        }
        // Upcalls from the main loop: hold interrupts back so that they cannot interleave with the kernel's queues.
        cpu.enterCritical();
        if (key < 0) {
            listener.onButtonRelease();
        } else {
            int row = key / KEY_COLUMNS;
            int column = key % KEY_COLUMNS;
            listener.onButtonPress(keyClass(row, column), KEY_CODES.charAt(key));
        }
        cpu.leaveCritical();
    }

    /** The key that is down (row * 5 + column), or -1. */
    private int scan() {
        int all = McbspPins.INPUTS;
        if (columns.read() == all) {
            return -1;
        }
        int found = -1;
        for (int row = 0; row < KEY_ROWS && found < 0; row++) {
            latch.rows(1 << row);
            Delay.cycles(SETTLE_CYCLES);
            int low = ~columns.read() & all;
            if (low != 0) {
                found = row * KEY_COLUMNS + Integer.numberOfTrailingZeros(low);
            }
        }
        latch.rows(0x1F);
        return found;
    }
}
