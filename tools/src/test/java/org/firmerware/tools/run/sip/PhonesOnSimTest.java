package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two simulated phones call each other directly, without any server, over their link-local addresses, in virtual
 * time: dialled from the keypad in the direct notation, ringing, answered, ended from either side, cancelled while
 * ringing, and refused busy when every line is in use. The media: a 1 kHz tone fed into one phone's microphone is
 * heard at 1 kHz from the other's earpiece, both ways; digits typed in a call arrive as RFC 4733 events, logged and
 * shown; hold and mute silence the call and releasing them brings it back; the dial, ringback, busy and
 * call-waiting tones and the ringer are heard where they should be; with two calls, the selected line is heard.
 */
class PhonesOnSimTest {

    /** {@code #100#} then fe80::ff:fe00:1 as typed: f=#5, e=#4, ':'=*. */
    static final String DIAL_PHONE1 = "#100##5#480**#5#5*#5#400*1";
    static final String DIAL_PHONE2 = "#200##5#480**#5#5*#5#400*2";

    Simulation sim;
    SimPhone p1;
    SimPhone p2;

    static byte[] config(int lines) {
        return ("# test phone\nlines = " + lines + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    void start(int lines1, int lines2) {
        sim = Simulation.of("sim");
        p1 = sim.addPhone(Tops.named("phone"), c -> {
            c.flashContents.put("config", config(lines1));
            c.seed = 11;
        });
        p2 = sim.addPhone(Tops.named("phone"), c -> {
            c.flashContents.put("config", config(lines2));
            c.seed = 22;
        });
        sim.runMs(3_000);
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    void type(SimPhone p, String keys) {
        long t = sim.world().nowUs();
        for (int i = 0; i < keys.length(); i++) {
            int code = keys.charAt(i);
            long at = t + i * 200_000L;
            sim.world().at(at, () -> p.keys().press(Buttons.DTMF, code));
            sim.world().at(at + 100_000, () -> p.keys().release());
        }
        sim.runMs(keys.length() * 200L + 100);
    }

    void key(SimPhone p, int code) {
        sim.world().at(sim.world().nowUs(), () -> p.keys().press(Buttons.FIXED_FUNCTION, code));
        sim.world().at(sim.world().nowUs() + 100_000, () -> p.keys().release());
        sim.runMs(200);
    }

    void hook(SimPhone p, boolean off) {
        sim.world().at(sim.world().nowUs(), () -> p.hook().set(off));
        sim.runMs(100);
    }

    List<String> display(SimPhone p) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : sim.events("display", "text")) {
            if (e.device().equals(p.name())) {
                out.add(e.value());
            }
        }
        return out;
    }

    List<String> log(SimPhone p) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : sim.events("console", "log")) {
            if (e.device().equals(p.name())) {
                out.add(e.value());
            }
        }
        return out;
    }

    boolean logged(SimPhone p, String fragment) {
        return log(p).stream().anyMatch(l -> l.contains(fragment));
    }

    /**
     * What a phone played, as the world's tone analyser heard it, at each change: a device and what it played
     * ("handset 1000 Hz -15 dBFS", "speaker silence"), or the channel routed to nothing ("none silence").
     */
    List<TraceEvent> sound(SimPhone p) {
        // The analyser reports changes only, and a channel routed to nothing plays nothing (no report): when it is
        // routed again, what it plays is the last report until the next one.
        List<TraceEvent> out = new ArrayList<>();
        TraceEvent last = null;
        for (TraceEvent e : sim.events()) {
            if (e.device().equals(p.name()) && e.kind().equals("sound")) {
                if (e.name().equals("route")) {
                    if (e.value().equals("none")) {
                        out.add(new TraceEvent(e.timeUs(), e.device(), e.kind(), "none", "silence"));
                    } else if (last != null) {
                        out.add(new TraceEvent(e.timeUs(), e.device(), e.kind(), last.name(), last.value()));
                    }
                } else if (!e.name().equals("config")) {
                    out.add(e);
                    last = e;
                }
            }
        }
        return out;
    }

    /** What a phone plays at a time: "handset 1000 Hz -15 dBFS", "speaker silence" (the last change). */
    String heard(SimPhone p, long timeUs) {
        String now = "none silence";
        for (TraceEvent e : sound(p)) {
            if (e.timeUs() <= timeUs) {
                now = e.name() + " " + e.value();
            }
        }
        return now;
    }

    /** Whether a phone played {@code regex} (device and value) at some time between two times. */
    boolean heardBetween(SimPhone p, long fromUs, long toUs, String regex) {
        if (heard(p, fromUs).matches(regex)) {
            return true;
        }
        for (TraceEvent e : sound(p)) {
            if (e.timeUs() > fromUs && e.timeUs() <= toUs && (e.name() + " " + e.value()).matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /** The sound events and the log lines of a phone, in time order, for failure messages. */
    String sounds(SimPhone p) {
        StringBuilder b = new StringBuilder();
        for (TraceEvent e : sim.events()) {
            if (e.device().equals(p.name()) && (e.kind().equals("sound") || e.kind().equals("console"))) {
                b.append(String.format("%n%9.3f %s %s %s", e.timeUs() / 1e6, e.kind(), e.name(), e.value()));
            }
        }
        return b.toString();
    }

    /** Feeds a 1 kHz tone at -12 dBFS into a phone's microphone from now + {@code afterMs}, for {@code ms}. */
    void tone(SimPhone p, long afterMs, long ms) {
        sim.world().feedMicrophone(p, sim.world().nowUs() + afterMs * 1000,
            new WavFile(16000, MediaEchoOnSimTest.tone(16000, 1000, 8000, ms / 1000.0)));
    }

    /** 1000 Hz as the analyser gives it (rounded to 10 Hz). */
    static final String KHZ = "(99|100|101)0 Hz .*";
    /** The 425 Hz of the network tones. */
    static final String TONE_425 = "4[23]0 Hz .*";

    String lastDisplay(SimPhone p) {
        List<String> d = display(p);
        return d.get(d.size() - 1);
    }

    @Test
    void aDirectCallIsDialledAnsweredAndEndedByTheCaller() {
        start(2, 2);
        hook(p2, true);
        type(p2, DIAL_PHONE1);
        key(p2, Buttons.KEY_SEND);
        sim.runMs(500);
        assertTrue(logged(p2, "dials sip:100@[fe80::ff:fe00:1]"), String.join("\n", log(p2)));
        assertTrue(display(p1).stream().anyMatch(s -> s.startsWith("call")), display(p1).toString());
        assertEquals("ringing", lastDisplay(p2));
        hook(p1, true);
        sim.runMs(500);
        assertTrue(logged(p2, "line 1 connected"), String.join("\n", log(p2)));
        assertTrue(logged(p1, "media: line 1 rtp 16384 -> [fe80::ff:fe00:2]:16384 PCMU pt 0 ptime 20 dtmf 101 sendrecv"),
            String.join("\n", log(p1)));
        assertTrue(logged(p2, "media: line 1 rtp 16384 -> [fe80::ff:fe00:1]:16384 PCMU pt 0 ptime 20 dtmf 101 sendrecv"),
            String.join("\n", log(p2)));
        sim.runMs(5_000);
        assertTrue(sim.events("display", "time").stream().anyMatch(e -> e.value().equals("00:05")
            || e.value().equals("0:05")), sim.events("display", "time").toString());
        hook(p2, false);
        sim.runMs(1_000);
        assertTrue(logged(p1, "line 1 ended by the other side"), String.join("\n", log(p1)));
        assertTrue(logged(p2, "< [fe80::ff:fe00:1]:5060 SIP/2.0 200 OK"), String.join("\n", log(p2)));
        sim.runMs(4_000);
        assertEquals("ready", lastDisplay(p2));
    }

    @Test
    void theCalleeEndsTheCallAndEitherSideCanHoldAndResume() {
        start(2, 2);
        key(p1, Buttons.KEY_SPEAKER);
        type(p1, DIAL_PHONE2);
        key(p1, Buttons.KEY_SEND);
        sim.runMs(500);
        key(p2, Buttons.KEY_SEND);
        sim.runMs(500);
        assertTrue(logged(p1, "line 1 connected"), String.join("\n", log(p1)));
        key(p1, Buttons.KEY_HOLD);
        sim.runMs(500);
        assertTrue(display(p1).stream().anyMatch(s -> s.startsWith("hold")), display(p1).toString());
        assertTrue(display(p2).stream().anyMatch(s -> s.startsWith("held")), display(p2).toString());
        assertTrue(logged(p2, "media: line 1 rtp 16384 -> [fe80::ff:fe00:1]:16384 PCMU pt 0 ptime 20 dtmf 101 recvonly"),
            String.join("\n", log(p2)));
        int held = log(p2).size();
        key(p1, Buttons.KEY_HOLD);
        sim.runMs(500);
        assertTrue(log(p2).subList(held, log(p2).size()).stream().anyMatch(l -> l.endsWith("dtmf 101 sendrecv")),
            String.join("\n", log(p2)));
        key(p2, Buttons.KEY_SPEAKER);
        sim.runMs(1_000);
        assertTrue(logged(p1, "line 1 ended by the other side"), String.join("\n", log(p1)));
    }

    @Test
    void hangingUpWhileItRingsCancelsTheCall() {
        start(2, 2);
        hook(p2, true);
        type(p2, DIAL_PHONE1);
        key(p2, Buttons.KEY_SEND);
        sim.runMs(1_000);
        hook(p2, false);
        sim.runMs(1_000);
        assertTrue(logged(p2, "> [fe80::ff:fe00:1]:5060 CANCEL sip:100@[fe80::ff:fe00:1] SIP/2.0"),
            String.join("\n", log(p2)));
        assertTrue(logged(p1, "call cancelled by the caller"), String.join("\n", log(p1)));
        assertTrue(logged(p2, "SIP/2.0 487 Request Terminated"), String.join("\n", log(p2)));
        sim.runMs(4_000);
        assertEquals("ready", lastDisplay(p1));
    }

    @Test
    void aPhoneWithEveryLineInUseAnswersBusy() {
        start(1, 2);
        // Phone 1 (one line) is dialling: its line is taken once it calls out; phone 2 calls it from line 1 ...
        hook(p2, true);
        type(p2, DIAL_PHONE1);
        key(p2, Buttons.KEY_SEND);
        sim.runMs(500);
        hook(p1, true);
        sim.runMs(500);
        // ... and then from line 2, while line 1 is connected.
        key(p2, Buttons.KEY_FLASH);
        type(p2, DIAL_PHONE1);
        key(p2, Buttons.KEY_SEND);
        sim.runMs(1_000);
        assertTrue(logged(p2, "SIP/2.0 486 Busy Here"), String.join("\n", log(p2)));
        assertTrue(display(p2).contains("busy"), display(p2).toString());
        // The busy tone: 425 Hz, 0.5 s on, 0.5 s off.
        long busyFrom = sim.world().nowUs() - 800_000;
        sim.runMs(1_500);
        assertTrue(heardBetween(p2, busyFrom, sim.world().nowUs(), "handset " + TONE_425), sounds(p2));
        long changes = sound(p2).stream().filter(e -> e.timeUs() > busyFrom).count();
        assertTrue(changes >= 2, "on and off: " + sounds(p2));
    }

    @Test
    void aToneCrossesTheCallBothWaysDigitsArriveAndHoldAndMuteSilenceIt() {
        start(2, 2);
        hook(p2, true);
        sim.runMs(400);
        assertTrue(heard(p2, sim.world().nowUs()).matches("handset " + TONE_425), "dial tone: " + sounds(p2));
        type(p2, DIAL_PHONE1);
        assertTrue(heard(p2, sim.world().nowUs()).matches(".* silence"), "no dial tone after digits: " + sounds(p2));
        key(p2, Buttons.KEY_SEND);
        long ringAt = sim.world().nowUs();
        sim.runMs(1_500);
        // The caller hears the ringback tone, the callee's speaker rings (1000 and 1333 Hz alternating).
        assertTrue(heardBetween(p2, ringAt, sim.world().nowUs(), "handset " + TONE_425), "ringback: " + sounds(p2));
        assertTrue(heardBetween(p1, ringAt, sim.world().nowUs(), "speaker 1[0-3][0-9]0 Hz .*"), "ringer: "
            + sounds(p1));
        hook(p1, true);
        sim.runMs(300);
        assertTrue(heard(p1, sim.world().nowUs()).startsWith("handset"), sounds(p1));

        // Phone 1 to phone 2, then phone 2 to phone 1: 1 kHz in one microphone, 1 kHz from the other's earpiece.
        long t = sim.world().nowUs();
        tone(p1, 500, 2_000);
        sim.runMs(3_000);
        assertTrue(heardBetween(p2, t + 500_000, t + 800_000, "handset " + KHZ), "phone 2 hears phone 1: "
            + sounds(p2));
        assertTrue(heard(p2, t + 2_400_000).matches("handset " + KHZ), sounds(p2));
        assertEquals("handset silence", heard(p2, sim.world().nowUs()), sounds(p2));
        t = sim.world().nowUs();
        tone(p2, 500, 2_000);
        sim.runMs(3_000);
        assertTrue(heardBetween(p1, t + 500_000, t + 800_000, "handset " + KHZ), "phone 1 hears phone 2: "
            + sounds(p1));
        assertTrue(heard(p1, t + 2_400_000).matches("handset " + KHZ), sounds(p1));

        // Digits typed on phone 2 arrive on phone 1 as RFC 4733 events: logged once each, in order, and shown.
        type(p2, "159#");
        sim.runMs(500);
        List<String> digits = new ArrayList<>();
        for (String l : log(p1)) {
            if (l.startsWith("phone: line 1 received DTMF ")) {
                digits.add(l.substring("phone: line 1 received DTMF ".length()));
            }
        }
        assertEquals(List.of("1", "5", "9", "#"), digits, String.join("\n", log(p1)));
        // (The 7-segment display has no '#': it shows '-'.)
        assertTrue(display(p1).contains("dtmf 159-"), display(p1).toString());

        // Hold on phone 2 (a re-INVITE): phone 2 stops hearing phone 1; resume brings it back. Then mute on phone 1.
        t = sim.world().nowUs();
        tone(p1, 0, 10_000);
        sim.runMs(1_000);
        key(p2, Buttons.KEY_HOLD);
        sim.runMs(1_800);
        key(p2, Buttons.KEY_HOLD);
        sim.runMs(2_000);
        key(p1, Buttons.KEY_MUTE);
        sim.runMs(2_000);
        key(p1, Buttons.KEY_MUTE);
        sim.runMs(2_000);
        assertTrue(heard(p2, t + 800_000).matches("handset " + KHZ), "before hold: " + sounds(p2));
        assertEquals("handset silence", heard(p2, t + 2_700_000), "on hold: " + sounds(p2));
        assertTrue(display(p2).stream().anyMatch(d -> d.startsWith("hold")), display(p2).toString());
        assertTrue(display(p1).stream().anyMatch(d -> d.startsWith("held")), display(p1).toString());
        assertTrue(heard(p2, t + 4_500_000).matches("handset " + KHZ), "resumed: " + sounds(p2));
        assertEquals("handset silence", heard(p2, t + 6_900_000), "muted: " + sounds(p2));
        assertTrue(heard(p2, t + 9_000_000).matches("handset " + KHZ), "unmuted: " + sounds(p2));

        // The speaker key moves phone 1's call to the speaker, and the handset can go down; lifting it again brings
        // the call back to the handset.
        key(p1, Buttons.KEY_SPEAKER);
        hook(p1, false);
        t = sim.world().nowUs();
        tone(p2, 300, 1_000);
        sim.runMs(1_500);
        assertTrue(heard(p1, t + 1_000_000).matches("speaker " + KHZ), "hands-free: " + sounds(p1));
        hook(p1, true);
        t = sim.world().nowUs();
        tone(p2, 300, 1_000);
        sim.runMs(1_500);
        assertTrue(heard(p1, t + 1_000_000).matches("handset " + KHZ), "handset again: " + sounds(p1));

        hook(p2, false);
        sim.runMs(1_000);
        assertTrue(logged(p1, "line 1 ended by the other side"), String.join("\n", log(p1)));
        assertTrue(logged(p1, "rtp: stop, sent "), String.join("\n", log(p1)));
    }

    @Test
    void aSecondCallWaitsOnTheOtherLineAndTheSelectedLineIsHeard() {
        start(2, 2);
        hook(p2, true);
        type(p2, DIAL_PHONE1);
        key(p2, Buttons.KEY_SEND);
        sim.runMs(500);
        hook(p1, true);
        sim.runMs(500);
        // Phone 2 puts line 1 on hold and calls phone 1 again from line 2: phone 1 hears the call-waiting tone over
        // the (held) call on its handset.
        key(p2, Buttons.KEY_FLASH);
        type(p2, DIAL_PHONE1);
        key(p2, Buttons.KEY_SEND);
        long t = sim.world().nowUs();
        sim.runMs(1_500);
        assertTrue(logged(p1, "line 2 incoming call from"), String.join("\n", log(p1)));
        assertTrue(heardBetween(p1, t, sim.world().nowUs(), "handset " + TONE_425), "call waiting: " + sounds(p1));
        // Phone 1 takes line 2 (flash): line 1 goes on hold, line 2 is heard.
        key(p1, Buttons.KEY_FLASH);
        sim.runMs(500);
        assertTrue(logged(p1, "media: line 2 rtp 16386 -> [fe80::ff:fe00:2]:16386 PCMU pt 0 ptime 20 dtmf 101 "
            + "sendrecv"), String.join("\n", log(p1)));
        assertTrue(logged(p1, "media: line 2 heard"), String.join("\n", log(p1)));
        t = sim.world().nowUs();
        tone(p2, 200, 1_500);
        sim.runMs(2_000);
        assertTrue(heard(p1, t + 1_200_000).matches("handset " + KHZ), "line 2 heard: " + sounds(p1));
        // Digits on line 2 arrive on line 2.
        type(p2, "7");
        sim.runMs(300);
        assertTrue(logged(p1, "phone: line 2 received DTMF 7"), String.join("\n", log(p1)));
        // Back to line 1 on phone 1: line 2 is held; phone 2's tone (on its line 2) is no longer heard.
        int before = log(p1).size();
        key(p1, Buttons.KEY_FLASH);
        sim.runMs(500);
        t = sim.world().nowUs();
        tone(p2, 0, 1_500);
        sim.runMs(2_000);
        assertEquals("handset silence", heard(p1, t + 1_200_000), "line 2 held: " + sounds(p1));
        assertTrue(log(p1).subList(before, log(p1).size()).contains("media: line 1 heard, PCMU, sound at 16000 Hz in "
            + "blocks of 320"), String.join("\n", log(p1)));
    }

    @Test
    void aNumberThatIsNotAnAddressIsRefusedOnTheDisplay() {
        start(2, 2);
        hook(p2, true);
        type(p2, "#1#99999");
        key(p2, Buttons.KEY_SEND);
        assertTrue(display(p2).contains("bad number"), display(p2).toString());
    }

    /**
     * A direct call to an address nobody answers address resolution for fails after the three neighbour
     * solicitations (RFC 4861 §7.2.2: about 3 s), not after Timer B's 32 s; one to a port nobody listens on fails at
     * the peer's ICMPv6 port unreachable.
     */
    @Test
    void aCallToAnAddressOrPortThatIsNotThereFailsAtOnceAsUnreachable() {
        start(2, 2);
        hook(p2, true);
        type(p2, "#100##5#480**#5#5*#5#400*9");
        key(p2, Buttons.KEY_SEND);
        long dialled = sim.world().nowUs();
        sim.runMs(5_000);
        assertTrue(logged(p2, "sip: [fe80::ff:fe00:9]:5060 unreachable (code 3), 1 requests failed"),
            String.join("\n", log(p2)));
        assertTrue(logged(p2, "sip: line 1 unreachable"), String.join("\n", log(p2)));
        assertTrue(display(p2).contains("unreachable"), display(p2).toString());
        TraceEvent shown = sim.events("display", "text").stream()
            .filter(e -> e.device().equals(p2.name()) && e.value().equals("unreachable")).findFirst().orElseThrow();
        assertTrue(shown.timeUs() - dialled < 4_000_000, "within 4 s: " + (shown.timeUs() - dialled) + " us");

        hook(p2, false);
        sim.runMs(1_000);
        hook(p2, true);
        type(p2, DIAL_PHONE1 + "##5070");
        key(p2, Buttons.KEY_SEND);
        sim.runMs(1_000);
        assertTrue(logged(p2, "sip: [fe80::ff:fe00:1]:5070 unreachable (code 4), 1 requests failed"),
            String.join("\n", log(p2)));
        assertEquals("unreachable", lastDisplay(p2));
    }
}
