package org.firmerware.kernel;

import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Hook;
import org.firmerware.bottom.hal.Polled;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.bottom.hal.Watchdog;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.flash.TrialBoot;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.time.TimerQueue;
import org.firmerware.kernel.time.WatchdogKeeper;
import org.firmerware.kernel.ui.Lights;
import org.firmerware.kernel.ui.Screen;

/**
 * The kernel: the top half's shared core on one board. It receives every upcall of the board, turns each into an event
 * for the main loop, and runs the main loop that fires events and sleeps when there is nothing to do.
 *
 * <h2>Life cycle</h2>
 * <pre>
 *   Kernel kernel = Kernel.boot(board, top);   // init: the kernel, then the top, allocate everything
 *   kernel.run();                              // mission: the main loop, for ever, allocating nothing
 * </pre>
 *
 * <h2>Where upcalls go</h2>
 * Keys and the hook switch go through a small ring to the top's {@link KeyHandler} and {@link HookHandler} in the order
 * they happened (NORMAL priority); sound blocks to its {@link SoundHandler} (REALTIME); the network port to the
 * {@link NetworkHandler} (HIGH); the alarm to the {@link TimerQueue} (REALTIME). Devices that need polling are polled
 * by a kernel timer only while they ask for it.
 */
public final class Kernel implements Upcalls {

    /** The kernel snoozes rather than hibernates when the next timer is due sooner than this. */
    public static final int HIBERNATE_MIN_MS = 20;
    /** Key and hook changes that can wait in the input ring; more are dropped and counted. */
    public static final int INPUT_RING = 16;

    private static final int INPUT_PRESS = 1, INPUT_RELEASE = 2, INPUT_HOOK = 3;

    private final Board board;
    private final Cpu cpu;
    private final Clock clock;
    private final Scheduler scheduler;
    private final TimerQueue timers;
    private final Lights lights;
    private final Screen screen;
    private final Log log;

    private KeyHandler keyHandler;
    private HookHandler hookHandler;
    private SoundHandler soundHandler;
    private NetworkHandler networkHandler;

    // Input ring, written by upcalls and read by the input event.
    private final int[] inputKind = new int[INPUT_RING];
    private final int[] inputClass = new int[INPUT_RING];
    private final int[] inputCode = new int[INPUT_RING];
    private int inputHead;
    private int inputTail;
    private int inputDropped;

    // Sound and network facts, written by upcalls.
    private int soundPlayReady;
    private int soundRecordReady;
    private boolean framesWaiting;
    private boolean sendRoom;
    private boolean linkChanged;
    private boolean online;

    private final Event inputEvent;
    private final Event soundEvent;
    private final Event networkEvent;
    private final Timer pollTimer;
    private boolean attached;
    private boolean bootloader;
    private int sleeps;

    /**
     * Boots the firmware's init phase: creates the kernel on the board, lets the top allocate and register, then
     * enables upcalls. Init only.
     */
    public static Kernel boot(Board board, Top top) {
        Kernel kernel = new Kernel(board);
        top.init(kernel);
        kernel.start();
        return kernel;
    }

    /** Creates the kernel on a board; {@link #start()} enables it. Init only. */
    public Kernel(Board board) {
        this.board = board;
        this.cpu = board.cpu();
        this.clock = board.clock();
        this.scheduler = new Scheduler(cpu);
        this.timers = new TimerQueue(clock, scheduler);
        this.lights = new Lights(board.leds(), timers);
        this.screen = new Screen(board.display());
        this.log = new Log(clock, board.logPort(), board.sizes().consoleRingBytes(), board.sizes().consoleLineBytes());
        this.inputEvent = new Event(Priority.NORMAL) {
            @Override
            protected void fire() {
                drainInput();
            }
        };
        this.soundEvent = new Event(Priority.REALTIME) {
            @Override
            protected void fire() {
                dispatchSound();
            }
        };
        this.networkEvent = new Event(Priority.HIGH) {
            @Override
            protected void fire() {
                dispatchNetwork();
            }
        };
        this.pollTimer = new Timer(Priority.NORMAL, new TimerHandler() {
            @Override
            public void onTimer(Timer timer) {
                pollDevices();
            }
        });
        log.begin().text("firmerware kernel on board ").text(board.name()).end();
    }

