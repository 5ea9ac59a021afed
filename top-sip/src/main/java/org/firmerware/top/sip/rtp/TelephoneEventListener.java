package org.firmerware.top.sip.rtp;

/** Told about telephone events received (RFC 4733): each event once when it starts and once when it ends. */
public interface TelephoneEventListener {

    /**
     * An event began (its first packet to arrive).
     *
     * @param session the number of the session it came in (the phone's line)
     * @param event the event code: 0..9 digits, 10 '*', 11 '#', 12..15 A..D ({@link TelephoneEvent#toChar})
     */
    void onEventStart(int session, int event);

    /**
     * The event ended: its end bit arrived, or a newer event started, or no packet came for
     * {@link TelephoneEventReceiver#TIMEOUT_MS}.
     *
     * @param session the number of the session it came in
     * @param durationTicks the duration the sender gave, in timestamp units (8000 per second)
     */
    void onEventEnd(int session, int event, int durationTicks);
}
