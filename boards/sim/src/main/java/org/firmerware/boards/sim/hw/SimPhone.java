package org.firmerware.boards.sim.hw;

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
public final class SimPhone implements Phone {

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
        /**
         * Flash contents programmed before the phone is first powered: partition name to the bytes that start it (the
         * rest of the partition stays erased), e.g. the SIP phone's {@code config} text ({@code fw run --flash-file}).
         */
        public java.util.Map<String, byte[]> flashContents = new java.util.LinkedHashMap<>();
    }

    /** Pending interrupt lines. */
    static final int P_ALARM = 1, P_INPUT = 2, P_SOUND = 4, P_NET = 8;

    final Config config;
    private final FirmwareImage image;
    private final Function<SimPhone, Board> boardFactory;
    final TraceRing trace = new TraceRing(2048, 64 * 1024);
    private final FirmwareThread cpuThread;

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
    final SimWatchdog watchdog;

    /** The world's time, set by the world before each resume. */
    long nowUs;
    /** Interrupt lines raised and not yet delivered. */
    int pending;
    /** The lines that woke the firmware last. */
    private int wakeMask;
    /** The world reached the watchdog's deadline: the phone resets when it next runs. */
    private boolean watchdogFired;
    Upcalls upcalls;

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
        watchdog = new SimWatchdog(this);
        cpuThread = new FirmwareThread(config.name, config.watchdogMs, trace, new FirmwareThread.Body() {
            @Override
            public long nowUs() {
                return nowUs;
            }

            @Override
            public void resetHardware() {
                SimPhone.this.resetHardware();
            }

            @Override
            public boolean resetsAfter(Throwable crash) {
                return SimPhone.this.resetsAfter(crash);
            }

            @Override
            public boolean resetDue() {
                return SimPhone.this.resetDue();
            }

            @Override
            public Runnable boot(int imageBlock) {
                Board board = boardFactory.apply(SimPhone.this);
                return imageBlock >= 0 ? image.start(board, imageBlock) : image.init(board);
            }
        });
    }

    // ------------------------------------------------------------------ the devices, for the board class

    public SimCpu cpu() { return cpu; }
    public SimClock clock() { return clock; }
    public SimWallClock wallClock() { return wallClock; }
    public SimLeds leds() { return leds; }
    @Override public SimKeys keys() { return keys; }
    @Override public SimHook hook() { return hook; }
    public SimDisplay display() { return display; }
    public SimSound sound() { return sound; }
    @Override public SimNetworkPort network() { return network; }
    public SimFlash flash() { return flash; }
    @Override public byte[] flashMemory() { return flash == null ? null : flash.memory(); }
    public SimEntropy entropy() { return entropy; }
    public SimLogPort logPort() { return logPort; }
    public SimWatchdog watchdog() { return watchdog; }

    /** The phone's name. */
    @Override
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
    @Override
    public void start(long timeUs) {
        nowUs = Math.max(nowUs, timeUs);
        if (cpuThread.wasStarted()) {
            cpuThread.recordFromWorld(nowUs, TraceRing.POWER, 1);
        }
        watchdog.stop();
        watchdogFired = false;
        cpuThread.start();
    }

    /** Whether the phone has stopped for good (crashed or powered off). */
    @Override
    public boolean isHalted() {
        return cpuThread.isHalted();
    }

    /** Whether the phone is without power and may be powered on again ({@link #start}): not yet started, or cut. */
    @Override
    public boolean isOff() {
        return cpuThread.isOff();
    }

    /** The exception that stopped the firmware, or null. */
    @Override
    public Throwable crash() {
        return cpuThread.crash();
    }

    /** The earliest time at which the hardware needs the world: now if an interrupt is pending. */
    @Override
    public long nextEventUs() {
        if (cpuThread.isHalted() || cpuThread.isOff()) {
            return Long.MAX_VALUE;
        }
        if (pending != 0 && upcalls != null || watchdogFired) {
            return nowUs;
        }
        long next = Math.min(clock.alarmUs(), watchdog.deadlineUs());
        next = Math.min(next, sound.nextDmaUs());
        next = Math.min(next, flash.nextEventUs());
        return next;
    }

    /** Advances the hardware to {@code timeUs}: raises the alarm, moves sound blocks. World thread. */
    @Override
    public void advanceTo(long timeUs, Speaker speaker, Microphone microphone) {
        if (timeUs > nowUs) {
            nowUs = timeUs;
        }
        clock.advance();
        flash.advance();
        sound.advance(speaker, microphone);
        if (nowUs >= watchdog.deadlineUs()) {
            watchdog.stop();
            watchdogFired = true;
        }
    }

    /** Whether an interrupt waits for the firmware. */
    @Override
    public boolean hasPending() {
        return (pending != 0 && upcalls != null || watchdogFired) && cpuThread.isAsleep();
    }

    /**
     * Lets the firmware run until it sleeps again (taking any pending interrupts on the way). World thread.
     *
     * @throws SimulationException when the firmware crashes or hangs
     */
    @Override
    public void resume() {
        cpuThread.resume();
    }

    /** Stops the firmware for good; returns when its thread has ended. World thread. */
    @Override
    public void powerOff() {
        cpuThread.powerOff();
    }

    /**
     * Cuts the power now, while the firmware sleeps: the firmware stops where it is, an erase still running leaves its
     * unit undefined (see {@link SimFlash}), and the phone stays off until {@link #start} powers it on again. World
     * thread.
     */
    @Override
    public void cutPower() {
        if (!cpuThread.isAsleep()) {
            return;
        }
        flash.powerCut();
        cpuThread.cutPower();
        upcalls = null;
        pending = 0;
        cpuThread.recordFromWorld(nowUs, TraceRing.POWER, 0);
    }

    /** Sets what the world does to drain the phone's queues when they fill up while the firmware runs. */
    @Override
    public void onFlush(Runnable drain) {
        cpuThread.onFlush(drain);
    }

    /** The trace records since the last {@link TraceRing#clear()}. World thread. */
    @Override
    public TraceRing trace() {
        return trace;
    }

    /** How many times the firmware went to sleep since power-up. */
    @Override
    public int sleepCount() {
        return cpuThread.sleepCount();
    }

    /** How many times the phone powered up (1 + reboots). */
    @Override
    public int bootCount() {
        return cpuThread.bootCount();
    }

    /**
     * Bytes the firmware thread allocated since its main loop started (up to its last sleep), or -1 before the main
     * loop started.
     */
    @Override
    public long missionAllocatedBytes() {
        return cpuThread.missionAllocatedBytes();
    }

    // ------------------------------------------------------------------ firmware side

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
        cpuThread.sleep(nowUs, depth);
        if (resetDue()) {
            cpuThread.reboot();
        }
        wakeMask = 0;
        int lines = pending;
        deliverInterrupts();
        recordTrace(TraceRing.WAKE, lines, 0, 0, null, 0, 0);
    }

    /** Unwinds the firmware for a reboot. Firmware thread. */
    void reboot() {
        watchdog.stop();
        cpuThread.reboot();
    }

    /** Unwinds the firmware and starts the image at flash block {@code block} instead of the reset entry. */
    void startImage(int block) {
        cpuThread.startImage(block);
    }

    /**
     * The firmware crashed: with the watchdog counting, the processor stops (no upcall runs) and the phone waits for
     * the watchdog's reset instead of ending the simulation; the trace shows the crash as a console line. Not for the
     * simulator's own errors.
     */
    private boolean resetsAfter(Throwable crash) {
        // The simulator's own errors (an invalid image started, a hang) end the simulation whatever the watchdog does.
        if (!watchdog.isRunning() || crash instanceof SimulationException) {
            return false;
        }
        upcalls = null;
        pending = 0;
        StackTraceElement[] at = crash.getStackTrace();
        byte[] text = ("panic: " + crash + (at.length > 0 ? " at " + at[0] : ""))
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        recordTrace(TraceRing.CONSOLE, 0, 0, 0, text, 0, Math.min(text.length, 400));
        return true;
    }

    /** Whether the watchdog ran out since the firmware last ran; if so, records its reset. Firmware thread. */
    private boolean resetDue() {
        if (!watchdogFired) {
            return false;
        }
        watchdogFired = false;
        recordTrace(TraceRing.WATCHDOG, 0, 0, 0, null, 0, 0);
        return true;
    }

    /** Power failed in the middle of a flash operation: the firmware stops and the phone is off. Firmware thread. */
    void powerFailure() {
        upcalls = null;
        pending = 0;
        cpuThread.powerFailure();
    }

    /**
     * Notes in the trace what the firmware image that starts now is ({@code cpu start} with this text); for the
     * {@link FirmwareImage} when the bootloader started it. Firmware thread, during init.
     */
    public void noteImage(byte[] text, int off, int len) {
        recordTrace(TraceRing.IMAGE, 0, 0, 0, text, off, len);
    }

    /** Records what the firmware did, draining through the world when the ring is full. Firmware thread. */
    void recordTrace(int kind, int a, int b, int c, byte[] payload, int off, int len) {
        cpuThread.record(nowUs, kind, a, b, c, payload, off, len);
    }

    /** Asks the world to drain the phone's queues now (the transmit queue is full). Firmware thread. */
    void flush() {
        cpuThread.flush();
    }
}