    /**
     * Says that the top is the bootloader (the reset entry, not a firmware started from a slot): the kernel then does
     * not confirm a firmware slot ({@link TrialBoot}), nor keep the watchdog counting ({@link WatchdogKeeper}: the
     * firmware it starts may be one that does not). Init only.
     */
    public void runsBootloader() {
        bootloader = true;
    }

    /** Enables upcalls and starts polling; the end of init. Called by {@link #boot}. */
    public void start() {
        if (attached) {
            return;
        }
        attached = true;
        Watchdog watchdog = board.watchdog();
        WatchdogKeeper keeper = null;
        if (!bootloader && watchdog != null && board.sizes().watchdogMs() > 0) {
            keeper = new WatchdogKeeper(watchdog, board.sizes().watchdogMs(), timers);
            log.begin().text("watchdog: ").decimal(keeper.countMs() / 1000).text(" s, started again every ")
                .decimal(keeper.periodMs() / 1000).text(" s while the main loop runs").end();
        }
        boolean trial = !bootloader && TrialBoot.hasSlots(board.flash());
        if (keeper != null) {
            keeper.keepFromStart(trial);
        }
        if (trial) {
            new TrialBoot(board.flash(), watchdog, keeper, log, timers);
        }
        board.attach(this);
        online = board.network() != null && board.network().isOnline();
        schedulePolling();
    }

    /** The main loop: fires pending events, highest priority first, and sleeps when none is pending. Never returns. */
    public void run() {
        for (;;) {
            if (scheduler.runOne()) {
                continue;
            }
            cpu.prepareSleep();
            if (scheduler.isIdle()) {
                sleeps++;
                cpu.commitSleep(sleepDepth());
            }
        }
    }

    private int sleepDepth() {
        Sound sound = board.sound();
        if (sound != null) {
            for (int ch = 0; ch < sound.channelCount(); ch++) {
                if (sound.routed(ch) != Sound.DEVICE_NONE) {
                    return Cpu.SNOOZE;
                }
            }
        }
        if (timers.hasTimers() && timers.nextExpiryMs() - clock.now() < HIBERNATE_MIN_MS) {
            return Cpu.SNOOZE;
        }
        return Cpu.HIBERNATE;
    }

    // ---------------------------------------------------------------- what tops use

    /** The board. */
    public Board board() {
        return board;
    }

    /** The board's clock. */
    public Clock clock() {
        return clock;
    }

    /** The event scheduler. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The timer queue. */
    public TimerQueue timers() {
        return timers;
    }

    /** Light patterns. */
    public Lights lights() {
        return lights;
    }

    /** Display levels. */
    public Screen screen() {
        return screen;
    }

    /** The console log. */
    public Log log() {
        return log;
    }

    /** Where keys go (one handler; null to ignore keys). */
    public void setKeyHandler(KeyHandler handler) {
        keyHandler = handler;
    }

    /** Where hook changes go (one handler; null to ignore them). */
    public void setHookHandler(HookHandler handler) {
        hookHandler = handler;
    }

    /** Where sound-channel readiness goes. */
    public void setSoundHandler(SoundHandler handler) {
        soundHandler = handler;
    }

    /** Where the network port's events go (the network core). */
    public void setNetworkHandler(NetworkHandler handler) {
        networkHandler = handler;
    }

    /** Whether the handset is lifted (false on a board without a hook switch). */
    public boolean isOffHook() {
        Hook hook = board.hook();
        return hook != null && hook.isOffHook();
    }

    /** Whether the network link is up, as last reported by the port. */
    public boolean isOnline() {
        return online;
    }

    /** How many times the main loop went to sleep since init: the wake-up count. */
    public int sleepCount() {
        return sleeps;
    }

    /** Key and hook changes dropped because the input ring was full. */
    public int inputDropped() {
        return inputDropped;
    }

    // ---------------------------------------------------------------- upcalls (upcall context: record and return)

    @Override
    public void onAlarm() {
        timers.onAlarmFromUpcall();
    }

    @Override
    public void onButtonPress(int buttonClass, int code) {
        recordInput(INPUT_PRESS, buttonClass, code);
    }

    @Override
    public void onButtonRelease() {
        recordInput(INPUT_RELEASE, 0, 0);
    }

    @Override
    public void onHookChanged(boolean offHook) {
        recordInput(INPUT_HOOK, 0, offHook ? 1 : 0);
    }

    @Override
    public void onCanPlay(int channel) {
        soundPlayReady |= 1 << channel;
        scheduler.postFromUpcall(soundEvent);
    }

