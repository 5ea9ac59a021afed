package org.firmerware.top.sip.auth;

import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.message.Params;
import org.firmerware.top.sip.message.SipHeader;
import org.firmerware.top.sip.message.SipMessage;
import org.firmerware.top.sip.message.SipWriter;

/**
 * HTTP digest authentication for SIP (RFC 3261 §22.4, RFC 2617, RFC 7616, RFC 8760): one remembered challenge (from a
 * 401's WWW-Authenticate or a 407's Proxy-Authenticate) and the credentials that answer it. Of several challenges the
 * strongest usable one is taken: SHA-256 before MD5 (RFC 8760 §2.4 lets the client pick the one it prefers), the
 * {@code -sess} variants included; qop {@code auth} is used when offered (with a fresh cnonce and a counting nc),
 * otherwise the RFC 2069 form without qop. {@code auth-int} alone and {@code userhash} are not supported.
 *
 * <p>The realm, nonce and opaque are copied from the response into arrays of their own (limits below, constructor
 * parameters); a longer one makes the challenge unusable. Main loop only; nothing allocates after construction.
 */
public final class DigestAuth {

    /** Algorithms, weakest first. */
    public static final int NONE = 0, MD5 = 1, MD5_SESS = 2, SHA256 = 3, SHA256_SESS = 4;

    /** Default limit: bytes of a realm, nonce or opaque value. */
    public static final int DEFAULT_MAX_VALUE = 160;

    private final MessageDigest md5 = new Md5();
    private final MessageDigest sha256 = new Sha256();
    private final byte[] realm;
    private final byte[] nonce;
    private final byte[] opaque;
    private int realmLen, nonceLen, opaqueLen;
    private boolean hasOpaque;
    private int algorithm;
    private boolean qopAuth;
    private boolean stale;
    private boolean proxy;
    private int nc;
    private final byte[] cnonce = new byte[16];
    private int cnonceLen;
    private final byte[] hash = new byte[32];
    private final byte[] ha1 = new byte[64];
    private final byte[] ha2 = new byte[64];
    private final int[] slice = new int[2];

    /** With the default limit. Init only. */
    public DigestAuth() {
        this(DEFAULT_MAX_VALUE);
    }

    /** @param maxValue the longest realm, nonce or opaque value kept. Init only. */
    public DigestAuth(int maxValue) {
        realm = new byte[maxValue];
        nonce = new byte[maxValue];
        opaque = new byte[maxValue];
    }

    /** Forgets the challenge. */
    public void clear() {
        algorithm = NONE;
        realmLen = nonceLen = opaqueLen = 0;
        nc = 0;
        stale = false;
    }

    /** Whether a challenge is remembered. */
    public boolean hasChallenge() {
        return algorithm != NONE;
    }

    /** The remembered challenge's algorithm. */
    public int algorithm() {
        return algorithm;
    }

    /** Whether the remembered challenge said {@code stale=true} (the credentials were right, the nonce old). */
    public boolean isStale() {
        return stale;
    }

    /** Whether the challenge came in a 407 (Proxy-Authorization answers it). */
    public boolean isProxy() {
        return proxy;
    }

    /** The realm of the remembered challenge. */
    public byte[] realm() {
        return realm;
    }

    public int realmLength() {
        return realmLen;
    }

    /** The algorithm's name as written in headers. */
    public static String algorithmName(int algorithm) {
        switch (algorithm) {
            case MD5: return "MD5";
            case MD5_SESS: return "MD5-sess";
            case SHA256: return "SHA-256";
            case SHA256_SESS: return "SHA-256-sess";
            default: return "";
        }
    }

