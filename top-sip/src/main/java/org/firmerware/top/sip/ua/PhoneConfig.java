package org.firmerware.top.sip.ua;

import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.message.Ip6Text;
import org.firmerware.top.sip.rtp.SessionConfig;
import org.firmerware.top.sip.sdp.Sdp;

/**
 * The phone's configuration, read from the text in the {@code config} flash partition during init. The format is
 * documented in docs/sip.md: lines of {@code key = value}; {@code #} starts a comment; the text ends at the first
 * erased (0xFF) or NUL byte. Keys before the first {@code account} line are the phone's; each {@code account} line
 * starts an account and the keys after it belong to that account.
 *
 * <pre>
 *   lines = 2                      sip-port = 5060            rtp-port = 16384
 *   codecs = PCMU PCMA G722        ptime = 20
 *   account = alice@example.test   password = secret-alice    auth-user = alice
 *   display-name = Alice           proxy = [2001:db8:5060:1::1]:5060               expires = 600
 * </pre>
 *
 * The accounts are allocated with the configuration, {@link #MAX_ACCOUNTS} of them; {@link #parseInto} reads a text
 * into them again without allocating (the phone does at the start of its main loop: on an AOT image init ran at build
 * time, against a flash without the device's configuration).
 */
public final class PhoneConfig {

    /** Defaults. */
    public static final int DEFAULT_LINES = 2, DEFAULT_SIP_PORT = 5060, DEFAULT_RTP_PORT = 16384,
        DEFAULT_PTIME_MS = 20, MAX_LINES = 8;
    /** The most accounts a configuration holds; an {@code account} line beyond them is not understood. */
    public static final int MAX_ACCOUNTS = 4;

    public int lines = DEFAULT_LINES;
    public int sipPort = DEFAULT_SIP_PORT;
    public int rtpPort = DEFAULT_RTP_PORT;
    public int ptimeMs = DEFAULT_PTIME_MS;
    public final int[] codecs = {SessionConfig.PCMU, SessionConfig.PCMA, SessionConfig.G722};
    public int codecCount = 3;
    /** The accounts, the first {@link #accountCount} of them in use. */
    public final Account[] accounts = new Account[MAX_ACCOUNTS];
    public int accountCount;
    /** Lines of the text that were not understood. */
    public int errorCount;
    /** The first line not understood (1-based), or 0. */
    public int firstErrorLine;

    /** A configuration with its accounts allocated, the defaults, no account. Init only. */
    public PhoneConfig() {
        for (int a = 0; a < MAX_ACCOUNTS; a++) {
            accounts[a] = new Account();
        }
    }

    /** Reads the configuration text {@code [off, off + len)}; stops at the first 0xFF or NUL. Init only. */
    public static PhoneConfig parse(byte[] b, int off, int len) {
        PhoneConfig c = new PhoneConfig();
        c.parseInto(b, off, len);
        return c;
    }

    /** Back to the defaults, then reads the text {@code [off, off + len)} (up to the first 0xFF or NUL); allocates nothing. */
    public void parseInto(byte[] b, int off, int len) {
        lines = DEFAULT_LINES;
        sipPort = DEFAULT_SIP_PORT;
        rtpPort = DEFAULT_RTP_PORT;
        ptimeMs = DEFAULT_PTIME_MS;
        codecs[0] = SessionConfig.PCMU;
        codecs[1] = SessionConfig.PCMA;
        codecs[2] = SessionConfig.G722;
        codecCount = 3;
        accountCount = 0;
        errorCount = 0;
        firstErrorLine = 0;
        int end = off;
        while (end < off + len && b[end] != (byte) 0xFF && b[end] != 0) {
            end++;
        }
        int account = -1;
        boolean skipping = false;
        int lineNo = 0;
        int i = off;
        while (i < end) {
            int nl = Ascii.indexOf(b, i, end - i, '\n');
            int e = nl < 0 ? end : nl;
            int next = nl < 0 ? end : nl + 1;
            lineNo++;
            int hash = Ascii.indexOf(b, i, e - i, '#');
            if (hash >= 0) {
                e = hash;
            }
            int s = Ascii.skipLws(b, i, e);
            e = Ascii.trimEnd(b, s, e);
            i = next;
            if (s == e) {
                continue;
            }
            int eq = Ascii.indexOf(b, s, e - s, '=');
            if (eq < 0) {
                error(lineNo);
                continue;
            }
            int ke = Ascii.trimEnd(b, s, eq);
            int vs = Ascii.skipLws(b, eq + 1, e);
            if (Ascii.equalsIgnoreCase(b, s, ke - s, "account")) {
                skipping = accountCount == MAX_ACCOUNTS;
                if (skipping) {
                    error(lineNo);
                    continue;
                }
                account = accountCount++;
                accounts[account].reset();
            } else if (skipping) {
                continue;
            }
            boolean ok = account < 0 ? phoneKey(b, s, ke, vs, e) : accountKey(accounts[account], b, s, ke, vs, e);
            if (!ok) {
                error(lineNo);
            }
        }
    }

