package org.firmerware.top.sip.message;

/**
 * A SIP URI taken apart in place (RFC 3261 §19.1): {@code sip:user:password@host:port;uri-parameters?headers}, with
 * the host a name, an IPv4 address or an IPv6 reference {@code [2001:db8::1]} (the address itself is read by
 * {@link #ip6}). One instance is allocated during init and reused; {@link #parse} fills it.
 */
public final class SipUri {

    /** The port when the URI names none (RFC 3261 §19.1.2). */
    public static final int DEFAULT_PORT = 5060;

    private byte[] buf;
    private int userOff, userLen;
    private int hostOff, hostLen;
    private int port;
    private int paramsOff, paramsLen;
    private boolean ip6Literal;

    /**
     * Takes a URI apart.
     *
     * @return false when it is not a {@code sip:} URI with a host (a {@code sips:} URI is refused too: the phone has
     *     no TLS)
     */
    public boolean parse(byte[] b, int off, int len) {
        buf = b;
        userOff = userLen = hostOff = hostLen = paramsOff = paramsLen = 0;
        port = -1;
        ip6Literal = false;
        int end = off + len;
        if (len < 5 || !Ascii.startsWithIgnoreCase(b, off, len, "sip:")) {
            return false;
        }
        int s = off + 4;
        // The userinfo ends at the last '@' before any ';' or '?' of the host part.
        int hostStart = s;
        for (int i = s; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c == '@') {
                hostStart = i + 1;
                userOff = s;
                int colon = Ascii.indexOf(b, s, i - s, ':');
                userLen = (colon < 0 ? i : colon) - s;
                break;
            }
            if (c == '[' || c == '?' || c == '>' || Ascii.isLws(c)) {
                break;
            }
        }
        int i = hostStart;
        if (i < end && b[i] == '[') {
            int close = Ascii.indexOf(b, i, end - i, ']');
            if (close < 0 || close == i + 1) {
                return false;
            }
            hostOff = i + 1;
            hostLen = close - i - 1;
            ip6Literal = true;
            i = close + 1;
        } else {
            hostOff = i;
            while (i < end) {
                int c = b[i] & 0xFF;
                if (!(Ascii.isTokenChar(c)) || c == ';' || c == '?') {
                    break;
                }
                i++;
            }
            hostLen = i - hostOff;
            if (hostLen == 0) {
                return false;
            }
        }
        if (i < end && b[i] == ':') {
            int p = i + 1;
            int q = p;
            while (q < end && Ascii.isDigit(b[q])) {
                q++;
            }
            long v = Ascii.parseDecimal(b, p, q - p, 65535);
            if (v <= 0) {
                return false;
            }
            port = (int) v;
            i = q;
        }
        if (i < end && b[i] == ';') {
            paramsOff = i;
            int q = i;
            while (q < end && b[q] != '?') {
                q++;
            }
            paramsLen = q - i;
            i = q;
        }
        return i == end || b[i] == '?';
    }

    /** Whether a Request-URI is one we take: {@code sip:} (any case) with a host. */
    public static boolean isSipUri(byte[] b, int off, int len) {
        return len > 4 && Ascii.startsWithIgnoreCase(b, off, len, "sip:");
    }

    public int userOffset() {
        return userOff;
    }

    /** The user part's length (0 without one). */
    public int userLength() {
        return userLen;
    }

    public int hostOffset() {
        return hostOff;
    }

    /** The host's length (without the brackets of an IPv6 reference). */
    public int hostLength() {
        return hostLen;
    }

    /** Whether the host is an IPv6 reference. */
    public boolean isIp6() {
        return ip6Literal;
    }

    /** The port, or -1 when none is given. */
    public int port() {
        return port;
    }

    /** The port, or {@link #DEFAULT_PORT}. */
    public int portOrDefault() {
        return port > 0 ? port : DEFAULT_PORT;
    }

    /** Where the uri-parameters start (at their ';'). */
    public int paramsOffset() {
        return paramsOff;
    }

    public int paramsLength() {
        return paramsLen;
    }

    /** Whether the URI has the {@code lr} parameter (a loose router, RFC 3261 §16.12.1.1). */
    public boolean isLooseRouter() {
        return paramsLen > 0 && Params.find(buf, paramsOff, paramsLen, "lr") != Params.ABSENT;
    }

    /** Reads the IPv6 host into 16 bytes; false when the host is not an IPv6 reference. */
    public boolean ip6(byte[] dst, int dstOff) {
        return ip6Literal && Ip6Text.parse(buf, hostOff, hostLen, dst, dstOff);
    }
}