    @Override
    public void onCanRecord(int channel) {
        soundRecordReady |= 1 << channel;
        scheduler.postFromUpcall(soundEvent);
    }

    @Override
    public void onCanReceive() {
        framesWaiting = true;
        scheduler.postFromUpcall(networkEvent);
    }

    @Override
    public void onCanSend() {
        sendRoom = true;
        scheduler.postFromUpcall(networkEvent);
    }

    @Override
    public void onOnline() {
        online = true;
        linkChanged = true;
        scheduler.postFromUpcall(networkEvent);
    }

    @Override
    public void onOffline() {
        online = false;
        linkChanged = true;
        scheduler.postFromUpcall(networkEvent);
    }

    private void recordInput(int kind, int buttonClass, int code) {
        int next = (inputHead + 1) % INPUT_RING;
        if (next == inputTail) {
            inputDropped++;
            return;
        }
        inputKind[inputHead] = kind;
        inputClass[inputHead] = buttonClass;
        inputCode[inputHead] = code;
        inputHead = next;
        scheduler.postFromUpcall(inputEvent);
    }

    // ---------------------------------------------------------------- events (main loop)

    private void drainInput() {
        for (int i = 0; i < INPUT_RING; i++) {
            cpu.enterCritical();
            if (inputTail == inputHead) {
                cpu.leaveCritical();
                break;
            }
            int kind = inputKind[inputTail];
            int buttonClass = inputClass[inputTail];
            int code = inputCode[inputTail];
            inputTail = (inputTail + 1) % INPUT_RING;
            cpu.leaveCritical();
            if (kind == INPUT_HOOK) {
                if (hookHandler != null) {
                    hookHandler.onHook(code != 0);
                }
            } else if (kind == INPUT_PRESS) {
                if (keyHandler != null) {
                    keyHandler.onKeyPressed(buttonClass, code);
                }
            } else if (keyHandler != null) {
                keyHandler.onKeysReleased();
            }
        }
        if (inputTail != inputHead) {
            scheduler.post(inputEvent);
        }
        schedulePolling();
    }

    private void dispatchSound() {
        cpu.enterCritical();
        int play = soundPlayReady;
        int record = soundRecordReady;
        soundPlayReady = 0;
        soundRecordReady = 0;
        cpu.leaveCritical();
        if (soundHandler == null) {
            return;
        }
        for (int ch = 0; ch < 32 && (play | record) >>> ch != 0; ch++) {
            if ((record & 1 << ch) != 0) {
                soundHandler.onRecordReady(ch);
            }
            if ((play & 1 << ch) != 0) {
                soundHandler.onPlayReady(ch);
            }
        }
    }

    private void dispatchNetwork() {
        cpu.enterCritical();
        boolean waiting = framesWaiting;
        boolean room = sendRoom;
        boolean changed = linkChanged;
        boolean up = online;
        framesWaiting = false;
        sendRoom = false;
        linkChanged = false;
        cpu.leaveCritical();
        if (changed) {
            log.begin().text(up ? "network online" : "network offline").end();
        }
        if (networkHandler == null) {
            return;
        }
        if (changed) {
            networkHandler.onLinkChanged(up);
        }
        if (room) {
            networkHandler.onSendRoom();
        }
        if (waiting) {
            networkHandler.onFramesWaiting();
        }
    }

    private void pollDevices() {
        Buttons buttons = board.buttons();
        if (buttons != null && buttons.pollIntervalMs() > 0) {
            buttons.poll();
        }
        Hook hook = board.hook();
        if (hook != null && hook.pollIntervalMs() > 0) {
            hook.poll();
        }
        schedulePolling();
    }

    /** Keeps the poll timer running at the shortest interval any device asks for, and stopped when none asks. */
    private void schedulePolling() {
        int interval = Math.min(pollInterval(board.buttons()), pollInterval(board.hook()));
        if (interval == Integer.MAX_VALUE) {
            if (pollTimer.isRunning()) {
                timers.stop(pollTimer);
            }
        } else if (!pollTimer.isRunning() || Clock.after(pollTimer.expiryMs(), clock.now() + interval)) {
            timers.start(pollTimer, interval);
        }
    }

    private static int pollInterval(Polled device) {
        if (device == null) {
            return Integer.MAX_VALUE;
        }
        int interval = device.pollIntervalMs();
        return interval > 0 ? interval : Integer.MAX_VALUE;
    }
}