    private void error(int lineNo) {
        errorCount++;
        if (firstErrorLine == 0) {
            firstErrorLine = lineNo;
        }
    }

    private boolean phoneKey(byte[] b, int k, int ke, int v, int ve) {
        int kl = ke - k;
        if (Ascii.equalsIgnoreCase(b, k, kl, "lines")) {
            long n = Ascii.parseDecimal(b, v, ve - v, MAX_LINES);
            if (n < 1) {
                return false;
            }
            lines = (int) n;
            return true;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "sip-port")) {
            int p = port(b, v, ve);
            sipPort = p > 0 ? p : sipPort;
            return p > 0;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "rtp-port")) {
            int p = port(b, v, ve);
            rtpPort = p > 0 ? p : rtpPort;
            return p > 0;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "ptime")) {
            long n = Ascii.parseDecimal(b, v, ve - v, 200);
            if (n < 10) {
                return false;
            }
            ptimeMs = (int) n;
            return true;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "codecs")) {
            int n = 0;
            int i = v;
            while (i < ve && n < codecs.length) {
                i = Ascii.skipLws(b, i, ve);
                int t = i;
                while (t < ve && !Ascii.isLws(b[t] & 0xFF) && b[t] != ',') {
                    t++;
                }
                int codec = Ascii.equalsIgnoreCase(b, i, t - i, "PCMU") ? SessionConfig.PCMU
                    : Ascii.equalsIgnoreCase(b, i, t - i, "PCMA") ? SessionConfig.PCMA
                    : Ascii.equalsIgnoreCase(b, i, t - i, "G722") ? SessionConfig.G722 : Sdp.NONE;
                if (codec == Sdp.NONE && t > i) {
                    return false;
                }
                if (codec != Sdp.NONE) {
                    codecs[n++] = codec;
                }
                i = t + 1;
            }
            if (n == 0) {
                return false;
            }
            codecCount = n;
            return true;
        }
        return false;
    }

    private static int port(byte[] b, int v, int ve) {
        long n = Ascii.parseDecimal(b, v, ve - v, 65535);
        return n > 0 ? (int) n : 0;
    }

    private boolean accountKey(Account a, byte[] b, int k, int ke, int v, int ve) {
        int kl = ke - k;
        int vl = ve - v;
        if (Ascii.equalsIgnoreCase(b, k, kl, "account")) {
            // user@domain, optionally with a sip: in front
            if (Ascii.startsWithIgnoreCase(b, v, vl, "sip:")) {
                v += 4;
                vl -= 4;
            }
            int at = Ascii.indexOf(b, v, vl, '@');
            if (at <= v || at == ve - 1) {
                return false;
            }
            a.userLen = copy(b, v, at - v, a.user);
            a.domainLen = copy(b, at + 1, ve - at - 1, a.domain);
            return a.userLen > 0 && a.domainLen > 0;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "password")) {
            a.passwordLen = copy(b, v, vl, a.password);
            return a.passwordLen == vl;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "auth-user")) {
            a.authUserLen = copy(b, v, vl, a.authUser);
            return a.authUserLen == vl;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "display-name")) {
            a.displayNameLen = copy(b, v, vl, a.displayName);
            return true;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "expires")) {
            long n = Ascii.parseDecimal(b, v, vl, 86400);
            if (n < 0) {
                return false;
            }
            a.expiresS = (int) n;
            return true;
        }
        if (Ascii.equalsIgnoreCase(b, k, kl, "proxy")) {
            // [address]:port or [address] or a bare address
            int as = v;
            int ae = ve;
            int p = 5060;
            if (vl > 0 && b[v] == '[') {
                int close = Ascii.indexOf(b, v, vl, ']');
                if (close < 0) {
                    return false;
                }
                as = v + 1;
                ae = close;
                if (close + 1 < ve) {
                    if (b[close + 1] != ':') {
                        return false;
                    }
                    p = port(b, close + 2, ve);
                    if (p == 0) {
                        return false;
                    }
                }
            }
            a.hasProxy = Ip6Text.parse(b, as, ae - as, a.proxy, 0);
            a.proxyPort = p;
            return a.hasProxy;
        }
        return false;
    }

    private static int copy(byte[] b, int off, int len, byte[] dst) {
        int n = Math.min(Math.max(len, 0), dst.length);
        System.arraycopy(b, off, dst, 0, n);
        return n;
    }
}
