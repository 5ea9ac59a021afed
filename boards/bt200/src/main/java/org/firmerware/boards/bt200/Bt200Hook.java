package org.firmerware.boards.bt200;

import org.firmerware.bottom.chip.tms320vc5501.Gpio;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Hook;
import org.firmerware.bottom.hal.HookListener;

/**
 * The BT200's hook switch on GPIO5 (1 = off hook). It raises no interrupt, so it is polled, every
 * {@value #POLL_MS} ms; a change is reported at the first poll that sees it, and changes in the next
 * {@value #DEBOUNCE_MS} ms (the switch bouncing as the handset settles) are held back.
 */
final class Bt200Hook implements Hook {

    /** Poll interval. */
    static final int POLL_MS = 50;
    /** How long after a reported change others are held back. */
    static final int DEBOUNCE_MS = 50;

    private final Gpio gpio;
    private final Cpu cpu;
    private final Clock clock;
    private HookListener listener;
    private boolean offHook;
    private boolean bouncing;
    private int quietFromMs;

    Bt200Hook(Gpio gpio, Cpu cpu, Clock clock) {
        this.gpio = gpio;
        this.cpu = cpu;
        this.clock = clock;
    }

    /** Takes the switch's state at power-up. */
    void configure() {
        offHook = gpio.get(Bt200Map.GPIO_HOOK);
    }

    void attach(HookListener target) {
        listener = target;
    }

    @Override
    public boolean isOffHook() {
        return offHook;
    }

    @Override
    public int pollIntervalMs() {
        return POLL_MS;
    }

    @Override
    public void poll() {
        boolean now = gpio.get(Bt200Map.GPIO_HOOK);
        if (now == offHook) {
            return;
        }
        int t = clock.now();
        if (bouncing && Clock.before(t, quietFromMs)) {
            return;
        }
        offHook = now;
        bouncing = true;
        quietFromMs = t + DEBOUNCE_MS;
        if (listener != null) {
            cpu.enterCritical();
            listener.onHookChanged(now);
            cpu.leaveCritical();
        }
    }
}
