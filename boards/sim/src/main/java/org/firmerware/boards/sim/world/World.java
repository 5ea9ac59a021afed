package org.firmerware.boards.sim.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.firmerware.boards.sim.SimBoard;
import org.firmerware.boards.sim.hw.FirmwareImage;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.hw.Speaker;
import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Leds;

/**
 * The virtual world of simulated phones: virtual time, the LAN between them, scripted events, and the trace.
 *
 * <h2>Virtual time</h2>
 * Time stands still while a phone's firmware runs and jumps, while every phone sleeps, straight to the next thing that
 * happens: an alarm, a sound block, a scripted event, a frame. An hour of an idle phone passes in milliseconds, and
 * every run with the same inputs gives the same trace.
 *
 * <h2>Real time</h2>
 * After {@link #useRealTime()}, virtual time follows the host's monotonic clock instead: it still stands still while
 * a firmware runs, but while every firmware sleeps the world waits, in real time, until the next event is due or
 * until another thread {@link #post}s something (a frame from a real network, say). Events are still handled in
 * order at their own times, so virtual time may lag the host clock for a moment after a long firmware run, but never
 * runs ahead of it. This is the mode for attaching a phone to a real network; it is neither fast nor repeatable.
 *
 * <h2>Threads</h2>
 * One thread (the "world thread") calls everything here, except {@link #post} and {@link #stop}, which any thread may
 * call. Posted actions run on the world thread between firmware runs, never while a firmware runs, so lockstep holds:
 * the phones' hardware is touched only by the world thread while their firmware sleeps.
 */
public final class World {

    private record Action(long timeUs, long seq, Runnable action) {
    }

    /** One phone and what listens to it. */
    private static final class Slot {
        final Phone phone;
        final ToneAnalyser tone;
        final MicFeed mic = new MicFeed();
        final Speaker speaker;
        SoundRecorder recorder;
        boolean started;

