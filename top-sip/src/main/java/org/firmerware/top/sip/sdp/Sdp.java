package org.firmerware.top.sip.sdp;

import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.message.Ip6Text;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.rtp.SessionConfig;

/**
 * SDP (RFC 4566) for the offer/answer model (RFC 3264), as much as a phone with one audio stream needs: reads a
 * session description in place, picks the codec, the telephone-event payload type (RFC 4733), the packet time and
 * the direction, and writes offers and answers with the phone's own address.
 *
 * <h2>Reading ({@link #parse})</h2>
 * The first {@code m=audio} line with a non-zero port over {@code RTP/AVP} is the stream; other media lines are
 * remembered so that an answer can refuse each with port 0 (RFC 3264 §6). The connection address is the media
 * level's {@code c=}, else the session's; only {@code IN IP6} is usable (the phone has no IPv4). Static payload types
 * 0 (PCMU), 8 (PCMA) and 9 (G722) are known without rtpmap; dynamic ones by their rtpmap encoding name. Codecs are
 * named by {@link SessionConfig}'s constants ({@link SessionConfig#PCMU} ...), which {@link #session} hands to the
 * media engine with the rest of what was decided.
 * {@code a=ptime}, and {@code a=sendrecv/sendonly/recvonly/inactive} at session or media level, are read.
 *
 * <h2>Choosing</h2>
 * The answer honours the offer's order: the first format of the offer's m-line that the phone supports is used
 * (RFC 3264 §6.1), with the offer's ptime when it gave one, and telephone-event when offered.
 *
 * <p>Main loop only; one instance is reused. Limits: {@link #MAX_FORMATS} formats per m-line and
 * {@link #MAX_MEDIA} m-lines; more make the description unusable.
 */
public final class Sdp {

    /** No codec. */
    public static final int NONE = -1;
    /** Directions (RFC 3264 §5.1). */
    public static final int SENDRECV = 0, SENDONLY = 1, RECVONLY = 2, INACTIVE = 3;
    /** The packet time when the offer names none (RFC 3551 §4.5: 20 ms for these codecs). */
    public static final int DEFAULT_PTIME_MS = 20;
    /** The telephone-event payload type the phone offers. */
    public static final int OFFER_TELEPHONE_EVENT_PT = 101;
    /** Most formats on one m-line. */
    public static final int MAX_FORMATS = 32;
    /** Most m-lines. */
    public static final int MAX_MEDIA = 8;

    /** Results of {@link #parse}. */
    public static final int OK = 0, BAD = 1, NO_AUDIO = 2, NO_CODEC = 3, NOT_IP6 = 4;

    private final int[] formats = new int[MAX_FORMATS];
    private final int[] formatCodec = new int[MAX_FORMATS];
    private int formatCount;
    private final int[] mediaOff = new int[MAX_MEDIA];
    private final int[] mediaLen = new int[MAX_MEDIA];
    private int mediaCount;
    private int audioIndex;
    private final byte[] address = new byte[16];
    private boolean hasAddress;
    private int port;
    private int ptime;
    private int direction;
    private int codec;
    private int payloadType;
    private int telephoneEvent;
    private long sessionVersion;
    private int rtpmapPt;

