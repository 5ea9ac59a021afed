package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.chip.cmsdk.CmsdkDualTimer;
import org.firmerware.bottom.chip.cmsdk.CmsdkTimerClock;
import org.firmerware.bottom.chip.cortexm.CortexMCpu;
import org.firmerware.bottom.hal.ButtonListener;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Hook;
import org.firmerware.bottom.hal.HookListener;
import org.firmerware.bottom.machine.Registers;

/**
 * The run file: the inputs the MPS2 has no devices for (the hook switch and the keys) and the end of a run, played in
 * board time by half 0 of the CMSDK dual timer. {@code fw run} writes the file from its script and QEMU loads it at
 * {@link Mps2Map#RUN_FILE}, outside the firmware's RAM. Little-endian 32-bit words:
 * <pre>
 *   0  magic 0x4E525746 ("FWRN")      4  the end of the run in ms (0xFFFFFFFF: none)      8  n, the number of steps
 *   12 + 12 i: the step's time in ms, its kind (1 hook: value 1 off hook, 0 on hook; 2 key press: value
 *              class &lt;&lt; 8 | code; 3 key release), its value
 * </pre>
 * Steps are in time order. Without the magic there are no inputs and no end (a board on a desk).
 *
 * <p>The end of the run writes the panel line {@code @<ms> end <sleeps>} (how many times the core slept) and asks
 * for a system reset, which QEMU run with {@code -no-reboot} turns into its exit. Upcall context only, except the
 * getters and {@link #configure()}.
 */
final class Mps2Script {

    static final int MAGIC = 0x4E52_5746;
    static final int HOOK = 1;
    static final int PRESS = 2;
    static final int RELEASE = 3;
    /** The most steps a run file holds. */
    static final int MAX_STEPS = 4096;
    private static final int NO_END = -1;

    private final CmsdkDualTimer timer;
    private final CmsdkTimerClock clock;
    private final Mps2Panel panel;
    private final CortexMCpu cpu;
    private final ScriptHook hook = new ScriptHook();
    private final ScriptKeys keys = new ScriptKeys();
    private HookListener hookListener;
    private ButtonListener buttonListener;
    private boolean loaded;
    private int steps;
    private int next;
    private int endMs = NO_END;

    Mps2Script(CmsdkDualTimer timer, CmsdkTimerClock clock, Mps2Panel panel, CortexMCpu cpu) {
        this.timer = timer;
        this.clock = clock;
        this.panel = panel;
        this.cpu = cpu;
    }

    /** Init: the dual timer stopped. */
    void configure() {
        timer.configure();
    }

    void attach(HookListener h, ButtonListener b) {
        hookListener = h;
        buttonListener = b;
    }

    Hook hook() {
        return hook;
    }

    Buttons keys() {
        return keys;
    }

    /**
     * The dual timer's interrupt (made pending by init for the first time): reads the run file the first time, plays
     * the steps that are due, ends the run when its time has come, and loads the timer for what comes next.
     *
     * @return whether it made an upcall
     */
    boolean onInterrupt() {
        timer.expired(0);
        if (!loaded) {
            loaded = true;
            if (Registers.read32(Mps2Map.RUN_FILE) == MAGIC) {
                endMs = Registers.read32(Mps2Map.RUN_FILE + 4);
                steps = Math.min(MAX_STEPS, Math.max(0, Registers.read32(Mps2Map.RUN_FILE + 8)));
            }
        }
        boolean upcall = false;
        while (next < steps && clock.ticksUntil(stepTime(next)) == 0) {
            upcall |= play(step(next, 1), step(next, 2));
            next++;
        }
        int at;
        if (next < steps) {
            at = stepTime(next);
        } else if (endMs != NO_END) {
            at = endMs;
        } else {
            return upcall;
        }
        if (next >= steps && clock.ticksUntil(endMs) == 0) {
            if (panel.busy()) {
                timer.start(0, clock.ticksPerMs());
                return upcall;
            }
            panel.begin("end").number(cpu.sleeps()).end();
            cpu.reboot();
        }
        timer.start(0, Math.max(1, clock.ticksUntil(at)));
        return upcall;
    }

    private int stepTime(int i) {
        return step(i, 0);
    }

    private static int step(int i, int word) {
        return Registers.read32(Mps2Map.RUN_FILE + 12 + 12 * i + 4 * word);
    }

    private boolean play(int kind, int value) {
        if (kind == HOOK) {
            boolean off = value != 0;
            if (off == hook.offHook) {
                return false;
            }
            hook.offHook = off;
            if (hookListener != null) {
                hookListener.onHookChanged(off);
                return true;
            }
        } else if (kind == PRESS && buttonListener != null) {
            buttonListener.onButtonPress(value >>> 8 & 0xFF, value & 0xFF);
            return true;
        } else if (kind == RELEASE && buttonListener != null) {
            buttonListener.onButtonRelease();
            return true;
        }
        return false;
    }

    /** The hook switch of the run file. */
    static final class ScriptHook implements Hook {
        boolean offHook;

        @Override public boolean isOffHook() { return offHook; }
        @Override public int pollIntervalMs() { return 0; }
        @Override public void poll() { }
    }

    /** The keys of the run file. */
    static final class ScriptKeys implements Buttons {
        @Override public int pollIntervalMs() { return 0; }
        @Override public void poll() { }
    }
}
