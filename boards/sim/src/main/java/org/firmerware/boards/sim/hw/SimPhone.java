package org.firmerware.boards.sim.hw;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Sizes;
import org.firmerware.bottom.hal.Upcalls;

/**
 * The hardware of one simulated phone, shaped like the BT200: its devices, its interrupt lines, and the firmware
 * thread that is its processor.
 *
 * <h2>Two threads in lockstep</h2>
 * The firmware runs on a thread of its own (the "CPU"); the world (virtual time, scripts, the LAN, the trace) runs on
 * another. Exactly one of them runs at a time: the world {@link #resume()}s the phone, the firmware runs until it
 * commits a sleep, and control returns to the world, which may then advance time. Upcalls ("interrupts") run on the
 * firmware thread, inside {@link org.firmerware.bottom.hal.Cpu#commitSleep}, before it returns. Because the firmware
 * thread runs only firmware code and these device models, which allocate nothing, its allocation counter measures the
 * firmware alone.
 *
 * <h2>Methods</h2>
 * Methods of the devices are called by the firmware on the firmware thread. Public methods of this class are called by
 * the world while the firmware is asleep.
 */
public final class SimPhone {

    /** How the phone is built. */
    public static final class Config {
        /** The phone's name in traces. */
        public String name = "phone";
        /** The MAC address of its Ethernet port. */
        public byte[] mac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
        /** What the millisecond clock reads at power-up (to test wrap-around, start close to 2^32). */
        public int clockOriginMs;
        /** The seed of the entropy source. */
        public long seed = 1;
        /** Buffer and pool sizes. */
        public Sizes sizes = new Sizes();
        /** Flash geometry and partitions; null partitions give one read-only "flash" partition over everything. */
        public int flashBlocks = 4096;
        public int flashBlockSize = 512;
        public int flashEraseUnitBlocks = 128;
        public Partition[] partitions;
        /** How long the firmware may run without sleeping before the phone reports it as hung (host time). */
        public long watchdogMs = 20_000;
        /** Whether the Ethernet cable is plugged in at power-up. */
        public boolean linkUp = true;
    }

    static final int OFF = 0, RUNNING = 1, ASLEEP = 2, FLUSH = 3, HALTED = 4;
    /** Pending interrupt lines. */
    static final int P_ALARM = 1, P_INPUT = 2, P_SOUND = 4, P_NET = 8;

    final Config config;
    private final FirmwareImage image;
    private final Function<SimPhone, Board> boardFactory;
    final TraceRing trace = new TraceRing(2048, 64 * 1024);
    private final PowerOff powerOff = new PowerOff();
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    final SimCpu cpu;
    final SimClock clock;
    final SimWallClock wallClock;
    final SimLeds leds;
    final SimKeys keys;
    final SimHook hook;
    final SimDisplay display;
    final SimSound sound;
    final SimNetworkPort network;
    final SimFlash flash;
    final SimEntropy entropy;
    final SimLogPort logPort;

    private volatile int state = OFF;
    private volatile boolean powerOffRequested;
    /** The flash block of the image the bootloader asked to start at the next power-up of the CPU, or -1. */
    private int startBlock = -1;
    private volatile Thread world;
    private Thread firmwareThread;
    private Throwable crash;

    /** The world's time, set by the world before each resume. */
    long nowUs;
    /** Interrupt lines raised and not yet delivered. */
    int pending;
    /** The lines that woke the firmware last. */
    private int wakeMask;
    Upcalls upcalls;

    private int boots;
    private int sleeps;
    private long allocationAtMissionStart = -1;
    private volatile long missionAllocatedBytes;
    private volatile boolean inMission;

    /**
     * @param config how the phone is built
     * @param image the firmware to run
     * @param boardFactory makes the board (the wiring class) over this hardware at every power-up
     */
    public SimPhone(Config config, FirmwareImage image, Function<SimPhone, Board> boardFactory) {
        this.config = config;
        this.image = image;
        this.boardFactory = boardFactory;
        cpu = new SimCpu(this);
        clock = new SimClock(this);
        wallClock = new SimWallClock(this);
        leds = new SimLeds(this);
        keys = new SimKeys(this);
        hook = new SimHook(this);
        display = new SimDisplay(this);
        sound = new SimSound(this, config.sizes.soundBlocks(), config.sizes.soundBlockSamples());
        network = new SimNetworkPort(this, config.sizes.netFrames(), config.sizes.netFrameBytes());
        flash = new SimFlash(this);
        entropy = new SimEntropy(config.seed);
        logPort = new SimLogPort(this);
    }

    // ------------------------------------------------------------------ the devices, for the board class

