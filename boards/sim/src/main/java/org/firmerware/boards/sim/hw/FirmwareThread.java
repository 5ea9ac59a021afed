package org.firmerware.boards.sim.hw;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The processor of a simulated phone: the firmware's own thread, run in lockstep with the world's thread. Exactly one of
 * them runs at a time: the world {@link #start}s or {@link #resume}s the firmware, which runs until it sleeps
 * ({@link #sleep}), and control returns to the world. Every kind of simulated phone uses this class, so that they all
 * keep the same hand-off, watchdog, reboot and allocation accounting.
 *
 * <h2>Threads</h2>
 * Methods documented as "world thread" are called by the world while the firmware sleeps; "firmware thread" ones by the
 * phone's hardware models on behalf of the firmware. The trace ring is written on the firmware thread and drained on the
 * world thread between runs; when it fills up, the firmware hands control to the world to drain it ({@link #flush}) and
 * carries on, so nothing is lost.
 *
 * <h2>Allocation</h2>
 * The firmware thread runs only firmware and the phone's hardware models, which allocate nothing after power-up, so its
 * allocation counter ({@code ThreadMXBean#getCurrentThreadAllocatedBytes}), measured at every sleep, counts the
 * firmware's mission alone.
 */
public final class FirmwareThread {

    /** What runs on the firmware thread at every power-up. */
    public interface Body {

        /** The phone's virtual time, for the trace. */
        long nowUs();

        /** Puts the hardware models in their power-up state. Firmware thread. */
        void resetHardware();

        /**
         * Makes the board, runs the firmware's init and returns its mission (which never returns). Firmware thread.
         *
         * @param imageBlock -1 for the reset entry (what a power-up runs), or the flash block of the image the
         *     previous firmware asked to start ({@link FirmwareThread#startImage})
         */
        Runnable boot(int imageBlock);

        /**
         * The firmware crashed with {@code crash}: whether the hardware resets the phone later (a watchdog counts)
         * rather than the crash ending the simulation. Firmware thread.
         */
        default boolean resetsAfter(Throwable crash) {
            return false;
        }

        /** After {@link #resetsAfter}: whether the reset is due now (the world ran to it). Firmware thread. */
        default boolean resetDue() {
            return false;
        }
    }

    static final int OFF = 0, RUNNING = 1, ASLEEP = 2, FLUSH = 3, HALTED = 4;

    private final String name;
    private final long watchdogMs;
    private final Body body;
    private final TraceRing trace;
    private final PowerOff powerOff = new PowerOff();
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private volatile int state = OFF;
    private volatile boolean powerOffRequested;
    /** Whether the world cut the power (the phone is then OFF, not HALTED, and may be started again). */
    private volatile boolean cutRequested;
    /** The flash block of the image to start at the next boot instead of the reset entry, or -1. */
    private int startBlock = -1;
    private volatile Thread world;
    private Thread firmwareThread;
    private Throwable crash;
    private int boots;
    private int sleeps;
    private long allocationAtMissionStart = -1;
    private volatile long missionAllocatedBytes;
    private volatile boolean inMission;
    private Runnable onFlush = () -> { };

    /**
     * @param name the phone's name, for the thread and for messages
     * @param watchdogMs how long the firmware may run without sleeping (host time) before it is reported as hung
     * @param trace where the phone records what it does
     * @param body what runs at every power-up
     */
    public FirmwareThread(String name, long watchdogMs, TraceRing trace, Body body) {
        this.name = name;
        this.watchdogMs = watchdogMs;
        this.trace = trace;
        this.body = body;
    }

    // ------------------------------------------------------------------ world side

    /**
     * Powers the processor up (first, or again after a power cut) and returns when the firmware first sleeps. World
     * thread.
     *
     * @throws SimulationException when the firmware crashes or hangs
     */
    public void start() {
        if (state != OFF) {
            throw new IllegalStateException(name + " is already on");
        }
        powerOffRequested = false;
        cutRequested = false;
        crash = null;
        startBlock = -1;
        world = Thread.currentThread();
        firmwareThread = new Thread(this::firmwareMain, "firmware-" + name);
        firmwareThread.setDaemon(true);
        state = RUNNING;
        firmwareThread.start();
        awaitHandOff();
    }

    /** Whether the firmware has stopped for good (crashed or powered off). */
    public boolean isHalted() {
        return state == HALTED;
    }

    /** Whether the phone is without power: not yet started, or its power was cut or failed. */
    public boolean isOff() {
        return state == OFF;
    }

    /** Whether the phone has been powered up at least once. */
    public boolean wasStarted() {
        return firmwareThread != null;
    }

    /** Whether the firmware sleeps, waiting for the world. */
    public boolean isAsleep() {
        return state == ASLEEP;
    }

    /** The exception that stopped the firmware, or null. */
    public Throwable crash() {
        return crash;
    }

    /**
     * Lets the firmware run until it sleeps again. World thread.
     *
     * @throws SimulationException when the firmware crashes or hangs
     */
    public void resume() {
        if (state != ASLEEP) {
            return;
        }
        world = Thread.currentThread();
        state = RUNNING;
        LockSupport.unpark(firmwareThread);
        awaitHandOff();
    }

    /** Stops the firmware for good; returns when its thread has ended. World thread. */
    public void powerOff() {
        if (state == OFF || state == HALTED) {
            state = HALTED;
            return;
        }
        stopFirmware();
        state = HALTED;
    }

    /**
     * Cuts the power while the firmware sleeps: the firmware stops where it is and the processor stays off until
     * {@link #start} powers it up again. World thread.
     *
     * @return false when the firmware does not sleep (nothing was cut)
     */
    public boolean cutPower() {
        if (state != ASLEEP) {
            return false;
        }
        cutRequested = true;
        stopFirmware();
        state = OFF;
        return true;
    }

    private void stopFirmware() {
        world = Thread.currentThread();
        powerOffRequested = true;
        state = RUNNING;
        LockSupport.unpark(firmwareThread);
        try {
            firmwareThread.join(watchdogMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records a fact of the world's (power on or off) while the firmware is stopped. World thread. */
    public void recordFromWorld(long nowUs, int kind, int a) {
        if (trace.fits(0)) {
            trace.add(nowUs, kind, a, 0, 0, null, 0, 0);
        }
    }

    /** Sets what the world does to drain the phone's queues when they fill up while the firmware runs. */
    public void onFlush(Runnable drain) {
        onFlush = drain;
    }

    /** The trace records since the last {@link TraceRing#clear()}. */
    public TraceRing trace() {
        return trace;
    }

    /** How many times the firmware went to sleep since power-up. */
    public int sleepCount() {
        return sleeps;
    }

    /** How many times the phone powered up (1 + reboots). */
    public int bootCount() {
        return boots;
    }

    /** Bytes the firmware thread allocated since its main loop started (up to its last sleep), or -1 before. */
    public long missionAllocatedBytes() {
        return inMission ? missionAllocatedBytes : -1;
    }

    private void awaitHandOff() {
        long deadline = System.nanoTime() + watchdogMs * 1_000_000L;
        for (;;) {
            int s = state;
            if (s == ASLEEP || s == HALTED || s == OFF) {
                break;
            }
            if (s == FLUSH) {
                onFlush.run();
                state = RUNNING;
                LockSupport.unpark(firmwareThread);
                deadline = System.nanoTime() + watchdogMs * 1_000_000L;
                continue;
            }
            LockSupport.parkNanos(this, 20_000_000L);
            if (System.nanoTime() > deadline && state == RUNNING) {
                StackTraceElement[] stack = firmwareThread.getStackTrace();
                SimulationException hang = new SimulationException(name + ": the firmware ran for "
                    + watchdogMs + " ms of host time without sleeping (an endless loop?)");
                hang.setStackTrace(stack);
                throw hang;
            }
        }
        if (state == HALTED && crash != null) {
            throw new SimulationException(name + ": the firmware crashed: " + crash, crash);
        }
    }

    // ------------------------------------------------------------------ firmware side

    private void firmwareMain() {
        boolean failed = false;
        for (;;) {
            boolean again;
            try {
                boots++;
                body.resetHardware();
                int block = startBlock;
                startBlock = -1;
                Runnable mission = body.boot(block);
                allocationAtMissionStart = threads.getCurrentThreadAllocatedBytes();
                inMission = true;
                mission.run();
                crash = new IllegalStateException("the firmware's main loop returned");
                again = false;
            } catch (PowerOff off) {
                again = off.reboot;
                failed = off.failure;
                off.reboot = false;
                off.failure = false;
            } catch (Throwable t) {
                crash = t;
                again = false;
                if (body.resetsAfter(t)) {
                    // Halted until the watchdog resets the phone, or the world cuts or ends it.
                    crash = null;
                    try {
                        while (!body.resetDue()) {
                            handOff(ASLEEP);
                        }
                        again = true;
                    } catch (PowerOff off) {
                        failed = off.failure;
                        off.reboot = false;
                        off.failure = false;
                    }
                }
            }
            inMission = false;
            if (!again) {
                break;
            }
            if (startBlock >= 0) {
                record(body.nowUs(), TraceRing.START, startBlock, 0, 0, null, 0, 0);
            } else {
                record(body.nowUs(), TraceRing.REBOOT, 0, 0, 0, null, 0, 0);
            }
        }
        if (failed) {
            record(body.nowUs(), TraceRing.POWER, 0, 0, 0, null, 0, 0);
        }
        // A power failure (or cut) leaves the processor off, to be powered up again; anything else stops it for good.
        state = failed || cutRequested ? OFF : HALTED;
        LockSupport.unpark(world);
    }

    /**
     * The firmware sleeps: records the sleep, hands control to the world and returns when the world resumes it.
     * Firmware thread; the caller records the wake-up and delivers the interrupts that woke it.
     *
     * @param depth {@code Cpu.SNOOZE} or {@code Cpu.HIBERNATE}, for the trace
     */
    public void sleep(long nowUs, int depth) {
        sleeps++;
        missionAllocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocationAtMissionStart;
        record(nowUs, TraceRing.SLEEP, depth, 0, 0, null, 0, 0);
        handOff(ASLEEP);
    }

    /** Unwinds the firmware for a reboot; does not return. Firmware thread. */
    public void reboot() {
        powerOff.reboot = true;
        throw powerOff;
    }

    /** Unwinds the firmware and boots the image at flash block {@code block} instead of the reset entry. */
    public void startImage(int block) {
        startBlock = block;
        powerOff.reboot = true;
        throw powerOff;
    }

    /** Power failed in the middle of a hardware operation: the firmware stops and the phone is off. Firmware thread. */
    public void powerFailure() {
        powerOff.reboot = false;
        powerOff.failure = true;
        throw powerOff;
    }

    /** Records what the firmware did, draining through the world when the ring is full. Firmware thread. */
    public void record(long nowUs, int kind, int a, int b, int c, byte[] payload, int off, int len) {
        if (!trace.fits(len)) {
            handOff(FLUSH);
        }
        trace.add(nowUs, kind, a, b, c, payload, off, len);
    }

    /** Asks the world to drain the phone's queues now (a transmit queue is full). Firmware thread. */
    public void flush() {
        handOff(FLUSH);
    }

    private void handOff(int newState) {
        state = newState;
        LockSupport.unpark(world);
        while (state != RUNNING) {
            LockSupport.park(this);
        }
        if (powerOffRequested) {
            powerOff.reboot = false;
            throw powerOff;
        }
    }
}
