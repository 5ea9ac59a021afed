package org.firmerware.boards.sim.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.firmerware.boards.sim.SimBoard;
import org.firmerware.boards.sim.hw.FirmwareImage;
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
 * <p>Not thread-safe: one thread (the "world thread") calls everything here.
 */
public final class World {

    private record Action(long timeUs, long seq, Runnable action) {
    }

    /** One phone and what listens to it. */
    private static final class Slot {
        final SimPhone phone;
        final ToneAnalyser tone;
        final MicFeed mic = new MicFeed();
        final Speaker speaker;
        SoundRecorder recorder;
        boolean started;

        Slot(SimPhone phone, ToneAnalyser tone) {
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

    /** The current virtual time in microseconds since the start. */
    public long nowUs() {
        return nowUs;
    }

    /** The LAN every phone's Ethernet port is plugged into. */
    public Lan lan() {
        return lan;
    }

    /** Adds a trace sink; events go to every sink in the order they were added. */
    public void addSink(TraceSink sink) {
        sinks.add(sink);
    }

    /** Adds a phone; it powers up when the world first runs. */
    public SimPhone addPhone(SimPhone.Config config, FirmwareImage image) {
        for (Slot s : slots) {
            if (s.phone.name().equals(config.name)) {
                throw new IllegalArgumentException("a phone named " + config.name + " exists already");
            }
        }
        SimPhone phone = new SimPhone(config, image, SimBoard::new);
        Slot slot = new Slot(phone, new ToneAnalyser(config.name, this::emit));
        phone.onFlush(() -> drain(slot));
        lan.attach(phone);
        slots.add(slot);
        return phone;
    }

    /** The phones, in the order they were added. */
    public List<SimPhone> phones() {
        List<SimPhone> list = new ArrayList<>();
        for (Slot s : slots) {
            list.add(s.phone);
        }
        return list;
    }

    /** The phone of that name. */
    public SimPhone phone(String name) {
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

    private Slot slot(SimPhone phone) {
        for (Slot s : slots) {
            if (s.phone == phone) {
                return s;
            }
        }
        throw new IllegalArgumentException("phone " + phone.name() + " is not in this world");
    }

    /** Runs {@code action} on the world thread at virtual time {@code timeUs} (now if that is past). */
    public void at(long timeUs, Runnable action) {
        actions.add(new Action(Math.max(timeUs, nowUs), seq++, action));
    }

    /** Feeds a WAV file into a phone's microphones from virtual time {@code startUs}. */
    public void feedMicrophone(SimPhone phone, long startUs, WavFile wav) {
        slot(phone).mic.add(startUs, wav);
    }

    /** Records everything a phone plays, to be written as a WAV file by {@link #finish()}. */
    public void recordSpeaker(SimPhone phone, Path wavFile) {
        slot(phone).recorder = new SoundRecorder(wavFile);
    }

    /** How many times the firmware of all phones was woken. */
    public long wakeUps() {
        return wakeUps;
    }

    /**
     * Runs the world for {@code durationUs} of virtual time, powering up phones that are still off.
     *
     * @throws org.firmerware.boards.sim.hw.SimulationException when a firmware crashes or hangs
     */
    public void runMicros(long durationUs) {
        long end = nowUs + durationUs;
        for (Slot s : slots) {
            if (!s.started) {
                s.started = true;
                s.phone.start(nowUs);
                drain(s);
            }
        }
        for (;;) {
            long next = Long.MAX_VALUE;
            if (!actions.isEmpty()) {
                next = actions.peek().timeUs;
            }
            for (Slot s : slots) {
                next = Math.min(next, s.phone.nextEventUs());
            }
            if (next > end) {
                break;
            }
            if (next > nowUs) {
                nowUs = next;
            }
            for (Slot s : slots) {
                advance(s);
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
        nowUs = end;
        for (Slot s : slots) {
            advance(s);
        }
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
        SimPhone phone = s.phone;
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
            default:
                return null;
        }
    }

    static String ledName(int led) {
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

    static String colourName(int colour) {
        switch (colour) {
            case Leds.OFF: return "off";
            case Leds.GREEN: return "on";
            case Leds.RED: return "red";
            default: return "amber";
        }
    }

    static String symbolName(int symbol) {
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
