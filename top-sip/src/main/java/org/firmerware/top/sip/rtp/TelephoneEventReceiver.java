package org.firmerware.top.sip.rtp;

/**
 * The receiving side of RFC 4733 (§2.5.2): events are told apart by their RTP timestamp; each is reported once when
 * its first packet arrives (whichever that is: a lost start packet does not lose the digit) and once when it ends,
 * with the sender's final duration. Retransmitted end packets and packets of older events are ignored. An event
 * whose end packets were all lost ends when a newer event starts, or {@link #TIMEOUT_MS} after its last packet.
 * Main loop only.
 */
public final class TelephoneEventReceiver {

    /** An event without packets for this long has ended. */
    public static final int TIMEOUT_MS = 500;

    private TelephoneEventListener listener;
    private int id;
    private boolean any;
    private boolean active;
    private int event;
    private int eventTimestamp;
    private int duration;
    private int lastPacketMs;
    private int started;
    private int ended;
    private int ignored;

    /** Who is told about events (null: nobody), and the session number it is told with. */
    public void setListener(TelephoneEventListener l, int sessionId) {
        listener = l;
        id = sessionId;
    }

    /** Forgets every event (a new call). */
    public void reset() {
        any = false;
        active = false;
    }

    /**
     * Handles a telephone-event payload.
     *
     * @param timestamp the packet's RTP timestamp
     * @param nowMs the time of arrival
     */
    public void onPacket(int timestamp, byte[] b, int off, int len, int nowMs) {
        if (len < TelephoneEvent.LENGTH) {
            ignored++;
            return;
        }
        int code = TelephoneEvent.event(b, off);
        boolean end = TelephoneEvent.end(b, off);
        int d = TelephoneEvent.duration(b, off);
        if (any && timestamp == eventTimestamp) {
            if (!active) {
                ignored++;
                return;
            }
            lastPacketMs = nowMs;
            duration = Math.max(duration, d);
            if (end) {
                finish();
            }
            return;
        }
        if (any && timestamp - eventTimestamp < 0) {
            ignored++;
            return;
        }
        if (active) {
            finish();
        }
        any = true;
        active = true;
        event = code;
        eventTimestamp = timestamp;
        duration = d;
        lastPacketMs = nowMs;
        started++;
        if (listener != null) {
            listener.onEventStart(id, code);
        }
        if (end) {
            finish();
        }
    }

    /** Ends an event whose packets stopped; call now and then (each packet interval). */
    public void poll(int nowMs) {
        if (active && nowMs - lastPacketMs >= TIMEOUT_MS) {
            finish();
        }
    }

    private void finish() {
        active = false;
        ended++;
        if (listener != null) {
            listener.onEventEnd(id, event, duration);
        }
    }

    /** Whether an event is going on. */
    public boolean isActive() {
        return active;
    }

    /** Events started since init. */
    public int startedCount() {
        return started;
    }

    /** Events ended since init. */
    public int endedCount() {
        return ended;
    }

    /** Packets ignored: retransmitted ends, older events, too short. */
    public int ignoredCount() {
        return ignored;
    }
}
