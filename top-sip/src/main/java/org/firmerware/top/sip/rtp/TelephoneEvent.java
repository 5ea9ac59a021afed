package org.firmerware.top.sip.rtp;

import org.firmerware.kernel.net.Bytes;

/**
 * The telephone-event payload of RFC 4733 §2.3 (DTMF named events, §3.2), as offsets and static accessors.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TelephoneEvent {

    public static final int LENGTH = 4;
    public static final int EVENT_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int DURATION_OFFSET = 2;
    /** The largest duration one packet carries (RFC 4733 §2.5.1.3: longer events are sent in segments). */
    public static final int MAX_DURATION = 0xFFFF;
    /** The volume we send: -10 dBm0 (RFC 4733 §2.3.4: 0 to 63, in -dBm0). */
    public static final int DEFAULT_VOLUME = 10;

    private TelephoneEvent() {
    }

    public static void write(byte[] b, int off, int event, boolean end, int volume, int duration) {
        b[off + EVENT_OFFSET] = (byte) event;
        b[off + FLAGS_OFFSET] = (byte) ((end ? 0x80 : 0) | volume & 0x3F);
        Bytes.put16(b, off + DURATION_OFFSET, duration);
    }

    public static int event(byte[] b, int off) {
        return b[off + EVENT_OFFSET] & 0xFF;
    }

    public static boolean end(byte[] b, int off) {
        return (b[off + FLAGS_OFFSET] & 0x80) != 0;
    }

    public static int volume(byte[] b, int off) {
        return b[off + FLAGS_OFFSET] & 0x3F;
    }

    public static int duration(byte[] b, int off) {
        return Bytes.u16(b, off + DURATION_OFFSET);
    }

    /** The key of a DTMF event code (RFC 4733 Table 7), or 0 for another event. */
    public static char toChar(int event) {
        if (event >= 0 && event <= 9) {
            return (char) ('0' + event);
        }
        switch (event) {
            case 10: return '*';
            case 11: return '#';
            case 12: return 'A';
            case 13: return 'B';
            case 14: return 'C';
            case 15: return 'D';
            default: return 0;
        }
    }

    /** The DTMF event code of a key (digits, '*', '#', 'A'..'D'), or -1. */
    public static int fromChar(int key) {
        if (key >= '0' && key <= '9') {
            return key - '0';
        }
        switch (key) {
            case '*': return 10;
            case '#': return 11;
            case 'A': return 12;
            case 'B': return 13;
            case 'C': return 14;
            case 'D': return 15;
            default: return -1;
        }
    }
}
