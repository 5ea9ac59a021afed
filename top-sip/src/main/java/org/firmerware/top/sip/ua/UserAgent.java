package org.firmerware.top.sip.ua;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Randomness;
import org.firmerware.kernel.net.ip6.Icmp6Header;
import org.firmerware.kernel.net.ip6.InterfaceAddresses;
import org.firmerware.kernel.net.ip6.Ip6;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.net.udp.UdpListener;
import org.firmerware.kernel.net.udp.UdpSocket;
import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.message.Params;
import org.firmerware.top.sip.message.SipHeader;
import org.firmerware.top.sip.message.SipMessage;
import org.firmerware.top.sip.message.SipMethod;
import org.firmerware.top.sip.message.SipUri;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.message.Via;
import org.firmerware.top.sip.media.MediaEngine;
import org.firmerware.top.sip.rtp.SessionConfig;
import org.firmerware.top.sip.transaction.SipTransport;
import org.firmerware.top.sip.transaction.Transaction;
import org.firmerware.top.sip.transaction.TransactionLayer;

/**
 * The SIP user agent core (RFC 3261 §8, §12) on one UDP socket: it parses every datagram in place, hands responses
 * to the transaction layer and requests to the right place: a new call on a free line (INVITE, also one that replaces a
 * call, RFC 3891), a call's dialog (re-INVITE, ACK, BYE, CANCEL, and REFER and NOTIFY for transfers, RFC 3515), an
 * answer of its own (OPTIONS), or a rejection with the status the RFC asks for.
 *
 * <table>
 *   <caption>Requests it refuses</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>malformed but answerable (bad CSeq, Content-Length beyond the datagram, missing Max-Forwards value)</td>
 *       <td>400, stateless (RFC 3261 §8.2, §18.3)</td></tr>
 *   <tr><td>SIP version other than 2.0</td><td>505</td></tr>
 *   <tr><td>Request-URI not {@code sip:}</td><td>416 (§8.2.2.1)</td></tr>
 *   <tr><td>a Require the phone does not support</td><td>420 with Unsupported (§8.2.2.3)</td></tr>
 *   <tr><td>a known method the phone does not serve (REGISTER, SUBSCRIBE, ...)</td><td>405 with Allow (§8.2.1)</td></tr>
 *   <tr><td>an unknown method</td><td>501 (§21.5.2)</td></tr>
 *   <tr><td>INVITE with a body that is not SDP</td><td>415 with Accept (§8.2.3)</td></tr>
 *   <tr><td>INVITE whose SDP cannot be used</td><td>488 (RFC 3264 §6), 400 if it does not parse</td></tr>
 *   <tr><td>INVITE while every line is in use</td><td>486 (§21.4.24)</td></tr>
 *   <tr><td>in-dialog request for no dialog; CANCEL for no transaction</td><td>481</td></tr>
 *   <tr><td>REFER or NOTIFY outside a call; INVITE whose Replaces names no connected call (RFC 3891)</td><td>481
 *       (403 for a REFER with no To tag: REFER is served only within a call)</td></tr>
 *   <tr><td>no transaction free</td><td>503 with Retry-After</td></tr>
 *   <tr><td>a datagram that is not a request with the headers a response needs</td><td>dropped and counted</td></tr>
 * </table>
 *
 * <p>Main loop only; nothing allocates after init.
 */
public final class UserAgent implements UdpListener, SipTransport {

    /** The methods the phone serves (Allow, RFC 3261 §20.5). */
    public static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY";
    /** The extensions the phone supports (Supported, RFC 3261 §20.37): Replaces (RFC 3891). */
    public static final String SUPPORTED = "replaces";
    /** The content type of the NOTIFYs that report a transfer (RFC 3515 §2.4.5, RFC 3420). */
    static final String SIPFRAG = "message/sipfrag;version=2.0";
    /** The content type of session descriptions. */
    static final String SDP = "application/sdp";
    /** What the phone says it is (User-Agent and Server). */
    public static final String PRODUCT = "Firmerware";
    /** The longest message the phone builds or keeps. */
    public static final int MESSAGE_BYTES = 1400;

