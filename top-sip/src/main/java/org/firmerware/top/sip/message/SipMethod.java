package org.firmerware.top.sip.message;

/**
 * SIP methods as small numbers: those of RFC 3261 and the extensions the phone may meet. {@link #UNKNOWN} is any other
 * token (answered 501, RFC 3261 §21.5.2).
 */
public final class SipMethod {

    public static final int UNKNOWN = 0, INVITE = 1, ACK = 2, BYE = 3, CANCEL = 4, OPTIONS = 5, REGISTER = 6,
        INFO = 7, UPDATE = 8, PRACK = 9, SUBSCRIBE = 10, NOTIFY = 11, REFER = 12, MESSAGE = 13, PUBLISH = 14;
    /** One more than the highest number. */
    public static final int COUNT = 15;

    private static final String[] NAMES = {"", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO",
        "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH"};

    private SipMethod() {
    }

    /** The method's name (empty for UNKNOWN). */
    public static String name(int method) {
        return method > 0 && method < COUNT ? NAMES[method] : "";
    }

    /** The number of the method named by the slice (case-sensitive, RFC 3261 §7.1), or {@link #UNKNOWN}. */
    public static int lookup(byte[] b, int off, int len) {
        for (int m = 1; m < COUNT; m++) {
            if (Ascii.equals(b, off, len, NAMES[m])) {
                return m;
            }
        }
        return UNKNOWN;
    }
}