        Slot(Phone phone, ToneAnalyser tone) {
            this.phone = phone;
            this.tone = tone;
            this.speaker = (p, channel, device, volume, rate, samples, off, len, timeUs) -> {
                tone.played(device, rate, samples, off, len, timeUs);
                if (recorder != null) {
                    recorder.played(rate, samples, off, len, timeUs);
                }
            };
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final List<TraceSink> sinks = new ArrayList<>();
    private final PriorityQueue<Action> actions = new PriorityQueue<>((a, b) ->
        a.timeUs != b.timeUs ? Long.compare(a.timeUs, b.timeUs) : Long.compare(a.seq, b.seq));
    private final Lan lan = new Lan(this);
    private long nowUs;
    private long seq;
    private long wakeUps;
    private boolean finished;

    // Real time: virtual time realOriginUs was host time realOriginNanos (System.nanoTime) and wall clock
    // realOriginEpochUs.
    private boolean realTime;
    private boolean anchored;
    private long realOriginUs;
    private long realOriginNanos;
    private long realOriginEpochUs;
    /** The longest wait in one piece; a post or stop ends a wait at once anyway. */
    private static final long MAX_WAIT_NANOS = 1_000_000_000L;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread worldThread;
    private volatile boolean stopRequested;

    /** The current virtual time in microseconds since the start. */
    public long nowUs() {
        return nowUs;
    }

    /**
     * Switches to real time (see the class comment): from the first run on, virtual time follows the host's monotonic
     * clock. Call before the first run.
     */
    public void useRealTime() {
        if (anchored || nowUs != 0 || wakeUps != 0) {
            throw new IllegalStateException("switch to real time before the world first runs");
        }
        realTime = true;
    }

    /** Whether virtual time follows the host's clock. */
    public boolean isRealTime() {
        return realTime;
    }

    /**
     * Runs {@code action} on the world thread as soon as every firmware sleeps, at the virtual time of that moment.
     * Thread-safe: this is how other threads (a bridge's reader, a test) hand things to the world. In real time a
     * waiting world wakes at once; in virtual time the action runs at the world's next step, without moving time.
     * Actions run in the order they were posted, only while the world runs.
     */
    public void post(Runnable action) {
        inbox.add(action);
        Thread t = worldThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Makes the current run, and every later one, return as soon as every firmware sleeps (time does not advance to
     * the run's end). Thread-safe, for Ctrl-C and for tests that run the world on a thread of its own.
     */
    public void stop() {
        stopRequested = true;
        Thread t = worldThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopped() {
        return stopRequested;
    }

    /**
     * The time to stamp captures with: virtual time since the start, or in real time the host's wall clock (so a
     * capture lines up with one taken at the same time by tcpdump on the real network).
     */
    public long captureTimeUs() {
        return realTime && anchored ? realOriginEpochUs + nowUs - realOriginUs : nowUs;
    }

    /** The LAN every phone's Ethernet port is plugged into. */
    public Lan lan() {
        return lan;
    }

    /** Adds a trace sink; events go to every sink in the order they were added. */
    public void addSink(TraceSink sink) {
        sinks.add(sink);
    }

    /** Adds a simulated phone of the board {@code sim}; it powers up when the world first runs. */
    public SimPhone addPhone(SimPhone.Config config, FirmwareImage image) {
        return add(new SimPhone(config, image, SimBoard::new));
    }

    /**
     * Adds a phone of any kind (the board {@code sim}'s, or a register-level simulator of a real board); it powers up
     * when the world first runs.
     *
     * @return {@code phone}
     */
    public <P extends Phone> P add(P phone) {
        for (Slot s : slots) {
            if (s.phone.name().equals(phone.name())) {
                throw new IllegalArgumentException("a phone named " + phone.name() + " exists already");
            }
        }
        Slot slot = new Slot(phone, new ToneAnalyser(phone.name(), this::emit));
        phone.onFlush(() -> drain(slot));
        lan.attach(phone);
        slots.add(slot);
        return phone;
    }

    /** The phones, in the order they were added. */
    public List<Phone> phones() {
        List<Phone> list = new ArrayList<>();
        for (Slot s : slots) {
            list.add(s.phone);
        }
        return list;
    }

    /** The phone of that name. */
    public Phone phone(String name) {
        return slot(name).phone;
    }

    private Slot slot(String name) {
        for (Slot s : slots) {
            if (s.phone.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no phone named " + name);
    }

    private Slot slot(Phone phone) {
        for (Slot s : slots) {
            if (s.phone == phone) {
                return s;
            }
        }
        throw new IllegalArgumentException("phone " + phone.name() + " is not in this world");
    }

    /**
     * Powers a phone on now: one that is off because its power was cut, or one not yet started. The flash keeps its
     * contents; the firmware starts at its reset entry. World thread (in an {@link #at} action, say).
     */
    public void powerOn(Phone phone) {
        Slot s = slot(phone);
        s.started = true;
        s.phone.start(nowUs);
        drain(s);
    }

    /** Cuts a phone's power now (see {@link Phone#cutPower()}); {@link #powerOn} brings it back. World thread. */
    public void cutPower(Phone phone) {
        Slot s = slot(phone);
        phone.cutPower();
        drain(s);
    }

    /** Runs {@code action} on the world thread at virtual time {@code timeUs} (now if that is past). */
    public void at(long timeUs, Runnable action) {
        actions.add(new Action(Math.max(timeUs, nowUs), seq++, action));
    }

    /** Feeds a WAV file into a phone's microphones from virtual time {@code startUs}. */
    public void feedMicrophone(Phone phone, long startUs, WavFile wav) {
        slot(phone).mic.add(startUs, wav);
    }

    /** Records everything a phone plays, to be written as a WAV file by {@link #finish()}. */
    public void recordSpeaker(Phone phone, Path wavFile) {
        slot(phone).recorder = new SoundRecorder(wavFile);
    }

    /** How many times the firmware of all phones was woken. */
    public long wakeUps() {
        return wakeUps;
    }

    /**
     * Runs the world for {@code durationUs} of virtual time (in real time: of host time from now; pass
     * {@link Long#MAX_VALUE} to run until {@link #stop()}), powering up phones that are still off.
     *
     * @throws org.firmerware.boards.sim.hw.SimulationException when a firmware crashes or hangs
     */
    public void runMicros(long durationUs) {
        worldThread = Thread.currentThread();
        long start = nowUs;
        if (realTime && !anchored) {
            anchored = true;
            realOriginUs = nowUs;
            realOriginNanos = System.nanoTime();
            realOriginEpochUs = System.currentTimeMillis() * 1000;
        } else if (realTime) {
            start = Math.max(nowUs, realNowUs());
        }
        long end = saturatedAdd(start, durationUs);
        for (Slot s : slots) {
            if (!s.started) {
                s.started = true;
                s.phone.start(nowUs);
                drain(s);
            }
        }
        for (;;) {
            if (stopRequested) {
                return;
            }
            long next = Long.MAX_VALUE;
            if (!actions.isEmpty()) {
                next = actions.peek().timeUs;
            }
            for (Slot s : slots) {
                next = Math.min(next, s.phone.nextEventUs());
            }
            boolean input = !inbox.isEmpty();
            long step;
            if (realTime) {
                long due = Math.min(next, end);
                long real = realNowUs();
                if (due > real && !input) {
                    long waitUs = due - real;
                    LockSupport.parkNanos(this, waitUs >= MAX_WAIT_NANOS / 1000 ? MAX_WAIT_NANOS : waitUs * 1000);
                    continue;
                }
                step = Math.min(due, real);
                if (next > end && step >= end && !input) {
                    break;
                }
            } else if (input) {
                step = nowUs;
            } else if (next > end || next == Long.MAX_VALUE) {
                break;
            } else {
                step = next;
            }
            if (step > nowUs) {
                nowUs = step;
            }
            for (Slot s : slots) {
                advance(s);
            }
            for (Runnable r; (r = inbox.poll()) != null; ) {
                r.run();
            }
            while (!actions.isEmpty() && actions.peek().timeUs <= nowUs) {
                actions.poll().action.run();
            }
            for (Slot s : slots) {
                if (s.phone.hasPending()) {
                    s.phone.resume();
                    drain(s);
                }
            }
        }
        if (end != Long.MAX_VALUE) {
            nowUs = Math.max(nowUs, end);
        }
        for (Slot s : slots) {
            advance(s);
        }
    }

    /** Host time as virtual time (real time only). */
    private long realNowUs() {
        return realOriginUs + (System.nanoTime() - realOriginNanos) / 1000;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private void advance(Slot s) {
        s.phone.advanceTo(nowUs, s.speaker, s.mic);
    }

    /** Powers every phone off, then writes and closes every output. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        for (Slot s : slots) {
            s.phone.powerOff();
            drain(s);
        }
        for (Slot s : slots) {
            if (s.recorder != null) {
                s.recorder.write();
            }
        }
        for (TraceSink sink : sinks) {
            sink.close();
        }
    }

    /** Sends an event to every sink. */
    void emit(TraceEvent event) {
        for (TraceSink sink : sinks) {
            sink.event(event);
        }
    }

    /** Takes what the phone did since the last drain: its trace records and its sent frames. */
    private void drain(Slot s) {
        Phone phone = s.phone;
        TraceRing ring = phone.trace();
        for (int i = 0; i < ring.size(); i++) {
            if (ring.kind(i) == TraceRing.WAKE) {
                wakeUps++;
            }
            TraceEvent e = describe(phone.name(), ring, i);
            if (e != null) {
                emit(e);
            }
        }
        ring.clear();
        phone.network().drainSent((frame, off, len) -> lan.sentBy(phone, frame, off, len));
    }

    private static TraceEvent describe(String device, TraceRing r, int i) {
        long t = r.timeUs(i);
        int a = r.a(i);
        int b = r.b(i);
        switch (r.kind(i)) {
            case TraceRing.LED:
                return new TraceEvent(t, device, "led", ledName(a), colourName(b));
            case TraceRing.TEXT:
                return new TraceEvent(t, device, "display", "text", org.firmerware.boards.sim.hw.SimDisplay.read(
                    r.payload(i)));
            case TraceRing.TIME:
                return new TraceEvent(t, device, "display", "time", String.format("%d%s%02d", a, r.c(i) != 0 ? ":" : " ", b));
            case TraceRing.TIME_OFF:
                return new TraceEvent(t, device, "display", "time", "off");
            case TraceRing.SYMBOL:
                return new TraceEvent(t, device, "display", symbolName(a), b != 0 ? "on" : "off");
            case TraceRing.BAR:
                return new TraceEvent(t, device, "display", "bar", Integer.toString(a));
            case TraceRing.ROUTE:
                return new TraceEvent(t, device, "sound", "route", ToneAnalyser.deviceName(b));
            case TraceRing.VOLUME:
                return new TraceEvent(t, device, "sound", "volume", Integer.toString(b));
            case TraceRing.SOUND_CONFIG:
                return new TraceEvent(t, device, "sound", "config", b + " Hz, " + r.c(i) + " samples per block");
            case TraceRing.CONSOLE:
                return new TraceEvent(t, device, "console", "log", new String(r.payload(i),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            case TraceRing.SLEEP:
                return new TraceEvent(t, device, "cpu", "sleep", a == Cpu.HIBERNATE ? "hibernate" : "snooze");
            case TraceRing.WAKE:
                return new TraceEvent(t, device, "cpu", "wake", wakeReasons(a));
            case TraceRing.REBOOT:
                return new TraceEvent(t, device, "cpu", "reboot", "");
            case TraceRing.START:
                return new TraceEvent(t, device, "cpu", "start", "block " + a);
            case TraceRing.IMAGE:
                return new TraceEvent(t, device, "cpu", "image", new String(r.payload(i),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            case TraceRing.POWER:
                return new TraceEvent(t, device, "cpu", "power", a != 0 ? "on" : "cut");
            case TraceRing.WATCHDOG:
                return new TraceEvent(t, device, "cpu", "watchdog", "reset");
            default:
                return null;
        }
    }

    /** The trace's name for it (also for boards whose traces are made outside the simulator). */
    public static String ledName(int led) {
        switch (led) {
            case Leds.MESSAGE: return "message";
            case Leds.HANDSET: return "handset";
            case Leds.SPEAKER: return "speaker";
            case Leds.BACKLIGHT: return "backlight";
            case Leds.HEADSET: return "headset";
            case Leds.MUTE: return "mute";
            default: return "line" + (led - Leds.LINE1 + 1);
        }
    }

    /** The trace's name for it (also for boards whose traces are made outside the simulator). */
    public static String colourName(int colour) {
        switch (colour) {
            case Leds.OFF: return "off";
            case Leds.GREEN: return "on";
            case Leds.RED: return "red";
            default: return "amber";
        }
    }

    /** The trace's name for it (also for boards whose traces are made outside the simulator). */
    public static String symbolName(int symbol) {
        switch (symbol) {
            case Display.SYMBOL_AM: return "am";
            case Display.SYMBOL_PM: return "pm";
            case Display.SYMBOL_LOCK: return "lock";
            case Display.SYMBOL_ALARM: return "alarm";
            case Display.SYMBOL_FORWARD: return "forward";
            case Display.SYMBOL_NETWORK: return "network";
            case Display.SYMBOL_BINARY: return "binary";
            case Display.SYMBOL_GLYPH1: return "glyph1";
            default: return "glyph2";
        }
    }

    static String wakeReasons(int lines) {
        StringBuilder b = new StringBuilder();
        String[] names = {"alarm", "input", "sound", "network"};
        for (int i = 0; i < names.length; i++) {
            if ((lines & 1 << i) != 0) {
                b.append(b.length() > 0 ? "," : "").append(names[i]);
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    /** The key class of a key code as the BT200 matrix reports it. */
    static int keyClass(int code) {
        return code >= '0' && code <= '9' || code == '*' || code == '#' ? Buttons.DTMF : Buttons.FIXED_FUNCTION;
    }
}
