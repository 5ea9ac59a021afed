package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Call transfer between three simulated phones, no server, virtual time (docs/sip.md, "Transfer"). Phone 1 talks to
 * phone 2 and transfers it to phone 3: blind (transfer, the number, send: REFER, RFC 3515) and attended (a second
 * call to phone 3 on line 2, then transfer: REFER with Replaces, RFC 3891). Each phone plays its part: phone 1 the
 * transferor (REFER, the NOTIFYs answered, its call ended on the 2xx sipfrag), phone 2 the transferee (202, the new
 * call on a free line, NOTIFYs with its progress), phone 3 the target (for the attended transfer, the INVITE with
 * Replaces answered at once and the replaced call ended). The new call carries a tone both ways.
 */
class TransferOnSimTest {

    static final String DIAL_PHONE3 = "#300##5#480**#5#5*#5#400*3";
    /** An address where nobody answers. */
    static final String DIAL_NOBODY = "#400##5#480**#5#5*#5#400*9";

    final PhonesOnSimTest h = new PhonesOnSimTest();
    SimPhone p3;

    void start() {
        Simulation sim = Simulation.of("sim");
        h.sim = sim;
        h.p1 = sim.addPhone(Tops.named("phone"), c -> {
            c.flashContents.put("config", PhonesOnSimTest.config(2));
            c.seed = 11;
        });
        h.p2 = sim.addPhone(Tops.named("phone"), c -> {
            c.flashContents.put("config", PhonesOnSimTest.config(2));
            c.seed = 22;
        });
        p3 = sim.addPhone(Tops.named("phone"), c -> {
            c.flashContents.put("config", PhonesOnSimTest.config(2));
            c.seed = 33;
        });
        sim.runMs(3_000);
    }

    @AfterEach
    void close() {
        h.close();
    }

    String log(SimPhone p) {
        return String.join("\n", h.log(p));
    }

    /** Phone 1 calls phone 2 off hook, phone 2 answers off hook. */
    void oneCallsTwo() {
        h.hook(h.p1, true);
        h.type(h.p1, PhonesOnSimTest.DIAL_PHONE2);
        h.key(h.p1, Buttons.KEY_SEND);
        h.sim.runMs(500);
        h.hook(h.p2, true);
        h.sim.runMs(500);
        assertTrue(h.logged(h.p1, "sip: line 1 connected to"), log(h.p1));
    }

    /** A 1 kHz tone into each phone's microphone in turn: the other hears it from its handset. */
    void toneBothWays(SimPhone a, SimPhone b) {
        long t = h.sim.world().nowUs();
        h.tone(a, 200, 1_500);
        h.sim.runMs(2_000);
        assertTrue(h.heard(b, t + 1_200_000).matches("handset " + PhonesOnSimTest.KHZ), "b hears a: " + h.sounds(b));
        t = h.sim.world().nowUs();
        h.tone(b, 200, 1_500);
        h.sim.runMs(2_000);
        assertTrue(h.heard(a, t + 1_200_000).matches("handset " + PhonesOnSimTest.KHZ), "a hears b: " + h.sounds(a));
    }

    @Test
    void aBlindTransferConnectsTheOtherSideToTheNumberTypedAndEndsOurCall() {
        start();
        oneCallsTwo();
        // Transfer: the call goes on hold and the dial tone asks for the number.
        h.key(h.p1, Buttons.KEY_TRANSFER);
        h.sim.runMs(500);
        assertEquals("xfer", h.lastDisplay(h.p1));
        assertTrue(h.display(h.p2).stream().anyMatch(d -> d.startsWith("held")), h.display(h.p2).toString());
        assertTrue(h.heard(h.p1, h.sim.world().nowUs()).matches("handset " + PhonesOnSimTest.TONE_425),
            "dial tone: " + h.sounds(h.p1));
        h.type(h.p1, DIAL_PHONE3);
        h.key(h.p1, Buttons.KEY_SEND);
        h.sim.runMs(1_000);
        // Phone 1 sent REFER; phone 2 accepted it (202), reported 100 Trying and calls phone 3 on line 2.
        assertTrue(h.logged(h.p1, "sip: > [fe80::ff:fe00:2]:5060 REFER sip:"), log(h.p1));
        assertTrue(h.logged(h.p1, "sip: line 1 transfer to sip:300@[fe80::ff:fe00:3]"), log(h.p1));
        assertTrue(h.logged(h.p1, "SIP/2.0 202 Accepted"), log(h.p1));
        assertTrue(h.logged(h.p1, "sip: line 1 transfer accepted"), log(h.p1));
        assertTrue(h.logged(h.p2, "sip: line 1 asked to call sip:300@[fe80::ff:fe00:3]"), log(h.p2));
        assertTrue(h.logged(h.p2, "phone: line 2 dials") || h.logged(h.p2, "> [fe80::ff:fe00:3]:5060 INVITE sip:300@"),
            log(h.p2));
        assertTrue(h.logged(h.p1, "< [fe80::ff:fe00:2]:5060 NOTIFY sip:"), log(h.p1));
        assertTrue(h.display(h.p1).stream().anyMatch(d -> d.startsWith("xfer ")), h.display(h.p1).toString());
        assertTrue(h.logged(p3, "sip: line 1 incoming call from"), log(p3));
        assertFalse(h.logged(h.p1, "sip: line 1 transferred"), "not before phone 3 answers:\n" + log(h.p1));
        // Phone 3 answers: phone 2 reports 200 OK, phone 1 ends its call.
        h.hook(p3, true);
        h.sim.runMs(1_000);
        assertTrue(h.logged(h.p2, "sip: line 2 connected to 300"), log(h.p2));
        assertTrue(h.logged(h.p1, "sip: line 1 transferred (200)"), log(h.p1));
        assertTrue(h.logged(h.p1, "> [fe80::ff:fe00:2]:5060 BYE sip:"), log(h.p1));
        assertTrue(h.logged(h.p2, "sip: line 1 ended by the other side"), log(h.p2));
        assertTrue(h.display(h.p1).contains("transferred"), h.display(h.p1).toString());
        assertTrue(h.logged(h.p2, "media: line 2 heard"), log(h.p2));
        toneBothWays(h.p2, p3);
        h.hook(h.p1, false);
        h.hook(p3, false);
        h.sim.runMs(1_000);
        assertTrue(h.logged(h.p2, "sip: line 2 ended by the other side"), log(h.p2));
    }

