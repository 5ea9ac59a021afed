package org.firmerware.top.sip.message;

/**
 * The top Via of a message (RFC 3261 §20.42, §18.2.2; RFC 3581): {@code SIP/2.0/UDP host[:port];params}. One
 * instance is reused; {@link #parse} fills it from a message's first Via header value's first element.
 */
public final class Via {

    /** The magic cookie that starts an RFC 3261 branch (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private byte[] buf;
    private int elementOff, elementLen;
    private int sentByOff, sentByLen;
    private int hostOff, hostLen;
    private boolean hostIp6;
    private int port;
    private int paramsOff, paramsLen;
    private int branchOff, branchLen;
    private boolean rport;
    private boolean udp;

    /** Takes the top Via of a message apart; false when it has none or it is malformed. */
    public boolean parse(SipMessage m) {
        int h = m.first(SipHeader.VIA);
        if (h < 0) {
            return false;
        }
        buf = m.buffer();
        int s = m.valueOffset(h);
        int end = s + m.valueLength(h);
        int e = Params.elementEnd(buf, s, end);
        e = Ascii.trimEnd(buf, s, e);
        elementOff = s;
        elementLen = e - s;
        // sent-protocol: SIP / 2.0 / transport, with optional LWS around the slashes.
        int slash1 = Ascii.indexOf(buf, s, e - s, '/');
        if (slash1 < 0 || !Ascii.equalsIgnoreCase(buf, s, Ascii.trimEnd(buf, s, slash1) - s, "SIP")) {
            return false;
        }
        int v = Ascii.skipLws(buf, slash1 + 1, e);
        int slash2 = Ascii.indexOf(buf, v, e - v, '/');
        if (slash2 < 0 || !Ascii.equals(buf, v, Ascii.trimEnd(buf, v, slash2) - v, "2.0")) {
            return false;
        }
        int t = Ascii.skipLws(buf, slash2 + 1, e);
        int te = t;
        while (te < e && Ascii.isTokenChar(buf[te] & 0xFF)) {
            te++;
        }
        if (te == t) {
            return false;
        }
        udp = Ascii.equalsIgnoreCase(buf, t, te - t, "UDP");
        int sb = Ascii.skipLws(buf, te, e);
        if (sb == te && sb < e) {
            return false;
        }
        int sbEnd = sb;
        while (sbEnd < e && buf[sbEnd] != ';' && !Ascii.isLws(buf[sbEnd] & 0xFF)) {
            sbEnd++;
        }
        if (sbEnd == sb) {
            return false;
        }
        sentByOff = sb;
        sentByLen = sbEnd - sb;
        port = -1;
        hostIp6 = buf[sb] == '[';
        if (hostIp6) {
            int close = Ascii.indexOf(buf, sb, sbEnd - sb, ']');
            if (close < 0) {
                return false;
            }
            hostOff = sb + 1;
            hostLen = close - sb - 1;
            if (close + 1 < sbEnd) {
                if (buf[close + 1] != ':') {
                    return false;
                }
                long p = Ascii.parseDecimal(buf, close + 2, sbEnd - close - 2, 65535);
                if (p <= 0) {
                    return false;
                }
                port = (int) p;
            }
        } else {
            int colon = Ascii.indexOf(buf, sb, sbEnd - sb, ':');
            hostOff = sb;
            hostLen = (colon < 0 ? sbEnd : colon) - sb;
            if (colon >= 0) {
                long p = Ascii.parseDecimal(buf, colon + 1, sbEnd - colon - 1, 65535);
                if (p <= 0) {
                    return false;
                }
                port = (int) p;
            }
        }
        paramsOff = sbEnd;
        paramsLen = e - sbEnd;
        int br = Params.find(buf, paramsOff, paramsLen, "branch");
        if (br >= 0) {
            branchOff = br;
            branchLen = Params.valueEnd(buf, br, e) - br;
        } else {
            branchOff = 0;
            branchLen = 0;
        }
        rport = Params.find(buf, paramsOff, paramsLen, "rport") != Params.ABSENT;
        return true;
    }

    /** The whole top Via element (without a following comma and other elements). */
    public int elementOffset() {
        return elementOff;
    }

    public int elementLength() {
        return elementLen;
    }

    /** The sent-by: host and optional port. */
    public int sentByOffset() {
        return sentByOff;
    }

    public int sentByLength() {
        return sentByLen;
    }

    /** The sent-by host (without the brackets of an IPv6 reference). */
    public int hostOffset() {
        return hostOff;
    }

    public int hostLength() {
        return hostLen;
    }

    /** Whether the sent-by host is an IPv6 reference. */
    public boolean hostIsIp6() {
        return hostIp6;
    }

    /** The sent-by port, or -1. */
    public int port() {
        return port;
    }

    /** Where the parameters start (at the first ';'). */
    public int paramsOffset() {
        return paramsOff;
    }

    public int paramsLength() {
        return paramsLen;
    }

    /** The branch's offset (valid when {@link #branchLength()} is positive). */
    public int branchOffset() {
        return branchOff;
    }

    /** The branch's length, 0 without one. */
    public int branchLength() {
        return branchLen;
    }

    /** Whether the branch starts with the RFC 3261 magic cookie. */
    public boolean hasRfc3261Branch() {
        return branchLen > MAGIC_COOKIE.length() && Ascii.startsWithIgnoreCase(buf, branchOff, branchLen,
            MAGIC_COOKIE);
    }

    /** Whether the rport parameter is present (RFC 3581 §4). */
    public boolean hasRport() {
        return rport;
    }

    /** Whether the transport is UDP. */
    public boolean isUdp() {
        return udp;
    }
}
