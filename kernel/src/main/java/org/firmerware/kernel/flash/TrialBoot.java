package org.firmerware.kernel.flash;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Watchdog;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.time.TimerQueue;
import org.firmerware.kernel.time.WatchdogKeeper;

/**
 * The firmware's half of the trial boot ({@link SlotRecord}): once it has run {@value #TRIAL_MS} ms, the
 * firmware confirms the slot it was started from, so that the bootloader keeps starting it. Every firmware on a board
 * with firmware slots does this through its kernel; the bootloader, which is not started from a slot, does not.
 *
 * <p>Which slot: the one the bootloader starts, by the records alone: the valid record with the highest sequence
 * number that has not failed its trial. It can only be another slot when the bootloader refused that one's image
 * (its header or payload CRC-32 no longer match): confirming it then changes nothing, as the bootloader checks the
 * image again at every start. A slot already confirmed is left alone, so a firmware that runs from a confirmed slot
 * writes nothing.
 *
 * <p>On a board with a {@link Watchdog}, the bootloader starts it ({@value #WATCHDOG_MS} ms) before it starts a
 * firmware on trial; this stops it once the slot is confirmed (or cannot be), and starts it again for each look while
 * the flash is busy. A firmware that hangs or halts before it has confirmed itself is so reset, and the bootloader
 * counts the start as failed, without anybody pulling the plug. Where the board profile keeps the watchdog counting
 * while the firmware runs ({@link WatchdogKeeper}), the trial's count is replaced by that one instead of stopped.
 *
 * <p>Allocation-free after init: one flash block of buffer and a timer.
 */
public final class TrialBoot implements TimerHandler {

    /** How long the firmware runs before it counts as running well. */
    public static final int TRIAL_MS = 5000;
    /** How long a firmware on trial runs before the watchdog resets it, unless it is confirmed first. */
    public static final int WATCHDOG_MS = 2 * TRIAL_MS;
    /** How many times to look again when the flash is busy erasing. */
    static final int BUSY_RETRIES = 12;
    private static final int DONE = 0, BUSY = 1;

    private final Flash flash;
    private final Watchdog watchdog;
    private final Log log;
    private final TimerQueue timers;
    private final WatchdogKeeper keeper;
    private final byte[] block;
    private final Timer timer;
    private int retries;

    /**
     * Arms the trial: a timer that first expires {@value #TRIAL_MS} ms after init, and again every
     * {@value #TRIAL_MS} ms while the flash was busy (erasing for the firmware itself). Started here, at init, so that
     * the mission only stops it: a firmware that starts no timer of its own carries no code to start one. Init only.
     *
     * @param watchdog the board's watchdog, or null without one
     * @param keeper what keeps the watchdog counting once the trial is over, or null when it stops then
     */
    public TrialBoot(Flash flash, Watchdog watchdog, WatchdogKeeper keeper, Log log, TimerQueue timers) {
        this.flash = flash;
        this.watchdog = watchdog;
        this.keeper = keeper;
        this.log = log;
        this.timers = timers;
        this.block = new byte[flash.blockSize()];
        this.timer = new Timer(Priority.LOW, this);
        timers.startPeriodic(timer, TRIAL_MS, TRIAL_MS);
    }

    /** Whether a board's flash has a firmware slot, which makes its firmware confirm itself. */
    public static boolean hasSlots(Flash flash) {
        if (flash == null || flash.blockSize() < SlotRecord.LENGTH) {
            return false;
        }
        Partition[] table = flash.partitions();
        for (int i = 0; i < table.length; i++) {
            if (table[i].isFirmwareSlot()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onTimer(Timer t) {
        if (confirm() == DONE || ++retries >= BUSY_RETRIES) {
            timers.stop(timer);
            if (keeper != null) {
                keeper.keep();
            } else if (watchdog != null) {
                watchdog.stop();
            }
        } else if (watchdog != null && watchdog.isRunning()) {
            watchdog.start(Math.min(WATCHDOG_MS, watchdog.maxMs()));
        }
    }

    /** Confirms the slot the bootloader starts, if it is not yet confirmed. */
    private int confirm() {
        Partition[] table = flash.partitions();
        Partition best = null;
        int bestSequence = 0;
        for (int i = 0; i < table.length; i++) {
            Partition p = table[i];
            if (!p.isFirmwareSlot()) {
                continue;
            }
            if (!flash.read(p.firstBlock + SlotRecord.RECORD_BLOCK, block, 0)) {
                return flash.isBusy() ? BUSY : DONE;
            }
            if (SlotRecord.isValid(block, 0) && !SlotRecord.isFailed(block, 0)
                && (best == null || SlotRecord.sequence(block, 0) - bestSequence > 0)) {
                best = p;
                bestSequence = SlotRecord.sequence(block, 0);
            }
        }
        if (best == null) {
            return DONE;
        }
        int at = best.firstBlock + SlotRecord.RECORD_BLOCK;
        if (!flash.read(at, block, 0)) {
            return flash.isBusy() ? BUSY : DONE;
        }
        if (SlotRecord.isConfirmed(block, 0)) {
            return DONE;
        }
        SlotRecord.confirm(block, 0);
        if (!flash.program(at, block, 0)) {
            if (flash.isBusy()) {
                return BUSY;
            }
            log.begin().text("trial boot: could not confirm ").text(best.name).end();
            return DONE;
        }
        log.begin().text("trial boot: ").text(best.name).text(" confirmed (the firmware ran ")
            .decimal(TRIAL_MS / 1000).text(" s)");
        if (keeper == null && watchdog != null && watchdog.isRunning()) {
            watchdog.stop();
            log.text("; watchdog stopped");
        }
        log.end();
        return DONE;
    }
}