    @Test
    void aTransferToNobodyFailsAndTheCallCanBeResumed() {
        start();
        oneCallsTwo();
        h.key(h.p1, Buttons.KEY_TRANSFER);
        h.type(h.p1, DIAL_NOBODY);
        h.key(h.p1, Buttons.KEY_TRANSFER);
        // Nobody answers address resolution for the target, so phone 2's INVITE fails as unreachable after three
        // neighbour solicitations (not Timer B's 32 s): it reports 503, and phone 1 keeps its call on hold.
        h.sim.runMs(6_000);
        assertTrue(h.logged(h.p2, "sip: line 2 unreachable"), log(h.p2));
        assertTrue(h.logged(h.p1, "sip: line 1 transfer failed (503)"), log(h.p1));
        assertTrue(h.display(h.p1).contains("xfer fail"), h.display(h.p1).toString());
        assertFalse(h.logged(h.p1, "BYE sip:"), log(h.p1));
        h.key(h.p1, Buttons.KEY_HOLD);
        h.sim.runMs(500);
        toneBothWays(h.p1, h.p2);
    }

    @Test
    void transferWithNothingTypedGivesUpAndHoldResumes() {
        start();
        oneCallsTwo();
        h.key(h.p1, Buttons.KEY_TRANSFER);
        h.key(h.p1, Buttons.KEY_TRANSFER);
        h.key(h.p1, Buttons.KEY_HOLD);
        h.sim.runMs(500);
        assertFalse(h.logged(h.p1, "REFER"), log(h.p1));
        toneBothWays(h.p1, h.p2);
    }

    @Test
    void anAttendedTransferReplacesTheConsultationCall() {
        start();
        oneCallsTwo();
        // Phone 1 puts phone 2 on hold (flash) and calls phone 3 on line 2, which answers.
        h.key(h.p1, Buttons.KEY_FLASH);
        h.type(h.p1, DIAL_PHONE3);
        h.key(h.p1, Buttons.KEY_SEND);
        h.sim.runMs(500);
        h.hook(p3, true);
        h.sim.runMs(500);
        assertTrue(h.logged(h.p1, "sip: line 2 connected to"), log(h.p1));
        // Transfer: phone 2 is asked to call phone 3 in place of phone 1's call with it.
        h.key(h.p1, Buttons.KEY_TRANSFER);
        h.sim.runMs(2_000);
        assertTrue(h.logged(h.p1, "sip: line 1 attended transfer to sip:"), log(h.p1));
        assertTrue(h.logged(h.p2, "sip: line 1 asked to call sip:") && h.logged(h.p2, "(replacing a call)"),
            log(h.p2));
        assertTrue(h.logged(p3, "sip: line 2 replaces line 1"), log(p3));
        assertTrue(h.logged(h.p1, "sip: line 2 ended by the other side"), log(h.p1));
        assertFalse(h.logged(h.p1, "ends: its party was transferred"), "phone 3 ended it (Replaces):\n" + log(h.p1));
        assertTrue(h.logged(h.p1, "sip: line 1 transferred (200)"), log(h.p1));
        assertTrue(h.logged(h.p2, "sip: line 1 ended by the other side"), log(h.p2));
        assertTrue(h.display(h.p1).contains("transferred"), h.display(h.p1).toString());
        toneBothWays(h.p2, p3);
    }
}
