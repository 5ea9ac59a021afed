package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two simulated phones call each other directly, without any server, over their link-local addresses, in virtual
 * time: dialled from the keypad in the direct notation, ringing, answered, ended from either side, cancelled while
 * ringing, and refused busy when every line is in use.
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
        p1 = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", config(lines1)));
        p2 = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", config(lines2)));
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
        assertTrue(logged(p1, "media: line 1 rtp 16384 -> [fe80::ff:fe00:2]:16384 pt 0 ptime 20 dtmf 101"),
            String.join("\n", log(p1)));
        assertTrue(logged(p2, "media: line 1 rtp 16384 -> [fe80::ff:fe00:1]:16384 pt 0 ptime 20 dtmf 101"),
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
        assertTrue(logged(p2, "media: line 1 rtp 16384 -> [fe80::ff:fe00:1]:16384 pt 0 ptime 20 dtmf 101 dir 2"),
            String.join("\n", log(p2)));
        key(p1, Buttons.KEY_HOLD);
        sim.runMs(500);
        assertTrue(logged(p2, "dir 0"), String.join("\n", log(p2)));
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
    }

    @Test
    void aNumberThatIsNotAnAddressIsRefusedOnTheDisplay() {
        start(2, 2);
        hook(p2, true);
        type(p2, "#1#99999");
        key(p2, Buttons.KEY_SEND);
        assertTrue(display(p2).contains("bad number"), display(p2).toString());
    }
}
