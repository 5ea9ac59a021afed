package org.firmerware.kernel.net.llc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.firmerware.kernel.net.EthernetHeader;
import org.junit.jupiter.api.Test;

/** The LLC type 2 state machine between two stations on a test LAN in manual time. */
class LlcType2LinkTest {

    private static final int SAP = Llc.CONSOLE_SAP;
    private static final int T1 = Llc.DEFAULT_T1_MS;

    private final TestLan lan = new TestLan();
    private final TestLan.Station a = lan.station(1, 2, 7, 64);
    private final TestLan.Station b = lan.station(2, 2, 7, 64);
    private final Recorder ra = new Recorder();
    private final Recorder rb = new Recorder();

    LlcType2LinkTest() {
        a.llc.register(SAP, null, ra);
        b.llc.register(SAP, null, rb);
    }

    private LlcType2Link connect() {
        LlcType2Link link = a.llc.connect(SAP, b.mac, 0, SAP);
        lan.run(10);
        assertTrue(link.isConnected());
        assertTrue(rb.link.isConnected());
        lan.log.clear();
        return link;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The frames on the LAN without their time stamps. */
    private List<String> frames() {
        List<String> out = new ArrayList<>();
        for (String l : lan.log) {
            out.add(l.substring(l.indexOf(' ') + 1));
        }
        return out;
    }

    /** Drops frames from {@code from} whose description contains {@code what}, {@code count} times. */
    private void dropOnce(TestLan.Station from, String what) {
        int[] left = {1};
        lan.filter = (s, f) -> {
            if (s == from && left[0] > 0 && Decode.frame(f).contains(what)) {
                left[0]--;
                return true;
            }
            return false;
        };
    }

    @Test
    void connectSendBothWaysAndDisconnect() {
        LlcType2Link link = a.llc.connect(SAP, b.mac, 0, SAP);
        lan.run(10);
        assertEquals(List.of("s1 SABME cmd P 14>14", "s2 UA rsp F 14>14"), frames());
        assertEquals(List.of("connected"), ra.events);
        assertEquals(List.of("connected"), rb.events);
        lan.log.clear();
        assertEquals(5, link.send(text("hallo"), 0, 5));
        lan.run(Llc.DEFAULT_T2_MS + 10);
        assertEquals(List.of("hallo"), rb.messages);
        assertEquals(List.of("s1 I(0,0) cmd 14>14 len 5", "s2 RR(1) rsp 14>14"), frames(),
            "the single I-PDU is acknowledged when T2 expires");
        lan.log.clear();
        rb.link.send(text("hoi"), 0, 3);
        lan.run(Llc.DEFAULT_T2_MS + 10);
        assertEquals(List.of("hoi"), ra.messages);
        link.disconnect();
        lan.run(10);
        assertEquals(List.of("connected", "disconnected closed here"), ra.events);
        assertEquals(List.of("connected", "disconnected closed by the peer"), rb.events);
        assertEquals(LlcType2Link.ADM, link.state());
    }

    @Test
    void anIPduWaitingForT2TakesTheAcknowledgementAlong() {
        LlcType2Link link = connect();
        link.send(text("ping"), 0, 4);
        lan.run(5);
        rb.link.send(text("pong"), 0, 4);
        lan.run(Llc.DEFAULT_T2_MS + 10);
        assertEquals(List.of("s1 I(0,0) cmd 14>14 len 4", "s2 I(0,1) cmd 14>14 len 4", "s1 RR(1) rsp 14>14"),
            frames());
    }

    @Test
    void theWindowLimitsUnacknowledgedIPdusAndEveryN3IsAcknowledgedAtOnce() {
        LlcType2Link link = connect();
        lan.filter = (s, f) -> s == b; // b's acknowledgements are lost
        int taken = 0;
        for (int i = 0; i < 10; i++) {
            if (link.send(text("m" + i), 0, 2) > 0) {
                taken++;
            }
        }
        assertEquals(7, taken, "a window of 7");
        assertFalse(link.canSend());
        assertEquals(7, link.unacknowledged());
        lan.run(10);
        assertEquals(7, rb.messages.size());
        assertEquals("s2 RR(4) rsp 14>14", frames().get(frames().size() - 1),
            "N3 = 4: the 4th I-PDU is acknowledged at once, the other 3 wait for T2");
        lan.filter = (s, f) -> false;
        lan.run(Llc.DEFAULT_T2_MS + 10);
        assertEquals(0, link.unacknowledged(), "T2's RR acknowledges the rest");
        assertTrue(link.canSend());
    }

    @Test
    void aLostLastIPduIsSentAgainAfterT1ByPollAndFinal() {
        LlcType2Link link = connect();
        dropOnce(a, "I(2,");
        for (int i = 0; i < 3; i++) {
            link.send(text("m" + i), 0, 2);
        }
        lan.run(T1 - 10);
        assertEquals(List.of("m0", "m1"), rb.messages);
        assertEquals(1, link.unacknowledged());
        lan.log.clear();
        lan.run(T1 + Llc.DEFAULT_T2_MS + 20);
        assertEquals(List.of("s1 RR(0) cmd P 14>14", "s2 RR(2) rsp F 14>14", "s1 I(2,0) cmd 14>14 len 2",
            "s2 RR(3) rsp 14>14"), frames());
        assertEquals(List.of("m0", "m1", "m2"), rb.messages);
        assertEquals(1, link.pollCount());
        assertEquals(1, link.iFramesResent());
        assertEquals(0, link.unacknowledged());
    }

    @Test
    void aGapIsRecoveredByRejWithoutWaitingForT1() {
        LlcType2Link link = connect();
        dropOnce(a, "I(1,");
        for (int i = 0; i < 4; i++) {
            link.send(text("m" + i), 0, 2);
        }
        lan.run(20);
        assertEquals(List.of("m0", "m1", "m2", "m3"), rb.messages);
        assertEquals(1, rb.link.rejectsSent(), "one REJ for the gap, not one per out-of-sequence I-PDU");
        assertEquals(2, rb.link.outOfSequenceCount());
        assertEquals(1, link.rejectsReceived());
        assertEquals(0, link.pollCount(), "no T1 needed");
        assertTrue(frames().contains("s2 REJ(1) rsp 14>14"), frames().toString());
    }

    @Test
    void aBusyReceiverSendsRnrAndTheSenderWaitsUntilItIsReadyAgain() {
        LlcType2Link link = connect();
        rb.busy = true;
        link.send(text("m0"), 0, 2);
        link.send(text("m1"), 0, 2);
        lan.run(10);
        assertTrue(rb.link.isLocalBusy());
        assertTrue(link.isRemoteBusy());
        assertTrue(frames().contains("s2 RNR(0) rsp 14>14"), frames().toString());
        lan.run(3 * T1);
        assertEquals(0, rb.messages.size());
        assertTrue(link.isConnected(), "a busy peer that answers polls is not given up: " + frames());
        assertTrue(link.pollCount() >= 2, "the sender polls the busy peer every T1");
        rb.busy = false;
        lan.log.clear();
        rb.link.resumeReceiving();
        lan.run(Llc.DEFAULT_T2_MS + 10);
        assertEquals(List.of("m0", "m1"), rb.messages);
        assertEquals("s2 REJ(0) rsp 14>14", frames().get(0), "leaving busy asks for the discarded I-PDUs");
        assertFalse(link.isRemoteBusy());
        assertEquals(0, link.unacknowledged());
    }

    @Test
    void afterN2UnansweredPollsTheLinkGivesUp() {
        LlcType2Link link = connect();
        lan.filter = (s, f) -> s == b;
        link.send(text("m0"), 0, 2);
        lan.run(T1 * (Llc.DEFAULT_N2 + 1) - 5);
        assertTrue(link.isConnected());
        assertEquals(Llc.DEFAULT_N2, link.pollCount());
        lan.run(10);
        assertEquals(LlcType2Link.ADM, link.state());
        assertEquals(List.of("connected", "disconnected no answer"), ra.events);
        assertTrue(frames().get(frames().size() - 1).startsWith("s1 DM rsp"), frames().toString());
        lan.filter = (s, f) -> false;
        lan.run(10);
        assertEquals(List.of("connected", "disconnected the peer is disconnected"), rb.events,
            "the DM told the peer");
    }

    @Test
    void anUnansweredSabmeGivesUpAfterN2() {
        lan.filter = (s, f) -> s == b;
        LlcType2Link link = a.llc.connect(SAP, b.mac, 0, SAP);
        lan.run(T1 * (Llc.DEFAULT_N2 + 1) + 5);
        assertEquals(LlcType2Link.ADM, link.state());
        assertEquals(List.of("disconnected no answer"), ra.events);
        assertEquals(Llc.DEFAULT_N2 + 1, frames().stream().filter(l -> l.startsWith("s1 SABME")).count());
    }

    @Test
    void duplicatesAndOutOfSequenceIPdusAreNotDelivered() {
        // A raw station without SAPs plays the peer, so that nothing answers b's acknowledgements.
        TestLan.Station raw = lan.station(3, 1, 7, 64);
        byte[] f = new byte[60];
        EthernetHeader.write(f, b.mac, 0, raw.mac, 0, 3);
        LlcHeader.writeU(f, 14, SAP, SAP, false, LlcHeader.SABME, true);
        lan.inject(raw, f.clone());
        lan.run(10);
        assertTrue(rb.link.isConnected());
        lan.log.clear();
        EthernetHeader.write(f, b.mac, 0, raw.mac, 0, 4 + 2);
        // I(0) twice, then I(2) (a gap), then I(1), then I(2).
        int[] order = {0, 0, 2, 1, 2};
        for (int ns : order) {
            LlcHeader.writeI(f, 14, SAP, SAP, false, ns, 0, false);
            f[18] = 'm';
            f[19] = (byte) ('0' + ns);
            lan.inject(raw, f.clone());
            lan.run(2);
        }
        lan.run(Llc.DEFAULT_T2_MS + 10);
        assertEquals(List.of("m0", "m1", "m2"), rb.messages);
        assertEquals(2, rb.link.outOfSequenceCount());
        assertEquals(1, rb.link.rejectsSent());
        assertTrue(frames().contains("s2 REJ(1) rsp 14>14"), frames().toString());
    }

    @Test
    void anInvalidNrIsRejectedWithFrmrAndTheLinkEnds() {
        LlcType2Link link = connect();
        byte[] f = new byte[60];
        EthernetHeader.write(f, b.mac, 0, a.mac, 0, 4);
        LlcHeader.writeS(f, 14, SAP, SAP, true, LlcHeader.RR, 5, false); // acknowledges I-PDUs never sent
        lan.inject(a, f);
        lan.run(1);
        assertTrue(frames().contains("s2 FRMR rsp 14>14 len 5"), frames().toString());
        assertEquals(LlcType2Link.ERROR, rb.link.state());
        lan.run(10);
        assertEquals(List.of("connected", "disconnected protocol error"), ra.events, "a ends the link on FRMR");
        assertEquals(List.of("connected", "disconnected closed by the peer"), rb.events);
        assertEquals(LlcType2Link.ADM, link.state());
        assertEquals(LlcType2Link.ADM, rb.link.state());
    }

    @Test
    void anIdleLinkPollsItsPeerAndFreesItselfWhenThePeerVanished() {
        LlcType2Link link = connect();
        lan.run(Llc.DEFAULT_TI_MS + 10);
        assertTrue(frames().contains("s1 RR(0) cmd P 14>14"), frames().toString());
        assertTrue(link.isConnected());
        lan.filter = (s, f) -> s == b;
        lan.run(Llc.DEFAULT_TI_MS + T1 * (Llc.DEFAULT_N2 + 1));
        assertEquals(LlcType2Link.ADM, link.state());
    }

    @Test
    void aSecondSabmeResetsTheLink() {
        connect();
        a.llc.connect(SAP, b.mac, 0, SAP);
        lan.run(10);
        assertEquals(List.of("connected", "disconnected reset by the peer", "connected"), rb.events);
    }

    @Test
    void everyMessageArrivesOnceAndInOrderThrough20PercentLossBothWays() {
        LlcType2Link link = connect();
        Random random = new Random(42);
        lan.filter = (s, f) -> random.nextInt(100) < 20;
        List<String> sent = new ArrayList<>();
        List<String> sentBack = new ArrayList<>();
        int next = 0;
        int nextBack = 0;
        for (int round = 0; round < 4000 && (next < 500 || nextBack < 200); round++) {
            while (next < 500 && link.canSend()) {
                String m = "a" + next++;
                link.send(text(m), 0, m.length());
                sent.add(m);
            }
            while (nextBack < 200 && rb.link.canSend()) {
                String m = "b" + nextBack++;
                rb.link.send(text(m), 0, m.length());
                sentBack.add(m);
            }
            lan.run(50);
        }
        lan.run(20 * T1);
        assertTrue(link.isConnected());
        assertEquals(sent, rb.messages);
        assertEquals(sentBack, ra.messages);
        assertTrue(link.iFramesResent() > 0 && link.pollCount() > 0 && link.rejectsReceived() > 0,
            "losses were recovered by T1 and by REJ");
    }
}
