package org.firmerware.top.sip.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4733 sender and receiver state machines. */
class TelephoneEventTest {

    private final byte[] p = new byte[4];

    private String packet(TelephoneEventSender s, int ts) {
        long tm = s.next(p, 0, ts, 160);
        return (tm >>> 32 != 0 ? "M " : "") + (int) tm + " " + TelephoneEvent.event(p, 0)
            + (TelephoneEvent.end(p, 0) ? " E " : " ") + TelephoneEvent.duration(p, 0);
    }

    @Test
    void senderStartsContinuesAndEndsThreeTimes() {
        TelephoneEventSender s = new TelephoneEventSender();
        assertFalse(s.active());
        s.start(5);
        assertTrue(s.active());
        List<String> sent = new ArrayList<>();
        sent.add(packet(s, 1000));
        sent.add(packet(s, 1160));
        sent.add(packet(s, 1320));
        s.stop();
        sent.add(packet(s, 1480));
        sent.add(packet(s, 1640));
        sent.add(packet(s, 1800));
        assertFalse(s.active());
        assertEquals(List.of("M 1000 5 160", "1000 5 320", "1000 5 480", "1000 5 E 640", "1000 5 E 640",
            "1000 5 E 640"), sent);
        assertEquals(TelephoneEvent.DEFAULT_VOLUME, TelephoneEvent.volume(p, 0));
    }

    @Test
    void aKeyPressedWhileTheLastEventEndsFollowsIt() {
        TelephoneEventSender s = new TelephoneEventSender();
        s.start(1);
        packet(s, 0);
        s.stop();
        packet(s, 160);
        s.start(2);
        s.stop();
        List<String> sent = new ArrayList<>();
        for (int ts = 320; s.active(); ts += 160) {
            sent.add(packet(s, ts));
        }
        assertEquals(List.of("0 1 E 320", "0 1 E 320", "M 640 2 E 160", "640 2 E 160", "640 2 E 160"), sent);
    }

    private static final class Recorder implements TelephoneEventListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEventStart(int session, int event) {
            seen.add("start " + TelephoneEvent.toChar(event));
        }

        @Override
        public void onEventEnd(int session, int event, int durationTicks) {
            seen.add("end " + TelephoneEvent.toChar(event) + " " + durationTicks);
        }
    }

    private void receive(TelephoneEventReceiver r, int ts, int event, boolean end, int duration, int nowMs) {
        TelephoneEvent.write(p, 0, event, end, 10, duration);
        r.onPacket(ts, p, 0, 4, nowMs);
    }

    @Test
    void receiverReportsEachEventOnceWithItsDuration() {
        TelephoneEventReceiver r = new TelephoneEventReceiver();
        Recorder rec = new Recorder();
        r.setListener(rec, 0);
        receive(r, 1000, 7, false, 160, 0);
        receive(r, 1000, 7, false, 320, 20);
        receive(r, 1000, 7, false, 320, 21);
        receive(r, 1000, 7, true, 640, 60);
        receive(r, 1000, 7, true, 640, 80);
        receive(r, 1000, 7, true, 640, 100);
        receive(r, 3000, 11, false, 160, 300);
        receive(r, 1000, 7, true, 640, 310);
        receive(r, 3000, 11, true, 480, 340);
        assertEquals(List.of("start 7", "end 7 640", "start #", "end # 480"), rec.seen);
        assertEquals(3, r.ignoredCount(), "two repeated ends and one end of an older event");
    }

    @Test
    void aLostStartStillReportsTheDigitAndLostEndsAreCoveredByTheNextEventOrATimeout() {
        TelephoneEventReceiver r = new TelephoneEventReceiver();
        Recorder rec = new Recorder();
        r.setListener(rec, 0);
        receive(r, 500, 1, false, 480, 0);
        receive(r, 900, 2, false, 160, 100);
        r.poll(200);
        r.poll(100 + TelephoneEventReceiver.TIMEOUT_MS);
        receive(r, 3000, 3, true, 800, 2000);
        assertEquals(List.of("start 1", "end 1 480", "start 2", "end 2 160", "start 3", "end 3 800"), rec.seen);
    }

    @Test
    void keysAndEventCodes() {
        String keys = "0123456789*#ABCD";
        for (int i = 0; i < keys.length(); i++) {
            assertEquals(i, TelephoneEvent.fromChar(keys.charAt(i)));
            assertEquals(keys.charAt(i), TelephoneEvent.toChar(i));
        }
        assertEquals(-1, TelephoneEvent.fromChar('x'));
        assertEquals(0, TelephoneEvent.toChar(16));
    }
}
