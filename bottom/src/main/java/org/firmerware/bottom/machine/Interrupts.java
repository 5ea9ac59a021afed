package org.firmerware.bottom.machine;

/**
 * The CPU's interrupt mask and its wait-for-interrupt instruction, for the board's {@code Cpu} implementation.
 * AOT images compile these to the CPU's instructions (Cortex-M: {@code mrs primask; cpsid i}, {@code msr primask},
 * {@code wfi}); on the host JVM they go to the {@link Machine} bound to the thread.
 */
public final class Interrupts {

    private Interrupts() {
    }

    /** Masks interrupts; returns whether they were enabled before, for {@link #restore}. */
    public static boolean disable() {
        return Machine.current().disableInterrupts();
    }

    /** Restores the mask state returned by {@link #disable()}. */
    public static void restore(boolean enabled) {
        Machine.current().restoreInterrupts(enabled);
    }

    /**
     * Stops the core until an interrupt is pending. Called with interrupts masked, it still wakes on a pending
     * interrupt, which then runs when the mask is restored: the race-free way to sleep after checking for work.
     *
     * @param depth 0 to stop the core only, 1 for the board's deeper sleep
     */
    public static void waitForInterrupt(int depth) {
        Machine.current().waitForInterrupt(depth);
    }
}