    /**
     * Takes the strongest usable challenge of a 401 or 407 response.
     *
     * @return false when the response has none the phone can answer
     */
    public boolean takeChallenge(SipMessage m) {
        boolean isProxy = m.status() == 407;
        int id = isProxy ? SipHeader.PROXY_AUTHENTICATE : SipHeader.WWW_AUTHENTICATE;
        int best = -1;
        int bestAlg = NONE;
        for (int h = m.first(id); h >= 0; h = m.next(id, h)) {
            int alg = usableAlgorithm(m.buffer(), m.valueOffset(h), m.valueLength(h));
            if (alg > bestAlg) {
                bestAlg = alg;
                best = h;
            }
        }
        if (best < 0) {
            return false;
        }
        byte[] b = m.buffer();
        int off = m.valueOffset(best) + 6;
        int end = m.valueOffset(best) + m.valueLength(best);
        boolean newNonce = true;
        if (!value(b, off, end, "nonce")) {
            return false;
        }
        if (slice[1] > nonce.length) {
            return false;
        }
        if (algorithm != NONE && Ascii.equals(nonce, 0, nonceLen, b, slice[0], slice[1])) {
            newNonce = false;
        }
        System.arraycopy(b, slice[0], nonce, 0, slice[1]);
        nonceLen = slice[1];
        if (!value(b, off, end, "realm") || slice[1] > realm.length) {
            return false;
        }
        System.arraycopy(b, slice[0], realm, 0, slice[1]);
        realmLen = slice[1];
        hasOpaque = value(b, off, end, "opaque") && slice[1] <= opaque.length;
        if (hasOpaque) {
            System.arraycopy(b, slice[0], opaque, 0, slice[1]);
            opaqueLen = slice[1];
        }
        qopAuth = value(b, off, end, "qop") && hasToken(b, slice[0], slice[1], "auth");
        stale = value(b, off, end, "stale") && Ascii.equalsIgnoreCase(b, slice[0], slice[1], "true");
        algorithm = bestAlg;
        proxy = isProxy;
        if (newNonce) {
            nc = 0;
        }
        return true;
    }

    /** The algorithm of one challenge if the phone can answer it, else NONE. */
    private int usableAlgorithm(byte[] b, int off, int len) {
        if (len < 7 || !Ascii.startsWithIgnoreCase(b, off, len, "Digest") || !Ascii.isLws(b[off + 6] & 0xFF)) {
            return NONE;
        }
        int s = off + 6;
        int end = off + len;
        if (!value(b, s, end, "nonce") || !value(b, s, end, "realm")) {
            return NONE;
        }
        if (value(b, s, end, "qop") && !hasToken(b, slice[0], slice[1], "auth")) {
            return NONE;
        }
        if (!value(b, s, end, "algorithm")) {
            return MD5;
        }
        int a = slice[0];
        int n = slice[1];
        if (Ascii.equalsIgnoreCase(b, a, n, "MD5")) {
            return MD5;
        }
        if (Ascii.equalsIgnoreCase(b, a, n, "MD5-sess")) {
            return MD5_SESS;
        }
        if (Ascii.equalsIgnoreCase(b, a, n, "SHA-256")) {
            return SHA256;
        }
        if (Ascii.equalsIgnoreCase(b, a, n, "SHA-256-sess")) {
            return SHA256_SESS;
        }
        return NONE;
    }

    /** Finds {@code name=value} among comma-separated auth-params; the value's slice goes to {@link #slice}. */
    private boolean value(byte[] b, int off, int end, String name) {
        int i = off;
        // Bounded: every element moves i forward by at least one byte.
        while (i < end) {
            int e = Params.elementEnd(b, i, end);
            int s = Ascii.skipLws(b, i, e);
            int eq = Ascii.indexOf(b, s, e - s, '=');
            if (eq > s) {
                int nameEnd = Ascii.trimEnd(b, s, eq);
                if (Ascii.equalsIgnoreCase(b, s, nameEnd - s, name)) {
                    int v = Ascii.skipLws(b, eq + 1, e);
                    int ve = Ascii.trimEnd(b, v, e);
                    if (ve - v >= 2 && b[v] == '"' && b[ve - 1] == '"') {
                        v++;
                        ve--;
                    }
                    slice[0] = v;
                    slice[1] = ve - v;
                    return true;
                }
            }
            i = e + 1;
        }
        return false;
    }

