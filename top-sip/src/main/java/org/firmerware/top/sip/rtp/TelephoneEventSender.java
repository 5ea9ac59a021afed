package org.firmerware.top.sip.rtp;

/**
 * The sending side of RFC 4733 (§2.5.1): a key press becomes an event whose packets replace the audio packets, one per
 * packet interval, all with the timestamp of the event's start and a duration that grows; the first has the marker
 * bit. When the key is released the final packet, with the end bit and the final duration, is sent three times at the
 * packet interval (§2.5.1.4). A key pressed while an event is still ending starts after its last end packet.
 *
 * <pre>
 *   IDLE --start--&gt; STARTING --first packet (M)--&gt; SENDING --stop--&gt; ENDING --3 end packets--&gt; IDLE
 * </pre>
 *
 * <p>An event longer than {@link TelephoneEvent#MAX_DURATION} keeps that duration until it ends (the segments of
 * §2.5.1.3 are not sent). Main loop only.
 */
public final class TelephoneEventSender {

    /** End packets sent per event (RFC 4733 §2.5.1.4). */
    public static final int END_PACKETS = 3;

    private static final int IDLE = 0, STARTING = 1, SENDING = 2, ENDING = 3;

    private int state = IDLE;
    private int event;
    private int eventTimestamp;
    private int duration;
    private int endsSent;
    private boolean stopRequested;
    private int pendingEvent = -1;
    private boolean pendingStop;
    private int sent;

    /** Back to idle (a new call). */
    public void reset() {
        state = IDLE;
        stopRequested = false;
        pendingEvent = -1;
        pendingStop = false;
    }

    /** Starts an event (a key went down). */
    public void start(int eventCode) {
        if (state == IDLE) {
            event = eventCode;
            state = STARTING;
            stopRequested = false;
        } else {
            pendingEvent = eventCode;
            pendingStop = false;
        }
    }

    /** Ends the current event (the key went up): its end packets follow. */
    public void stop() {
        if (pendingEvent >= 0) {
            pendingStop = true;
        } else if (state == STARTING || state == SENDING) {
            stopRequested = true;
        }
    }

    /** Whether the next packet interval carries an event packet instead of audio. */
    public boolean active() {
        return state != IDLE;
    }

    /**
     * Writes the event packet of the packet interval that starts at {@code timestamp}; call only when
     * {@link #active()}.
     *
     * @param payload where the 4-octet payload goes
     * @param frameTicks the packet interval in timestamp units
     * @return the packet's RTP timestamp and marker: the timestamp in the low 32 bits, the marker in bit 32
     */
    public long next(byte[] payload, int off, int timestamp, int frameTicks) {
        boolean marker = false;
        if (state == STARTING) {
            eventTimestamp = timestamp;
            marker = true;
            state = SENDING;
        }
        if (state == SENDING) {
            duration = Math.min(TelephoneEvent.MAX_DURATION, timestamp + frameTicks - eventTimestamp);
            if (stopRequested) {
                state = ENDING;
                endsSent = 0;
            }
        }
        boolean end = state == ENDING;
        TelephoneEvent.write(payload, off, event, end, TelephoneEvent.DEFAULT_VOLUME, duration);
        sent++;
        if (end && ++endsSent == END_PACKETS) {
            state = IDLE;
            if (pendingEvent >= 0) {
                event = pendingEvent;
                pendingEvent = -1;
                state = STARTING;
                stopRequested = pendingStop;
            }
        }
        return (eventTimestamp & 0xFFFFFFFFL) | (marker ? 1L << 32 : 0);
    }

    /** Event packets sent since init. */
    public int sentCount() {
        return sent;
    }
}