    /**
     * Reads a session description.
     *
     * @return {@link #OK}, or why it cannot be used: {@link #BAD} (syntax), {@link #NO_AUDIO}, {@link #NO_CODEC},
     *     {@link #NOT_IP6}
     */
    public int parse(byte[] b, int off, int len) {
        formatCount = 0;
        mediaCount = 0;
        audioIndex = -1;
        hasAddress = false;
        port = 0;
        ptime = 0;
        direction = SENDRECV;
        codec = NONE;
        payloadType = -1;
        telephoneEvent = -1;
        sessionVersion = -1;
        int sessionDirection = SENDRECV;
        int mediaDirection = -1;
        boolean sessionIp6 = false;
        boolean sessionAddr = false;
        boolean mediaAddr = false;
        boolean sawV = false;
        int end = off + len;
        int i = off;
        boolean inAudio = false;
        // Bounded: one pass per line, i only grows.
        while (i < end) {
            int lineEnd = Ascii.indexOf(b, i, end - i, '\n');
            int next = lineEnd < 0 ? end : lineEnd + 1;
            int e = lineEnd < 0 ? end : lineEnd;
            if (e > i && b[e - 1] == '\r') {
                e--;
            }
            if (e == i) {
                i = next;
                continue;
            }
            if (e - i < 2 || b[i + 1] != '=') {
                return BAD;
            }
            int type = b[i] & 0xFF;
            int v = i + 2;
            if (!sawV) {
                if (type != 'v') {
                    return BAD;
                }
                sawV = true;
            }
            switch (type) {
                case 'o':
                    sessionVersion = originVersion(b, v, e);
                    break;
                case 'm':
                    if (mediaCount == MAX_MEDIA) {
                        return BAD;
                    }
                    mediaOff[mediaCount] = v;
                    mediaLen[mediaCount] = e - v;
                    mediaCount++;
                    if (inAudio) {
                        inAudio = false;
                    }
                    if (audioIndex < 0 && mediaLine(b, v, e)) {
                        audioIndex = mediaCount - 1;
                        inAudio = true;
                    }
                    break;
                case 'c':
                    if (mediaCount == 0 || inAudio) {
                        boolean ok = connection(b, v, e);
                        if (mediaCount == 0) {
                            sessionAddr = true;
                            sessionIp6 = ok;
                        } else {
                            mediaAddr = true;
                            if (!ok) {
                                hasAddress = false;
                            }
                        }
                    }
                    break;
                case 'a':
                    if (mediaCount == 0 || inAudio) {
                        int d = attribute(b, v, e);
                        if (d >= 0) {
                            if (mediaCount == 0) {
                                sessionDirection = d;
                            } else {
                                mediaDirection = d;
                            }
                        }
                    }
                    break;
                default:
                    break;
            }
            i = next;
        }
        if (!sawV) {
            return BAD;
        }
        if (audioIndex < 0) {
            return NO_AUDIO;
        }
        direction = mediaDirection >= 0 ? mediaDirection : sessionDirection;
        if (!hasAddress || !mediaAddr && !sessionIp6 || !mediaAddr && !sessionAddr) {
            return NOT_IP6;
        }
        // The first supported format in the offer's order; telephone-event on the side.
        for (int k = 0; k < formatCount; k++) {
            int c = formatCodec[k];
            if (c == CODEC_TELEPHONE_EVENT) {
                if (telephoneEvent < 0) {
                    telephoneEvent = formats[k];
                }
            } else if (c != NONE && codec == NONE) {
                codec = c;
                payloadType = formats[k];
            }
        }
        return codec == NONE ? NO_CODEC : OK;
    }

    private static final int CODEC_TELEPHONE_EVENT = 101;

    /** {@code o=<username> <sess-id> <sess-version> ...}: the version, or -1. */
    private static long originVersion(byte[] b, int s, int e) {
        int field = 0;
        int i = s;
        while (i < e && field < 2) {
            if (b[i] == ' ') {
                field++;
            }
            i++;
        }
        int t = i;
        while (t < e && b[t] != ' ') {
            t++;
        }
        return field == 2 ? Ascii.parseDecimal(b, i, t - i, Long.MAX_VALUE / 10) : -1;
    }

    /** {@code m=audio <port> RTP/AVP <fmt> ...}: true (and the formats kept) for a usable audio stream. */
    private boolean mediaLine(byte[] b, int s, int e) {
        int sp = Ascii.indexOf(b, s, e - s, ' ');
        if (sp < 0 || !Ascii.equals(b, s, sp - s, "audio")) {
            return false;
        }
        int p = sp + 1;
        int sp2 = Ascii.indexOf(b, p, e - p, ' ');
        if (sp2 < 0) {
            return false;
        }
        int slash = Ascii.indexOf(b, p, sp2 - p, '/');
        long portValue = Ascii.parseDecimal(b, p, (slash < 0 ? sp2 : slash) - p, 65535);
        if (portValue <= 0) {
            return false;
        }
        int q = sp2 + 1;
        int sp3 = Ascii.indexOf(b, q, e - q, ' ');
        if (sp3 < 0 || !Ascii.equals(b, q, sp3 - q, "RTP/AVP")) {
            return false;
        }
        formatCount = 0;
        int f = sp3 + 1;
        while (f < e && formatCount < MAX_FORMATS) {
            int fe = Ascii.indexOf(b, f, e - f, ' ');
            if (fe < 0) {
                fe = e;
            }
            long pt = Ascii.parseDecimal(b, f, fe - f, 127);
            if (pt >= 0) {
                formats[formatCount] = (int) pt;
                formatCodec[formatCount] = pt == 0 ? SessionConfig.PCMU : pt == 8 ? SessionConfig.PCMA
                    : pt == 9 ? SessionConfig.G722 : NONE;
                formatCount++;
            }
            f = fe + 1;
        }
        port = (int) portValue;
        return formatCount > 0;
    }

    /** {@code c=IN IP6 <address>}: true when it is an IPv6 address (kept). */
    private boolean connection(byte[] b, int s, int e) {
        if (!Ascii.startsWithIgnoreCase(b, s, e - s, "IN IP6 ")) {
            return false;
        }
        int a = s + 7;
        int ae = a;
        while (ae < e && b[ae] != '/' && b[ae] != ' ') {
            ae++;
        }
        hasAddress = Ip6Text.parse(b, a, ae - a, address, 0);
        return hasAddress;
    }

