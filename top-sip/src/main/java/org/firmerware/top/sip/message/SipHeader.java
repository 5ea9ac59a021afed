package org.firmerware.top.sip.message;

/**
 * The SIP header names the phone knows, as small numbers, with their compact forms (RFC 3261 §7.3.3 and §20; the
 * single letters registered by later RFCs: {@code o} Event RFC 6665, {@code r} Refer-To RFC 3515, {@code b}
 * Referred-By RFC 3892, {@code u} Allow-Events RFC 6665, {@code x} Session-Expires RFC 4028, {@code a}
 * Accept-Contact, {@code j} Reject-Contact, {@code d} Request-Disposition RFC 3841, {@code y} Identity RFC 8224).
 * Names compare case-insensitively; a compact form is the same header as its long name.
 */
public final class SipHeader {

    /** A header not in the table. */
    public static final int OTHER = 0;
    public static final int VIA = 1, FROM = 2, TO = 3, CALL_ID = 4, CSEQ = 5, CONTACT = 6, MAX_FORWARDS = 7,
        CONTENT_LENGTH = 8, CONTENT_TYPE = 9, ROUTE = 10, RECORD_ROUTE = 11, WWW_AUTHENTICATE = 12,
        PROXY_AUTHENTICATE = 13, AUTHORIZATION = 14, PROXY_AUTHORIZATION = 15, EXPIRES = 16, REQUIRE = 17,
        PROXY_REQUIRE = 18, SUPPORTED = 19, ALLOW = 20, USER_AGENT = 21, SERVER = 22, CONTENT_ENCODING = 23,
        SUBJECT = 24, EVENT = 25, REFER_TO = 26, REFERRED_BY = 27, ALLOW_EVENTS = 28, SESSION_EXPIRES = 29,
        ACCEPT_CONTACT = 30, REJECT_CONTACT = 31, REQUEST_DISPOSITION = 32, IDENTITY = 33, UNSUPPORTED = 34,
        MIN_EXPIRES = 35, ACCEPT = 36, RETRY_AFTER = 37, WARNING = 38, REPLACES = 39, SUBSCRIPTION_STATE = 40;
    /** One more than the highest number. */
    public static final int COUNT = 41;

    /** Long names, by number. */
    private static final String[] NAMES = {
        "", "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Content-Length", "Content-Type",
        "Route", "Record-Route", "WWW-Authenticate", "Proxy-Authenticate", "Authorization", "Proxy-Authorization",
        "Expires", "Require", "Proxy-Require", "Supported", "Allow", "User-Agent", "Server", "Content-Encoding",
        "Subject", "Event", "Refer-To", "Referred-By", "Allow-Events", "Session-Expires", "Accept-Contact",
        "Reject-Contact", "Request-Disposition", "Identity", "Unsupported", "Min-Expires", "Accept", "Retry-After",
        "Warning", "Replaces", "Subscription-State"};

    /** Compact forms: the letter, then the header number, in pairs. */
    private static final String COMPACT = "v\u0001f\u0002t\u0003i\u0004m\u0006l\u0008c\u0009e\u0017s\u0018o\u0019"
        + "r\u001ab\u001bu\u001cx\u001da\u001ej\u001fd\u0020y\u0021k\u0013";

    private SipHeader() {
    }

    /** The long name of a header number. */
    public static String name(int id) {
        return id > 0 && id < COUNT ? NAMES[id] : "";
    }

    /** The number of the header named by the slice (long or compact form, any case), or {@link #OTHER}. */
    public static int lookup(byte[] b, int off, int len) {
        if (len == 1) {
            int c = Ascii.lower(b[off] & 0xFF);
            for (int i = 0; i < COMPACT.length(); i += 2) {
                if (COMPACT.charAt(i) == c) {
                    return COMPACT.charAt(i + 1);
                }
            }
            return OTHER;
        }
        for (int id = 1; id < COUNT; id++) {
            if (Ascii.equalsIgnoreCase(b, off, len, NAMES[id])) {
                return id;
            }
        }
        return OTHER;
    }
}