    private final Kernel kernel;
    private final Log log;
    private final Ip6 ip6;
    private final UdpSocket socket;
    private final PhoneConfig config;
    private final MediaEngine media;
    private final SessionConfig session = new SessionConfig();
    private final TransactionLayer layer;
    private final Randomness random;
    private final byte[] rx;
    private final SipMessage in = new SipMessage();
    private final Via via = new Via();
    private final SipUri uri = new SipUri();
    private final SipWriter writer = new SipWriter();
    private final byte[] tx = new byte[MESSAGE_BYTES];
    private final byte[] source = new byte[16];
    private final byte[] unreachable = new byte[16];
    private final byte[] localAddr = new byte[16];
    private final int[] slice = new int[4];
    private final byte[] referTarget = new byte[200];
    private final byte[] referReplaces = new byte[Call.MAX_REPLACES];
    private final Registration[] registrations;
    private final Call[] calls;
    private UaListener listener;
    private int received;
    private int dropped;
    private int rejected;

    /**
     * Creates the user agent: its socket on the configured port, the transaction pool (four per line and six more),
     * the registrations (one per account the configuration can hold) and the calls. Init only.
     */
    public UserAgent(Kernel kernel, Ip6 ip6, Udp udp, PhoneConfig config, MediaEngine media) {
        this.kernel = kernel;
        this.log = kernel.log();
        this.ip6 = ip6;
        this.config = config;
        this.media = media;
        this.random = ip6.random();
        this.rx = new byte[udp.maxPayload()];
        this.socket = udp.socket();
        // Four transactions per line and six more: the accounts' REGISTERs (up to four, rarely at once) and requests
        // outside calls (OPTIONS, stray ones); when the pool is empty a request waits or is refused, nothing breaks.
        int count = 4 * config.lines + 6;
        this.layer = new TransactionLayer(kernel.timers(), this, count, MESSAGE_BYTES);
        this.registrations = new Registration[PhoneConfig.MAX_ACCOUNTS];
        for (int a = 0; a < registrations.length; a++) {
            registrations[a] = new Registration(this, a, config.accounts[a]);
        }
        this.calls = new Call[config.lines];
        for (int l = 0; l < config.lines; l++) {
            calls[l] = new Call(this, l);
        }
        if (!socket.bind(config.sipPort)) {
            throw new IllegalStateException("SIP port taken");
        }
        socket.setListener(this);
    }

    /** Who hears about calls and registrations. Init only. */
    public void setListener(UaListener l) {
        listener = l;
    }

    // ------------------------------------------------------------------ what the phone uses

    public Kernel kernel() {
        return kernel;
    }

    public Log log() {
        return log;
    }

    public PhoneConfig config() {
        return config;
    }

    public MediaEngine media() {
        return media;
    }

    /** The one media configuration the calls fill from SDP and hand to the media engine. */
    SessionConfig sessionConfig() {
        return session;
    }

    public TransactionLayer transactions() {
        return layer;
    }

    /** The number of lines. */
    public int lineCount() {
        return Math.min(config.lines, calls.length);
    }

    /** The call of a line. */
    public Call call(int line) {
        return calls[line];
    }

    /** The registration of an account. */
    public Registration registration(int account) {
        return registrations[account];
    }

    /** The number of accounts. */
    public int accountCount() {
        return config.accountCount;
    }

    /**
     * Takes the configuration again after the phone read it anew at the start of the main loop (on an AOT image init
     * read the flash of the build host): the lines (at most as many as init allocated), the SIP port, each line's RTP
     * port, the accounts' registrations. Before any call or registration; allocates nothing.
     *
     * @return false when the configured SIP port cannot be bound (the previous one stays)
     */
    public boolean reconfigure() {
        if (config.lines > calls.length) {
            config.lines = calls.length;
        }
        for (int l = 0; l < lineCount(); l++) {
            calls[l].configure();
        }
        for (int a = 0; a < config.accountCount; a++) {
            registrations[a].configure();
        }
        int port = socket.port();
        if (port == config.sipPort) {
            return true;
        }
        socket.unbind();
        if (socket.bind(config.sipPort)) {
            return true;
        }
        socket.bind(port);
        config.sipPort = port;
        return false;
    }