    public SimCpu cpu() { return cpu; }
    public SimClock clock() { return clock; }
    public SimWallClock wallClock() { return wallClock; }
    public SimLeds leds() { return leds; }
    public SimKeys keys() { return keys; }
    public SimHook hook() { return hook; }
    public SimDisplay display() { return display; }
    public SimSound sound() { return sound; }
    public SimNetworkPort network() { return network; }
    public SimFlash flash() { return flash; }
    public SimEntropy entropy() { return entropy; }
    public SimLogPort logPort() { return logPort; }

    /** The phone's name. */
    public String name() {
        return config.name;
    }

    /** The board's sizes. */
    public Sizes sizes() {
        return config.sizes;
    }

    /** Called by the board's {@code attach}: from now on upcalls are delivered. Firmware thread. */
    public void attach(Upcalls target) {
        upcalls = target;
    }

    // ------------------------------------------------------------------ world side

    /**
     * Powers the phone up at time {@code nowUs} and runs its init and main loop until it first sleeps. After a power
     * cut ({@link #cutPower()}, or a flash operation power failed at) this powers it up again: the flash keeps its
     * contents, everything else starts from reset, the firmware from its reset entry.
     *
     * @throws SimulationException when the firmware crashes or hangs
     */
    public void start(long timeUs) {
        if (state != OFF) {
            throw new IllegalStateException(config.name + " is already on");
        }
        if (firmwareThread != null) {
            recordFromWorld(TraceRing.POWER, 1);
        }
        nowUs = Math.max(nowUs, timeUs);
        powerOffRequested = false;
        crash = null;
        startBlock = -1;
        world = Thread.currentThread();
        firmwareThread = new Thread(this::firmwareMain, "firmware-" + config.name);
        firmwareThread.setDaemon(true);
        state = RUNNING;
        firmwareThread.start();
        awaitHandOff();
    }

    /** Whether the phone has stopped for good (crashed or powered off). */
    public boolean isHalted() {
        return state == HALTED;
    }

    /** Whether the phone is without power and may be powered on again ({@link #start}): not yet started, or cut. */
    public boolean isOff() {
        return state == OFF;
    }

    /** The exception that stopped the firmware, or null. */
    public Throwable crash() {
        return crash;
    }

    /** The earliest time at which the hardware needs the world: now if an interrupt is pending. */
    public long nextEventUs() {
        if (state == HALTED || state == OFF) {
            return Long.MAX_VALUE;
        }
        if (pending != 0 && upcalls != null) {
            return nowUs;
        }
        long next = clock.alarmUs();
        next = Math.min(next, sound.nextDmaUs());
        next = Math.min(next, flash.nextEventUs());
        return next;
    }

    /** Advances the hardware to {@code timeUs}: raises the alarm, moves sound blocks. World thread. */
    public void advanceTo(long timeUs, Speaker speaker, Microphone microphone) {
        if (timeUs > nowUs) {
            nowUs = timeUs;
        }
        clock.advance();
        flash.advance();
        sound.advance(speaker, microphone);
    }

    /** Whether an interrupt waits for the firmware. */
    public boolean hasPending() {
        return pending != 0 && upcalls != null && state == ASLEEP;
    }

    /**
     * Lets the firmware run until it sleeps again (taking any pending interrupts on the way). World thread.
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
     * Cuts the power now, while the firmware sleeps: the firmware stops where it is, an erase still running leaves its
     * unit undefined (see {@link SimFlash}), and the phone stays off until {@link #start} powers it on again. World
     * thread.
     */
    public void cutPower() {
        if (state != ASLEEP) {
            return;
        }
        flash.powerCut();
        stopFirmware();
        upcalls = null;
        pending = 0;
        state = OFF;
        recordFromWorld(TraceRing.POWER, 0);
    }

    /** Records a world-side fact while the firmware is stopped; the ring is drained after every run, so it fits. */
    private void recordFromWorld(int kind, int a) {
        if (trace.fits(0)) {
            trace.add(nowUs, kind, a, 0, 0, null, 0, 0);
        }
    }

