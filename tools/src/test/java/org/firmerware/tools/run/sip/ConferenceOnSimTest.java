package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.bottom.hal.Buttons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local three-way conference on three simulated phones, no server, virtual time (docs/sip.md, "Conference"): phone 1
 * talks to phone 2, holds it and calls phone 3 on line 2, then presses conference: the held call is resumed and each
 * of the three hears each of the others (phone 1 mixes what it receives for its own earpiece and sends each party the
 * microphone mixed with the other party). Conference again splits it (phone 2 held, no longer heard); hanging up in a
 * conference ends both calls.
 */
class ConferenceOnSimTest {

    final TransferOnSimTest t = new TransferOnSimTest();

    @AfterEach
    void close() {
        t.close();
    }

    /** A 1 kHz tone into {@code speaker}'s microphone: whether each of {@code listeners} hears it on its handset. */
    void assertHeardBy(SimPhone speaker, boolean expected, SimPhone... listeners) {
        PhonesOnSimTest h = t.h;
        long at = h.sim.world().nowUs();
        h.tone(speaker, 200, 1_500);
        h.sim.runMs(2_000);
        for (SimPhone l : listeners) {
            String heard = h.heard(l, at + 1_200_000);
            assertEquals(expected, heard.matches("handset " + PhonesOnSimTest.KHZ), speaker.name() + " heard by "
                + l.name() + ": " + heard + h.sounds(l));
        }
    }

    @Test
    void conferenceJoinsTheHeldCallEveryoneHearsEveryoneAndHangingUpEndsBoth() {
        t.start();
        PhonesOnSimTest h = t.h;
        SimPhone p1 = h.p1;
        SimPhone p2 = h.p2;
        SimPhone p3 = t.p3;
        t.oneCallsTwo();
        // With one call there is nothing to join.
        h.key(p1, Buttons.KEY_CONFERENCE);
        assertTrue(h.display(p1).contains("no conf"), h.display(p1).toString());
        h.key(p1, Buttons.KEY_FLASH);
        h.type(p1, TransferOnSimTest.DIAL_PHONE3);
        h.key(p1, Buttons.KEY_SEND);
        h.sim.runMs(500);
        h.hook(p3, true);
        h.sim.runMs(500);
        assertTrue(h.logged(p1, "sip: line 2 connected to"), t.log(p1));
        int before = h.log(p2).size();
        h.key(p1, Buttons.KEY_CONFERENCE);
        h.sim.runMs(1_000);
        assertTrue(h.logged(p1, "phone: conference of lines 2 and 1"), t.log(p1));
        assertTrue(h.logged(p1, "media: line 1 joins line 2 in a conference"), t.log(p1));
        // Phone 2 was resumed (a re-INVITE with sendrecv).
        List<String> after = h.log(p2).subList(before, h.log(p2).size());
        assertTrue(after.stream().anyMatch(l -> l.startsWith("media: line 1 rtp") && l.endsWith("sendrecv")),
            String.join("\n", after));
        assertTrue(h.lastDisplay(p1).startsWith("conf"), h.display(p1).toString());

        assertHeardBy(p1, true, p2, p3);
        assertHeardBy(p2, true, p1, p3);
        assertHeardBy(p3, true, p1, p2);

        // Conference again: split; phone 2 is held, and its voice no longer reaches phone 1 or phone 3.
        h.key(p1, Buttons.KEY_CONFERENCE);
        h.sim.runMs(1_000);
        assertTrue(h.logged(p1, "media: line 1 leaves the conference"), t.log(p1));
        assertHeardBy(p2, false, p1, p3);
        assertHeardBy(p3, true, p1);

        // Joined again, and phone 1 hangs up: both calls end.
        h.key(p1, Buttons.KEY_CONFERENCE);
        h.sim.runMs(1_000);
        assertHeardBy(p2, true, p1, p3);
        h.hook(p1, false);
        h.sim.runMs(1_000);
        assertTrue(h.logged(p2, "sip: line 1 ended by the other side"), t.log(p2));
        assertTrue(h.logged(p3, "sip: line 1 ended by the other side"), t.log(p3));
    }

    @Test
    void whenOnePartyLeavesTheOtherStaysHeard() {
        t.start();
        PhonesOnSimTest h = t.h;
        t.oneCallsTwo();
        h.key(h.p1, Buttons.KEY_FLASH);
        h.type(h.p1, TransferOnSimTest.DIAL_PHONE3);
        h.key(h.p1, Buttons.KEY_SEND);
        h.sim.runMs(500);
        h.hook(t.p3, true);
        h.sim.runMs(500);
        h.key(h.p1, Buttons.KEY_CONFERENCE);
        h.sim.runMs(1_000);
        // Phone 3 (the current line of phone 1) hangs up: phone 1 and phone 2 go on talking.
        h.hook(t.p3, false);
        h.sim.runMs(1_000);
        assertTrue(h.logged(h.p1, "sip: line 2 ended by the other side"), t.log(h.p1));
        assertHeardBy(h.p2, true, h.p1);
        assertHeardBy(h.p1, true, h.p2);
    }

    @Test
    void transferInAConferenceLeavesTheOtherTwoTalking() {
        t.start();
        PhonesOnSimTest h = t.h;
        t.oneCallsTwo();
        h.key(h.p1, Buttons.KEY_FLASH);
        h.type(h.p1, TransferOnSimTest.DIAL_PHONE3);
        h.key(h.p1, Buttons.KEY_SEND);
        h.sim.runMs(500);
        h.hook(t.p3, true);
        h.sim.runMs(500);
        h.key(h.p1, Buttons.KEY_CONFERENCE);
        h.sim.runMs(1_000);
        // Transfer splits the conference and connects phone 2 to phone 3 (REFER with Replaces); phone 1 is out.
        h.key(h.p1, Buttons.KEY_TRANSFER);
        h.sim.runMs(2_000);
        assertTrue(h.logged(h.p1, "phone: conference split, line 1 on hold"), t.log(h.p1));
        assertTrue(h.logged(t.p3, "sip: line 2 replaces line 1"), t.log(t.p3));
        assertTrue(h.logged(h.p1, "sip: line 1 transferred (200)"), t.log(h.p1));
        assertHeardBy(h.p2, true, t.p3);
        assertHeardBy(t.p3, true, h.p2);
    }
}