    /** The bound SIP port. */
    public int port() {
        return socket.port();
    }

    /** Datagrams received, dropped as unanswerable, and requests rejected with a 4xx/5xx. */
    public int receivedCount() {
        return received;
    }

    public int droppedCount() {
        return dropped;
    }

    public int rejectedCount() {
        return rejected;
    }

    /** Starts (or restarts) every registration whose address is usable now; the phone calls this when addresses change. */
    public void addressesChanged() {
        for (int a = 0; a < config.accountCount; a++) {
            registrations[a].addressesChanged();
        }
    }

    /** A free line (idle, else one whose call has ended and is only still shown), or -1. */
    public int freeLine() {
        for (int l = 0; l < lineCount(); l++) {
            if (calls[l].state() == Call.IDLE) {
                return l;
            }
        }
        for (int l = 0; l < lineCount(); l++) {
            if (calls[l].state() == Call.ENDED) {
                return l;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ helpers for calls and registrations

    Randomness random() {
        return random;
    }

    SipWriter writer() {
        return writer;
    }

    /** Scratch for a REFER's target while the call it asks for is dialled (its length is at most 200). */
    byte[] referTarget() {
        return referTarget;
    }

    /** Scratch for the Replaces of a REFER's target, unescaped. */
    byte[] referReplaces() {
        return referReplaces;
    }

    void changed(int line) {
        if (listener != null) {
            listener.onCallChanged(line);
        }
    }

    void registrationChanged(int account) {
        if (listener != null) {
            listener.onRegistrationChanged(account);
        }
    }

    /**
     * Chooses our address for talking to {@code dst} (RFC 6724) into {@code out}.
     *
     * @return false when we have no usable address for it
     */
    boolean sourceFor(byte[] dst, int dstOff, byte[] out, int outOff) {
        InterfaceAddresses a = ip6.addresses();
        int i = a.selectSource(dst, dstOff);
        if (i < 0 || !a.isUsable(i)) {
            return false;
        }
        // A link-local source cannot reach beyond the link (RFC 6724 rule 2 would prefer a global one if we had it).
        if (org.firmerware.kernel.net.ip6.Ip6Address.isLinkLocal(a.bytes(), a.offset(i))
            && !org.firmerware.kernel.net.ip6.Ip6Address.isLinkLocal(dst, dstOff)) {
            return false;
        }
        System.arraycopy(a.bytes(), a.offset(i), out, outOff, 16);
        return true;
    }

    /** Random hex digits (a tag, a branch, a Call-ID). */
    void randomHex(SipWriter w, int digits) {
        for (int i = 0; i < digits; i += 8) {
            w.hex(random.nextInt(), Math.min(8, digits - i));
        }
    }

    /** Writes a Via for a new request: {@code SIP/2.0/UDP [addr]:port;branch=z9hG4bK...;rport} (RFC 3581 §3). */
    void writeVia(SipWriter w, byte[] local, int localOff) {
        w.header(SipHeader.VIA).text("SIP/2.0/UDP [").ip6(local, localOff).text("]:").decimal(socket.port())
            .text(";branch=").text(Via.MAGIC_COOKIE);
        randomHex(w, 16);
        w.text(";rport").crlf();
    }

    /** Writes {@code Contact: <sip:user@[addr]:port>}. */
    void writeContact(SipWriter w, byte[] user, int userLen, byte[] local, int localOff) {
        w.header(SipHeader.CONTACT).text("<sip:");
        if (userLen > 0) {
            w.bytes(user, 0, userLen).character('@');
        }
        w.character('[').ip6(local, localOff).text("]:").decimal(socket.port()).character('>').crlf();
    }

    /**
     * Writes the start of a response to a request (RFC 3261 §8.2.6): the status line, the Via headers (the top one
     * with {@code received} and, when asked for, {@code rport}, RFC 3581 §4), Record-Route for a dialog-creating
     * response, From, To (with our tag when the request's To has none and the status is above 100), Call-ID and CSeq.
     * The caller adds what else it needs, then {@link #endMessage}.
     *
     * @param tag our tag, or null to leave the To as it is
     */
    void writeResponseHead(SipWriter w, SipMessage req, int status, byte[] tag, int tagLen, byte[] src, int srcOff,
                           int srcPort, boolean recordRoute) {
        byte[] b = req.buffer();
        w.text("SIP/2.0 ").decimal(status).character(' ').text(reason(status)).crlf();
        boolean first = true;
        for (int h = req.first(SipHeader.VIA); h >= 0; h = req.next(SipHeader.VIA, h)) {
            w.header(SipHeader.VIA);
            if (first && via.parse(req)) {
                writeTopVia(w, b, src, srcOff, srcPort);
                int rest = via.elementOffset() + via.elementLength();
                int end = req.valueOffset(h) + req.valueLength(h);
                w.bytes(b, rest, end - rest);
            } else {
                w.bytes(b, req.valueOffset(h), req.valueLength(h));
            }
            first = false;
            w.crlf();
        }
        if (recordRoute) {
            for (int h = req.first(SipHeader.RECORD_ROUTE); h >= 0; h = req.next(SipHeader.RECORD_ROUTE, h)) {
                w.header(SipHeader.RECORD_ROUTE).bytes(b, req.valueOffset(h), req.valueLength(h)).crlf();
            }
        }
        copyHeader(w, req, SipHeader.FROM);
        int to = req.first(SipHeader.TO);
        if (to >= 0) {
            w.header(SipHeader.TO).bytes(b, req.valueOffset(to), req.valueLength(to));
            if (tag != null && status > 100 && !hasTag(req, to)) {
                w.text(";tag=").bytes(tag, 0, tagLen);
            }
            w.crlf();
        }
        copyHeader(w, req, SipHeader.CALL_ID);
        copyHeader(w, req, SipHeader.CSEQ);
    }

    /** The top Via element with received=, and rport= filled in where the request asked for it. */
    private void writeTopVia(SipWriter w, byte[] b, byte[] src, int srcOff, int srcPort) {
        int s = via.elementOffset();
        int e = s + via.elementLength();
        int p = via.paramsOffset();
        w.bytes(b, s, p - s);
        // Copy the parameters one by one, dropping an empty rport and any received (we write our own).
        int i = p;
        while (i < e) {
            int next = Ascii.indexOf(b, i + 1, e - i - 1, ';');
            if (next < 0) {
                next = e;
            }
            int ns = Ascii.skipLws(b, i + 1, next);
            int ne = ns;
            while (ne < next && Ascii.isTokenChar(b[ne] & 0xFF)) {
                ne++;
            }
            boolean skip = Ascii.equalsIgnoreCase(b, ns, ne - ns, "received")
                || Ascii.equalsIgnoreCase(b, ns, ne - ns, "rport");
            if (!skip && b[i] == ';') {
                w.bytes(b, i, next - i);
            }
            i = next;
        }
        w.text(";received=").ip6(src, srcOff);
        if (via.hasRport()) {
            w.text(";rport=").decimal(srcPort);
        }
    }

    private static boolean hasTag(SipMessage m, int h) {
        return tagOffset(m, h) >= 0;
    }

    /** A fresh random tag for a response outside a dialog (RFC 3261 §8.2.6.2, §19.3). */
    private byte[] freshTag() {
        for (int i = 0; i < FRESH_TAG_LEN; i++) {
            int v = random.below(16);
            tag[i] = (byte) (v < 10 ? '0' + v : 'a' + v - 10);
        }
        return tag;
    }

    private static final int FRESH_TAG_LEN = 8;
    private final byte[] tag = new byte[FRESH_TAG_LEN];

    /** The offset of the tag parameter's value in header line {@code h} (a name-addr), or -1. */
    static int tagOffset(SipMessage m, int h) {
        byte[] b = m.buffer();
        int off = m.valueOffset(h);
        int len = m.valueLength(h);
        int end = off + len;
        // Parameters after the URI: after '>' for a name-addr, after the URI for an addr-spec.
        int gt = Ascii.indexOf(b, off, len, '>');
        int ps;
        if (gt >= 0) {
            ps = gt + 1;
        } else {
            ps = Ascii.indexOf(b, off, len, ';');
            if (ps < 0) {
                return -1;
            }
        }
        int v = Params.find(b, ps, end - ps, "tag");
        return v >= 0 ? v : -1;
    }

    /** The length of the tag whose value starts at {@code off} in header line {@code h}. */
    static int tagLength(SipMessage m, int h, int off) {
        return Params.valueEnd(m.buffer(), off, m.valueOffset(h) + m.valueLength(h)) - off;
    }

    static void copyHeader(SipWriter w, SipMessage m, int id) {
        int h = m.first(id);
        if (h >= 0) {
            w.header(id).bytes(m.buffer(), m.valueOffset(h), m.valueLength(h)).crlf();
        }
    }

    /** Writes the headers every message of ours ends with, Content-Length and the body (or none). */
    void endMessage(SipWriter w, boolean request, byte[] body, int bodyOff, int bodyLen) {
        endMessage(w, request, SDP, body, bodyOff, bodyLen);
    }

    /** {@link #endMessage} with a body of another type. */
    void endMessage(SipWriter w, boolean request, String contentType, byte[] body, int bodyOff, int bodyLen) {
        w.header(request ? SipHeader.USER_AGENT : SipHeader.SERVER).text(PRODUCT).crlf();
        if (bodyLen > 0) {
            w.header(SipHeader.CONTENT_TYPE).text(contentType).crlf();
        }
        w.header(SipHeader.CONTENT_LENGTH).decimal(Math.max(0, bodyLen)).crlf().crlf();
        if (bodyLen > 0) {
            w.bytes(body, bodyOff, bodyLen);
        }
    }

    /** The reason phrase of a status the phone sends. */
    static String reason(int status) {
        switch (status) {
            case 100: return "Trying";
            case 180: return "Ringing";
            case 200: return "OK";
            case 202: return "Accepted";
            case 400: return "Bad Request";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 415: return "Unsupported Media Type";
            case 416: return "Unsupported URI Scheme";
            case 420: return "Bad Extension";
            case 481: return "Call/Transaction Does Not Exist";
            case 486: return "Busy Here";
            case 487: return "Request Terminated";
            case 489: return "Bad Event";
            case 488: return "Not Acceptable Here";
            case 491: return "Request Pending";
            case 500: return "Server Internal Error";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 504: return "Server Time-out";
            case 480: return "Temporarily Unavailable";
            case 404: return "Not Found";
            case 403: return "Forbidden";
            case 505: return "Version Not Supported";
            case 603: return "Decline";
            default: return "Unknown";
        }
    }

    // ------------------------------------------------------------------ transport

    @Override
    public boolean send(byte[] msg, int off, int len, byte[] src, int srcOff, byte[] dst, int dstOff, int port) {
        logMessage(">", msg, off, len, dst, dstOff, port);
        return socket.sendFrom(src, srcOff, dst, dstOff, port, msg, off, len);
    }

    private void logMessage(String dir, byte[] msg, int off, int len, byte[] peer, int peerOff, int port) {
        int e = Ascii.indexOf(msg, off, len, '\r');
        if (e < 0) {
            e = off + Math.min(len, 60);
        }
        log.begin().text("sip: ").text(dir).text(" [").ip6(peer, peerOff).text("]:").decimal(port).character(' ')
            .bytes(msg, off, Math.min(e - off, 72)).end();
    }

    @Override
    public void onDatagram(UdpSocket s) {
        // Bounded by the socket's queue.
        for (int n = s.receive(rx, 0, rx.length); n >= 0; n = s.receive(rx, 0, rx.length)) {
            if (s.lastToMulticast()) {
                continue;
            }
            s.lastSource(source, 0);
            received++;
            process(n, s.lastSourcePort());
        }
    }

    /**
     * The network refused a datagram of ours (ICMPv6 destination unreachable, or no answer to address resolution):
     * the requests to that address and port that have had no response fail now rather than after 32 s. Other ICMPv6
     * errors (too big, time exceeded, parameter problem) leave the transactions to their timers.
     */
    @Override
    public void onError(UdpSocket s) {
        if (s.lastErrorType() != Icmp6Header.TYPE_DESTINATION_UNREACHABLE) {
            return;
        }
        s.lastErrorAddress(unreachable, 0);
        int port = s.lastErrorPort();
        int ended = layer.unreachable(unreachable, 0, port, s.lastErrorCode());
        log.begin().text("sip: [").ip6(unreachable, 0).text("]:").decimal(port).text(" unreachable (code ")
            .decimal(s.lastErrorCode()).text("), ").decimal(ended).text(" requests failed").end();
    }

    private void process(int n, int srcPort) {
        int r = in.parse(rx, 0, n);
        if (r == SipMessage.KEEPALIVE) {
            // RFC 5626 §4.4.1: a double CRLF ping is answered with a single CRLF pong.
            if (n >= 4 && sourceFor(source, 0, localAddr, 0)) {
                tx[0] = '\r';
                tx[1] = '\n';
                socket.sendFrom(localAddr, 0, source, 0, srcPort, tx, 0, 2);
            }
            return;
        }
        if (r == SipMessage.BAD) {
            logMessage("<", rx, 0, n, source, 0, srcPort);
            if (in.answerStatus() > 0) {
                rejectStateless(in.answerStatus(), srcPort);
            } else {
                dropped++;
                log.begin().text("sip: dropped a malformed message (problem ").decimal(in.problem()).text(")").end();
            }
            return;
        }
        logMessage("<", rx, 0, n, source, 0, srcPort);
        if (!in.isRequest()) {
            if (!layer.onResponse(in)) {
                strayResponse();
            }
            return;
        }
        onRequest(srcPort);
    }

    /** A 2xx to an INVITE whose transaction is gone: its call sends the ACK again (RFC 3261 §13.2.2.4). */
    private void strayResponse() {
        if (in.cseqMethod() != SipMethod.INVITE || in.status() < 200 || in.status() >= 300) {
            return;
        }
        Call c = findCall(in, false);
        if (c != null) {
            c.onStray2xx(in);
        }
    }

    private void onRequest(int srcPort) {
        int method = in.method();
        if (method != SipMethod.ACK && method != SipMethod.CANCEL && requiresUnsupported()) {
            respondStateless(420, srcPort, SipHeader.UNSUPPORTED);
            return;
        }
        if (method == SipMethod.OPTIONS || method == SipMethod.UNKNOWN || method == SipMethod.REGISTER
            || method > SipMethod.INFO && method != SipMethod.UPDATE && method != SipMethod.REFER
            && method != SipMethod.NOTIFY) {
            // Answered statelessly (RFC 3261 §8.2.7): a retransmission gets the same answer again, and no transaction
            // of the pool, which calls need, is spent on them.
            respondStateless(method == SipMethod.OPTIONS ? 200 : method == SipMethod.UNKNOWN ? 501 : 405, srcPort, 0);
            return;
        }
        if (!sourceFor(source, 0, localAddr, 0)) {
            dropped++;
            return;
        }
        Transaction t = layer.onRequest(in, source, 0, srcPort, localAddr, 0);
        if (t == null) {
            int outcome = layer.lastOutcome();
            if (outcome == TransactionLayer.ACK_FOR_USER) {
                Call c = findCall(in, true);
                if (c != null) {
                    c.onAck(in);
                }
            } else if (outcome == TransactionLayer.NO_ROOM && method != SipMethod.ACK) {
                respondStateless(503, srcPort, 0);
            }
            return;
        }
        switch (method) {
            case SipMethod.INVITE:
                onInvite(t);
                break;
            case SipMethod.BYE:
            case SipMethod.INFO: {
                Call c = findCall(in, true);
                if (c == null) {
                    respond(t, 481);
                } else if (method == SipMethod.BYE) {
                    c.onBye(t);
                } else {
                    respond(t, 200);
                }
                break;
            }
            case SipMethod.CANCEL:
                onCancel(t);
                break;
            case SipMethod.REFER:
            case SipMethod.NOTIFY: {
                // Only within a call: REFER asks us to call someone (RFC 3515), NOTIFY reports our own REFER.
                Call c = findCall(in, true);
                SipMessage m = layer.parseRequest(t);
                if (c == null) {
                    int to = m.first(SipHeader.TO);
                    respond(t, method == SipMethod.REFER && to >= 0 && tagOffset(m, to) < 0 ? 403 : 481);
                } else if (method == SipMethod.REFER) {
                    c.onRefer(t, m);
                } else {
                    c.onNotify(t, m);
                }
                break;
            }
            case SipMethod.OPTIONS:
                respond(t, 200);
                break;
            case SipMethod.UNKNOWN:
                respond(t, 501);
                break;
            default:
                respond(t, 405);
                break;
        }
    }

    private void onInvite(Transaction t) {
        SipMessage m = layer.parseRequest(t);
        int to = m.first(SipHeader.TO);
        if (to >= 0 && tagOffset(m, to) >= 0) {
            Call c = findCall(m, true);
            if (c == null) {
                respond(t, 481);
            } else {
                c.onReinvite(t, m);
            }
            return;
        }
        if (m.bodyLength() > 0) {
            int ct = m.first(SipHeader.CONTENT_TYPE);
            if (ct < 0 || !Ascii.startsWithIgnoreCase(m.buffer(), m.valueOffset(ct), m.valueLength(ct),
                "application/sdp")) {
                respond(t, 415);
                return;
            }
        }
        Call replaced = null;
        int rep = m.first(SipHeader.REPLACES);
        if (rep >= 0) {
            replaced = replacedCall(m, rep);
            if (replaced == null) {
                // RFC 3891 §3: no confirmed dialog of ours matches.
                respond(t, 481);
                return;
            }
        }
        int line = freeLine();
        if (line < 0) {
            respond(t, 486);
            return;
        }
        calls[line].onInvite(t, m);
        if (replaced != null && calls[line].state() == Call.INCOMING) {
            calls[line].replace(replaced);
        }
    }

    /** The connected call a Replaces header ({@code call-id;to-tag=T;from-tag=F}, RFC 3891 §6.1) names, or null. */
    private Call replacedCall(SipMessage m, int h) {
        byte[] b = m.buffer();
        int off = m.valueOffset(h);
        int end = off + m.valueLength(h);
        int semi = Ascii.indexOf(b, off, end - off, ';');
        if (semi < 0) {
            return null;
        }
        int cidEnd = Ascii.trimEnd(b, off, semi);
        int tt = Params.find(b, semi, end - semi, "to-tag");
        int ft = Params.find(b, semi, end - semi, "from-tag");
        if (tt < 0 || ft < 0) {
            return null;
        }
        int ttLen = Params.valueEnd(b, tt, end) - tt;
        int ftLen = Params.valueEnd(b, ft, end) - ft;
        for (int l = 0; l < lineCount(); l++) {
            if (calls[l].isDialog(b, off, cidEnd - off, tt, ttLen, ft, ftLen)) {
                return calls[l];
            }
        }
        return null;
    }

    /** Whether the request requires an extension other than the ones we support (RFC 3261 §8.2.2.3). */
    private boolean requiresUnsupported() {
        byte[] b = in.buffer();
        for (int h = in.first(SipHeader.REQUIRE); h >= 0; h = in.next(SipHeader.REQUIRE, h)) {
            int end = in.valueOffset(h) + in.valueLength(h);
            int i = in.valueOffset(h);
            while (i < end) {
                int e = Params.elementEnd(b, i, end);
                int s = Ascii.skipLws(b, i, e);
                int t = Ascii.trimEnd(b, s, e);
                if (t > s && !Ascii.equalsIgnoreCase(b, s, t - s, SUPPORTED)) {
                    return true;
                }
                i = e + 1;
            }
        }
        return false;
    }

    private void onCancel(Transaction t) {
        SipMessage m = layer.parseRequest(t);
        Transaction invite = layer.findInviteFor(m);
        if (invite == null) {
            respond(t, 481);
            return;
        }
        respond(t, 200);
        for (int l = 0; l < lineCount(); l++) {
            if (calls[l].owns(invite)) {
                calls[l].onCancel();
                return;
            }
        }
        // Not a call's (a final response went out already): nothing more to do (RFC 3261 §9.2).
    }

    /**
     * The call whose dialog a message belongs to: the same Call-ID and, for a request, our tag in its To and theirs in
     * its From (for a response the other way round; a response matches on Call-ID alone).
     */
    private Call findCall(SipMessage m, boolean request) {
        int cid = m.first(SipHeader.CALL_ID);
        if (cid < 0) {
            return null;
        }
        for (int l = 0; l < lineCount(); l++) {
            if (calls[l].matches(m, cid, request)) {
                return calls[l];
            }
        }
        return null;
    }

    /** Responds within a server transaction with a bare response (no body, no dialog). */
    void respond(Transaction t, int status) {
        SipMessage m = layer.parseRequest(t);
        SipWriter w = writer.reset(t.response(), 0, t.response().length);
        writeResponseHead(w, m, status, freshTag(), FRESH_TAG_LEN, t.peer(), 0, t.sourcePort(), false);
        extraHeaders(w, status, m);
        endMessage(w, false, null, 0, 0);
        if (status >= 300) {
            rejected++;
        }
        if (!w.overflowed()) {
            layer.respond(t, w.length(), status);
        }
    }

    private void extraHeaders(SipWriter w, int status, SipMessage m) {
        if (status == 405 || status == 200 && m.method() == SipMethod.OPTIONS) {
            w.header(SipHeader.ALLOW).text(ALLOW).crlf();
        }
        if (status == 200 && m.method() == SipMethod.OPTIONS || status == 415) {
            w.header(SipHeader.ACCEPT).text("application/sdp").crlf();
        }
        if (status == 503) {
            w.header(SipHeader.RETRY_AFTER).text("5").crlf();
        }
    }

    private void rejectStateless(int status, int srcPort) {
        respondStateless(status, srcPort, 0);
    }

    /** A response without a transaction (for requests the layer never sees). */
    private void respondStateless(int status, int srcPort, int extra) {
        if (!sourceFor(source, 0, localAddr, 0) || !via.parse(in)) {
            dropped++;
            return;
        }
        int port = via.hasRport() ? srcPort : via.port() > 0 ? via.port() : 5060;
        SipWriter w = writer.reset(tx, 0, tx.length);
        writeResponseHead(w, in, status, freshTag(), FRESH_TAG_LEN, source, 0, srcPort, false);
        if (extra == SipHeader.UNSUPPORTED) {
            w.header(SipHeader.UNSUPPORTED);
            boolean first = true;
            for (int h = in.first(SipHeader.REQUIRE); h >= 0; h = in.next(SipHeader.REQUIRE, h)) {
                if (!first) {
                    w.text(", ");
                }
                w.bytes(in.buffer(), in.valueOffset(h), in.valueLength(h));
                first = false;
            }
            w.crlf();
        }
        extraHeaders(w, status, in);
        endMessage(w, false, null, 0, 0);
        rejected++;
        if (!w.overflowed()) {
            send(tx, 0, w.length(), localAddr, 0, source, 0, port);
        }
    }
}
