package org.firmerware.top.sip;

/**
 * What the call logic needs from the media engine (RTP with its jitter buffer, the codecs, RFC 4733 events, tones;
 * built on branch sip-media): one RTP session per line, started and changed from the SDP offer/answer, and the
 * phone's local sound (tones, device, mute). All calls are main loop only and must not allocate.
 *
 * <p>Until the engine lands, the phone runs with {@link NoMediaEngine}, which only logs; tests use a recording double.
 */
public interface MediaEngine {

    /** Directions, as SDP states them for our side (RFC 3264 §5.1). */
    int SENDRECV = 0, SENDONLY = 1, RECVONLY = 2, INACTIVE = 3;

    /** Tones the phone plays locally. */
    int TONE_NONE = 0, TONE_DIAL = 1, TONE_RINGBACK = 2, TONE_BUSY = 3, TONE_RING = 4, TONE_ERROR = 5,
        TONE_CALL_WAITING = 6;

    /** Where events of the engine go. */
    void setListener(MediaListener listener);

    /**
     * Starts the RTP session of a line, or changes it (a re-INVITE may change the address, port, codec or
     * direction); the engine binds {@code localPort} on our address {@code local}.
     *
     * @param local our address the session sends from (16 bytes)
     * @param remote the other side's address (16 bytes)
     * @param payloadType the payload type of the codec: 0 PCMU, 8 PCMA, 9 G722 (RTP clock 8000, RFC 3551 §4.5.2),
     *     or a dynamic number the other side gave one of them
     * @param codec which codec the payload type means: 0 PCMU, 8 PCMA, 9 G722
     * @param ptimeMs the packet time to send
     * @param telephoneEventPt the RFC 4733 payload type, or -1 when the other side takes none
     * @param direction {@link #SENDRECV} etc.
     * @return false when the engine cannot (no port, no codec)
     */
    boolean start(int line, byte[] local, int localOff, int localPort, byte[] remote, int remoteOff, int remotePort,
                  int payloadType, int codec, int ptimeMs, int telephoneEventPt, int direction);

    /** Changes only the direction of a running session (hold and resume, RFC 3264 §8.4). */
    void hold(int line, int direction);

    /** Stops the session of a line (does nothing when none runs). */
    void stop(int line);

    /** Sends a DTMF digit ('0'..'9', '*', '#', 'A'..'D') as RFC 4733 events on the line's session. */
    void sendDtmf(int line, int digit);

    /** Which line's session is heard and spoken into (the others are silent both ways); -1 for none. */
    void select(int line);

    /** Mutes or unmutes the microphone. */
    void setMuted(boolean muted);

    /** Routes the sound to a device ({@code Sound.DEVICE_HANDSET}, {@code DEVICE_SPEAKER}, {@code DEVICE_NONE}). */
    void route(int device);

    /** Plays a local tone ({@link #TONE_NONE} stops it). */
    void tone(int tone);
}