    /** An attribute of the audio stream or session: the direction it names, or -1. */
    private int attribute(byte[] b, int s, int e) {
        int n = e - s;
        if (Ascii.equals(b, s, n, "sendrecv")) {
            return SENDRECV;
        }
        if (Ascii.equals(b, s, n, "sendonly")) {
            return SENDONLY;
        }
        if (Ascii.equals(b, s, n, "recvonly")) {
            return RECVONLY;
        }
        if (Ascii.equals(b, s, n, "inactive")) {
            return INACTIVE;
        }
        if (Ascii.startsWithIgnoreCase(b, s, n, "ptime:")) {
            long v = Ascii.parseDecimal(b, s + 6, n - 6, 1000);
            if (v > 0) {
                ptime = (int) v;
            }
        } else if (Ascii.startsWithIgnoreCase(b, s, n, "rtpmap:")) {
            rtpmap(b, s + 7, e);
        }
        return -1;
    }

    /** {@code rtpmap:<pt> <name>/<clock>[/<channels>]}: gives a dynamic format its codec. */
    private void rtpmap(byte[] b, int s, int e) {
        int sp = Ascii.indexOf(b, s, e - s, ' ');
        if (sp < 0) {
            return;
        }
        long pt = Ascii.parseDecimal(b, s, sp - s, 127);
        if (pt < 0) {
            return;
        }
        rtpmapPt = (int) pt;
        int n = sp + 1;
        int slash = Ascii.indexOf(b, n, e - n, '/');
        if (slash < 0) {
            return;
        }
        int ce = slash + 1;
        while (ce < e && Ascii.isDigit(b[ce])) {
            ce++;
        }
        long clock = Ascii.parseDecimal(b, slash + 1, ce - slash - 1, 1_000_000);
        int c = NONE;
        if (clock == 8000) {
            if (Ascii.equalsIgnoreCase(b, n, slash - n, "PCMU")) {
                c = SessionConfig.PCMU;
            } else if (Ascii.equalsIgnoreCase(b, n, slash - n, "PCMA")) {
                c = SessionConfig.PCMA;
            } else if (Ascii.equalsIgnoreCase(b, n, slash - n, "G722")) {
                c = SessionConfig.G722;
            } else if (Ascii.equalsIgnoreCase(b, n, slash - n, "telephone-event")) {
                c = CODEC_TELEPHONE_EVENT;
            }
        }
        for (int k = 0; k < formatCount; k++) {
            if (formats[k] == rtpmapPt) {
                formatCodec[k] = c;
            }
        }
    }

    // ------------------------------------------------------------------ results

    /** The chosen codec ({@link SessionConfig#PCMU}, {@code PCMA}, {@code G722}) after {@link #OK}. */
    public int codec() {
        return codec;
    }

    /** The payload type the other side uses for the chosen codec. */
    public int payloadType() {
        return payloadType;
    }

    /** The other side's telephone-event payload type, or -1. */
    public int telephoneEventPt() {
        return telephoneEvent;
    }

    /** The offered packet time, or 0 when none was given. */
    public int ptimeMs() {
        return ptime;
    }

    /** The direction the description states for the stream. */
    public int direction() {
        return direction;
    }

    /** The stream's port (0: refused). */
    public int port() {
        return port;
    }

    /** The stream's IPv6 address (16 bytes). */
    public byte[] address() {
        return address;
    }

    /** The version of the o= line, or -1. */
    public long sessionVersion() {
        return sessionVersion;
    }