    /** Whether a comma-separated list of tokens (a qop-options value) has the token. */
    private static boolean hasToken(byte[] b, int off, int len, String token) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int e = Ascii.indexOf(b, i, end - i, ',');
            if (e < 0) {
                e = end;
            }
            int s = Ascii.skipLws(b, i, e);
            int t = Ascii.trimEnd(b, s, e);
            if (Ascii.equalsIgnoreCase(b, s, t - s, token)) {
                return true;
            }
            i = e + 1;
        }
        return false;
    }

    /**
     * Writes the Authorization (401) or Proxy-Authorization (407) header line, CRLF included, that answers the
     * remembered challenge for a request. Every call counts nc up and draws a new cnonce from {@code randomBytes}.
     *
     * @param method the request's method name (such as {@code "REGISTER"})
     * @param uri the Request-URI (the digest-uri, RFC 3261 §22.4)
     * @param randomBytes fresh random bytes for the cnonce (written as hex)
     * @param randomLen how many: 1 to 8
     */
    public void writeAuthorization(SipWriter w, String method, byte[] uri, int uriOff, int uriLen,
                                   byte[] user, int userOff, int userLen, byte[] password, int pwOff, int pwLen,
                                   byte[] randomBytes, int randomOff, int randomLen) {
        MessageDigest h = algorithm >= SHA256 ? sha256 : md5;
        int hexLen = 2 * h.length();
        nc++;
        cnonceLen = 2 * Math.max(1, Math.min(8, randomLen));
        for (int i = 0; i < cnonceLen / 2; i++) {
            int v = randomBytes[randomOff + i] & 0xFF;
            cnonce[2 * i] = hexDigit(v >> 4);
            cnonce[2 * i + 1] = hexDigit(v & 15);
        }
        // HA1 = H(user:realm:password), and for -sess H(HA1:nonce:cnonce) (RFC 7616 §3.4.2).
        h.update(user, userOff, userLen);
        h.update(':');
        h.update(realm, 0, realmLen);
        h.update(':');
        h.update(password, pwOff, pwLen);
        h.digest(hash, 0);
        toHex(hash, h.length(), ha1);
        if (algorithm == MD5_SESS || algorithm == SHA256_SESS) {
            h.update(ha1, 0, hexLen);
            h.update(':');
            h.update(nonce, 0, nonceLen);
            h.update(':');
            h.update(cnonce, 0, cnonceLen);
            h.digest(hash, 0);
            toHex(hash, h.length(), ha1);
        }
        // HA2 = H(method:digest-uri) (§3.4.3, qop=auth).
        h.update(method);
        h.update(':');
        h.update(uri, uriOff, uriLen);
        h.digest(hash, 0);
        toHex(hash, h.length(), ha2);
        // response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) without qop (RFC 2069).
        h.update(ha1, 0, hexLen);
        h.update(':');
        h.update(nonce, 0, nonceLen);
        h.update(':');
        if (qopAuth) {
            for (int i = 7; i >= 0; i--) {
                h.update(hexDigit(nc >>> (4 * i) & 15));
            }
            h.update(':');
            h.update(cnonce, 0, cnonceLen);
            h.update(':');
            h.update("auth");
            h.update(':');
        }
        h.update(ha2, 0, hexLen);
        h.digest(hash, 0);

        w.header(proxy ? SipHeader.PROXY_AUTHORIZATION : SipHeader.AUTHORIZATION);
        w.text("Digest username=\"").bytes(user, userOff, userLen);
        w.text("\", realm=\"").bytes(realm, 0, realmLen);
        w.text("\", nonce=\"").bytes(nonce, 0, nonceLen);
        w.text("\", uri=\"").bytes(uri, uriOff, uriLen);
        w.text("\", response=\"").hexBytes(hash, 0, h.length());
        w.text("\", algorithm=").text(algorithmName(algorithm));
        if (hasOpaque) {
            w.text(", opaque=\"").bytes(opaque, 0, opaqueLen).character('"');
        }
        if (qopAuth) {
            w.text(", qop=auth, nc=").hex(nc, 8);
            w.text(", cnonce=\"").bytes(cnonce, 0, cnonceLen).character('"');
        }
        w.crlf();
    }

    private static byte hexDigit(int v) {
        return (byte) (v < 10 ? '0' + v : 'a' + v - 10);
    }

    private static void toHex(byte[] src, int n, byte[] dst) {
        for (int i = 0; i < n; i++) {
            dst[2 * i] = hexDigit((src[i] & 0xFF) >> 4);
            dst[2 * i + 1] = hexDigit(src[i] & 15);
        }
    }
}
