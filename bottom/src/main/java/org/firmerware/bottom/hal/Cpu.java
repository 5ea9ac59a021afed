package org.firmerware.bottom.hal;

/**
 * The processor: the critical region, the race-free two-phase sleep, and reset.
 *
 * <h2>Sleeping without losing a wake-up</h2>
 * <pre>
 *   cpu.prepareSleep();              // from here on, any upcall cancels the coming sleep
 *   if (nothing left to do) {        // look at the queues the upcalls fill
 *       cpu.commitSleep(depth);      // sleeps only if no upcall came since prepareSleep()
 *   }
 * </pre>
 * An upcall that comes between the check and the commit makes {@link #commitSleep} return at once.
 */
public interface Cpu {

    /** Depth of {@link #commitSleep}: stop the core only; every peripheral, timer and DMA keeps running. */
    int SNOOZE = 0;
    /**
     * Depth of {@link #commitSleep}: stop the core and whatever peripherals the board can stop while the alarm, the
     * network and the keys can still wake it. Sound DMA does not run in this depth, so the kernel never hibernates
     * while a sound channel plays.
     */
    int HIBERNATE = 1;

    /**
     * Enters the critical region: upcalls are held back until the matching {@link #leaveCritical()}. Regions nest;
     * upcalls resume when the outermost one is left. Main loop only; keep regions a few statements long and never
     * sleep, wait or make a slow downcall inside one.
     */
    void enterCritical();

    /** Leaves the critical region entered last. Held-back upcalls may run before this returns. Main loop only. */
    void leaveCritical();

    /**
     * First phase of sleeping: forget earlier upcalls, so that any upcall from now on cancels the next
     * {@link #commitSleep}. Main loop only, outside any critical region.
     */
    void prepareSleep();

    /**
     * Second phase of sleeping: stop the processor at the given depth unless an upcall came after
     * {@link #prepareSleep()}; return after the upcalls that woke it have run. May return early for no reason at all
     * (the kernel simply looks again). Main loop only, outside any critical region.
     *
     * @param depth {@link #SNOOZE} or {@link #HIBERNATE}
     */
    void commitSleep(int depth);

    /**
     * Restarts the board as after power-up; does not return. Main loop only. Flash contents survive; RAM does not.
     */
    void reboot();

    /**
     * Starts the firmware image whose header is at flash block {@code block}, as the bootloader does once it has
     * verified that image: the board jumps into it as if reset into it (RAM does not survive; the image initialises
     * everything again); does not return. A later {@link #reboot()} or a reset enters the bootloader again. Main loop
     * only.
     */
    void startImage(int block);
}