    /** Whether the connection address is the unspecified address (the old hold, RFC 3264 §8.4). */
    public boolean addressIsUnspecified() {
        for (int k = 0; k < 16; k++) {
            if (address[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hands what the offer/answer decided to the media: the other side's address and port, the codec and its payload
     * type, telephone-event, the packet time ({@code defaultPtimeMs} when the description gave none), and our
     * direction {@code ours} ({@link #SENDRECV} ...) as send and receive.
     */
    public void session(SessionConfig c, int localPort, int ours, int defaultPtimeMs) {
        c.localPort = localPort;
        System.arraycopy(address, 0, c.remoteAddress, 0, 16);
        c.remotePort = port;
        c.remoteRtcpPort = 0;
        c.codec = codec;
        c.payloadType = payloadType;
        c.ptimeMs = ptime > 0 ? ptime : defaultPtimeMs;
        c.telephoneEventPayloadType = telephoneEvent;
        c.send = ours == SENDRECV || ours == SENDONLY;
        c.receive = ours == SENDRECV || ours == RECVONLY;
    }

    /** The direction the answerer takes for an offered direction (RFC 3264 §6.1), if it wants to send and receive. */
    public static int answerDirection(int offered, boolean localHold) {
        switch (offered) {
            case SENDONLY: return localHold ? INACTIVE : RECVONLY;
            case RECVONLY: return SENDONLY;
            case INACTIVE: return INACTIVE;
            default: return localHold ? SENDONLY : SENDRECV;
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes an offer: one audio stream with PCMU, PCMA, G722 (in the order of {@code codecs}) and telephone-event,
     * from our address and RTP port.
     *
     * @param codecs the codecs in order of preference ({@link SessionConfig#PCMU} etc.), {@code codecCount} of them
     */
    public static void writeOffer(SipWriter w, byte[] addr, int addrOff, int rtpPort, long sessionId, long version,
                                  int[] codecs, int codecCount, int ptimeMs, int dir) {
        head(w, addr, addrOff, sessionId, version);
        w.text("m=audio ").decimal(rtpPort).text(" RTP/AVP");
        for (int k = 0; k < codecCount; k++) {
            w.character(' ').decimal(SessionConfig.staticPayloadType(codecs[k]));
        }
        w.character(' ').decimal(OFFER_TELEPHONE_EVENT_PT).crlf();
        for (int k = 0; k < codecCount; k++) {
            rtpmapLine(w, SessionConfig.staticPayloadType(codecs[k]), codecs[k]);
        }
        w.text("a=rtpmap:").decimal(OFFER_TELEPHONE_EVENT_PT).text(" telephone-event/8000").crlf();
        w.text("a=fmtp:").decimal(OFFER_TELEPHONE_EVENT_PT).text(" 0-15").crlf();
        w.text("a=ptime:").decimal(ptimeMs).crlf();
        direction(w, dir);
    }

    /**
     * Writes the answer to the offer last {@link #parse}d (which returned {@link #OK}): the chosen format first,
     * telephone-event if offered, the offer's ptime, the direction; every other m-line refused with port 0.
     *
     * @param offer the offer's bytes, still in place (the other m-lines are copied from it)
     */
    public void writeAnswer(SipWriter w, byte[] offer, byte[] addr, int addrOff, int rtpPort, long sessionId,
                            long version, int dir) {
        head(w, addr, addrOff, sessionId, version);
        for (int m = 0; m < mediaCount; m++) {
            if (m == audioIndex) {
                w.text("m=audio ").decimal(rtpPort).text(" RTP/AVP ").decimal(payloadType);
                if (telephoneEvent >= 0) {
                    w.character(' ').decimal(telephoneEvent);
                }
                w.crlf();
                rtpmapLine(w, payloadType, codec);
                if (telephoneEvent >= 0) {
                    w.text("a=rtpmap:").decimal(telephoneEvent).text(" telephone-event/8000").crlf();
                    w.text("a=fmtp:").decimal(telephoneEvent).text(" 0-15").crlf();
                }
                w.text("a=ptime:").decimal(ptime > 0 ? ptime : DEFAULT_PTIME_MS).crlf();
                direction(w, dir);
            } else {
                // m=<media> 0 <proto> <fmt>: the same media and protocol, port 0.
                int s = mediaOff[m];
                int e = s + mediaLen[m];
                int sp = Ascii.indexOf(offer, s, e - s, ' ');
                int sp2 = sp < 0 ? -1 : Ascii.indexOf(offer, sp + 1, e - sp - 1, ' ');
                int sp3 = sp2 < 0 ? -1 : Ascii.indexOf(offer, sp2 + 1, e - sp2 - 1, ' ');
                if (sp3 < 0) {
                    continue;
                }
                int fe = Ascii.indexOf(offer, sp3 + 1, e - sp3 - 1, ' ');
                w.text("m=").bytes(offer, s, sp - s).text(" 0").bytes(offer, sp2, (fe < 0 ? e : fe) - sp2).crlf();
            }
        }
    }

    private static void head(SipWriter w, byte[] addr, int addrOff, long sessionId, long version) {
        w.text("v=0").crlf();
        w.text("o=- ").decimal(sessionId).character(' ').decimal(version).text(" IN IP6 ").ip6(addr, addrOff).crlf();
        w.text("s=-").crlf();
        w.text("c=IN IP6 ").ip6(addr, addrOff).crlf();
        w.text("t=0 0").crlf();
    }

    private static void rtpmapLine(SipWriter w, int pt, int codec) {
        w.text("a=rtpmap:").decimal(pt).character(' ');
        switch (codec) {
            case SessionConfig.PCMU: w.text("PCMU/8000"); break;
            case SessionConfig.PCMA: w.text("PCMA/8000"); break;
            default: w.text("G722/8000"); break;
        }
        w.crlf();
    }

    private static void direction(SipWriter w, int dir) {
        switch (dir) {
            case SENDONLY: w.text("a=sendonly"); break;
            case RECVONLY: w.text("a=recvonly"); break;
            case INACTIVE: w.text("a=inactive"); break;
            default: w.text("a=sendrecv"); break;
        }
        w.crlf();
    }
}