    private void stopFirmware() {
        world = Thread.currentThread();
        powerOffRequested = true;
        state = RUNNING;
        LockSupport.unpark(firmwareThread);
        try {
            firmwareThread.join(config.watchdogMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHandOff() {
        long deadline = System.nanoTime() + config.watchdogMs * 1_000_000L;
        for (;;) {
            int s = state;
            if (s == ASLEEP || s == HALTED || s == OFF) {
                break;
            }
            if (s == FLUSH) {
                onFlush.run();
                state = RUNNING;
                LockSupport.unpark(firmwareThread);
                deadline = System.nanoTime() + config.watchdogMs * 1_000_000L;
                continue;
            }
            LockSupport.parkNanos(this, 20_000_000L);
            if (System.nanoTime() > deadline && state == RUNNING) {
                StackTraceElement[] stack = firmwareThread.getStackTrace();
                SimulationException hang = new SimulationException(config.name + ": the firmware ran for "
                    + config.watchdogMs + " ms of host time without sleeping (an endless loop?)");
                hang.setStackTrace(stack);
                throw hang;
            }
        }
        if (state == HALTED && crash != null) {
            throw new SimulationException(config.name + ": the firmware crashed: " + crash, crash);
        }
    }

    /** What the world does when the firmware's trace or transmit queue is full: drain them. */
    private Runnable onFlush = () -> { };

    /** Sets what the world does to drain the phone's queues when they fill up while the firmware runs. */
    public void onFlush(Runnable drain) {
        onFlush = drain;
    }

    /** The trace records since the last {@link TraceRing#clear()}. World thread. */
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

    /**
     * Bytes the firmware thread allocated since its main loop started (up to its last sleep), or -1 before the main
     * loop started.
     */
    public long missionAllocatedBytes() {
        return inMission ? missionAllocatedBytes : -1;
    }

    // ------------------------------------------------------------------ firmware side

    private void firmwareMain() {
        boolean failed = false;
        for (;;) {
            boolean again;
            try {
                boots++;
                resetHardware();
                Board board = boardFactory.apply(this);
                int block = startBlock;
                startBlock = -1;
                Runnable mission = block >= 0 ? image.start(board, block) : image.init(board);
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
            }
            inMission = false;
            if (!again) {
                break;
            }
            if (startBlock >= 0) {
                recordTrace(TraceRing.START, startBlock, 0, 0, null, 0, 0);
            } else {
                recordTrace(TraceRing.REBOOT, 0, 0, 0, null, 0, 0);
            }
        }
        if (failed) {
            upcalls = null;
            pending = 0;
            recordTrace(TraceRing.POWER, 0, 0, 0, null, 0, 0);
        }
        state = failed ? OFF : HALTED;
        LockSupport.unpark(world);
    }

    private void resetHardware() {
        upcalls = null;
        pending = 0;
        flash.reset();
        clock.reset();
        leds.reset();
        display.reset();
        sound.reset();
        network.reset(config.linkUp);
        keys.reset();
    }

    /** Raises interrupt lines (from the world, or from the hardware itself on the firmware thread). */
    void raise(int lines) {
        pending |= lines;
    }

    /** Runs the upcalls of every pending line; firmware thread, outside critical regions. */
    boolean deliverInterrupts() {
        Upcalls target = upcalls;
        int lines = pending;
        if (lines == 0 || target == null) {
            return false;
        }
        pending = 0;
        wakeMask |= lines;
        if ((lines & P_ALARM) != 0) {
            target.onAlarm();
        }
        if ((lines & P_INPUT) != 0) {
            keys.deliver(target);
        }
        if ((lines & P_SOUND) != 0) {
            sound.deliver(target);
        }
        if ((lines & P_NET) != 0) {
            network.deliver(target);
        }
        return true;
    }

    /** The sleep of the firmware: hand control to the world and wait to be resumed. Firmware thread. */
    void sleep(int depth) {
        if (deliverInterrupts()) {
            return;
        }
        sleeps++;
        missionAllocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocationAtMissionStart;
        recordTrace(TraceRing.SLEEP, depth, 0, 0, null, 0, 0);
        handOff(ASLEEP);
        wakeMask = 0;
        int lines = pending;
        deliverInterrupts();
        recordTrace(TraceRing.WAKE, lines, 0, 0, null, 0, 0);
    }

    /** Unwinds the firmware for a reboot. Firmware thread. */
    void reboot() {
        powerOff.reboot = true;
        throw powerOff;
    }

    /** Unwinds the firmware and starts the image at flash block {@code block} instead of the reset entry. */
    void startImage(int block) {
        startBlock = block;
        powerOff.reboot = true;
        throw powerOff;
    }

    /** Power failed in the middle of a flash operation: the firmware stops and the phone is off. Firmware thread. */
    void powerFailure() {
        powerOff.reboot = false;
        powerOff.failure = true;
        throw powerOff;
    }

    /**
     * Notes in the trace what the firmware image that starts now is ({@code cpu start} with this text); for the
     * {@link FirmwareImage} when the bootloader started it. Firmware thread, during init.
     */
    public void noteImage(byte[] text, int off, int len) {
        recordTrace(TraceRing.IMAGE, 0, 0, 0, text, off, len);
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

    /** Records what the firmware did, draining through the world when the ring is full. Firmware thread. */
    void recordTrace(int kind, int a, int b, int c, byte[] payload, int off, int len) {
        if (!trace.fits(len)) {
            handOff(FLUSH);
        }
        trace.add(nowUs, kind, a, b, c, payload, off, len);
    }

    /** Asks the world to drain the phone's queues now (the transmit queue is full). Firmware thread. */
    void flush() {
        handOff(FLUSH);
    }
}
