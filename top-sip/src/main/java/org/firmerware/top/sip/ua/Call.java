package org.firmerware.top.sip.ua;

import org.firmerware.top.sip.auth.DigestAuth;
import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.message.Params;
import org.firmerware.top.sip.message.SipHeader;
import org.firmerware.top.sip.message.SipMessage;
import org.firmerware.top.sip.message.SipMethod;
import org.firmerware.top.sip.message.SipUri;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.media.MediaEngine;
import org.firmerware.top.sip.rtp.SessionConfig;
import org.firmerware.top.sip.sdp.Sdp;
import org.firmerware.top.sip.transaction.Transaction;
import org.firmerware.top.sip.transaction.TransactionUser;

/**
 * The call on one line: an INVITE dialog (RFC 3261 §12, §13, §14, §15) with its SDP offer/answer (RFC 3264) and the
 * line's RTP session in the {@link MediaEngine}, started, changed (hold, resume, a re-INVITE of the other side) and
 * stopped with the dialog.
 *
 * <pre>
 *   IDLE --dial--> CALLING --1xx--> RINGBACK --2xx (ACK sent)--> CONNECTED --BYE sent/received--> ENDED
 *   IDLE --INVITE (180 sent)--> INCOMING --answer (200 sent)--> CONNECTED
 *   CALLING/RINGBACK --hang up: CANCEL (after a provisional response, §9.1)--> CANCELLING --487--> ENDED
 *   INCOMING --reject (486)/CANCEL received (487)--> ENDED         any --failure, timeout--> ENDED
 *   ENDED --the phone has shown it: clear--> IDLE
 * </pre>
 * In CONNECTED a re-INVITE of ours puts the call on hold ({@code a=sendonly}) or resumes it ({@code a=sendrecv},
 * RFC 3264 §8.4); one from the other side is answered with the direction that mirrors its offer. A 401/407 to our
 * INVITE is answered once with digest credentials of the call's account. Dialogs use loose routing only (the route
 * set's first entry must have {@code lr}; strict routing, §12.2.1.1's other case, is not done).
 *
 * <p>Main loop only.
 */
public final class Call implements TransactionUser {

    /** States. */
    public static final int IDLE = 0, CALLING = 1, RINGBACK = 2, INCOMING = 3, CONNECTED = 4, CANCELLING = 5,
        ENDING = 6, ENDED = 7;
    /** Why a call ended ({@link #endStatus()}): a SIP status, or one of these. */
    public static final int END_LOCAL = 1, END_REMOTE = 2, END_TIMEOUT = 408, END_NO_ROUTE = 3, END_TRANSFERRED = 4,
        END_UNREACHABLE = 5;
    /** Our transfer of this call ({@link #transferState()}): none, REFER sent and going on, it failed. */
    public static final int XFER_NONE = 0, XFER_TRYING = 1, XFER_FAILED = 2, XFER_DONE = 3;
    /** The longest Replaces value a Refer-To may carry (RFC 3891), unescaped. */
    static final int MAX_REPLACES = 200;

    private static final int MAX_ROUTES = 6;

    private final UserAgent ua;
    private final int line;
    private final DigestAuth auth = new DigestAuth();
    private final Sdp sdp = new Sdp();
    private final SipUri uri = new SipUri();
    private final int[] slice = new int[4];
    private final byte[] callId = new byte[80];
    private int callIdLen;
    private final byte[] localTag = new byte[16];
    private int localTagLen;
    private final byte[] remoteTag = new byte[80];
    private int remoteTagLen;
    private final byte[] localNa = new byte[256];
    private int localNaLen;
    private final byte[] remoteNa = new byte[256];
    private int remoteNaLen;
    private final byte[] remoteTarget = new byte[200];
    private int remoteTargetLen;
    private final byte[] requestUri = new byte[200];
    private int requestUriLen;
    private final byte[] routes = new byte[512];
    private final int[] routeOff = new int[MAX_ROUTES];
    private final int[] routeLen = new int[MAX_ROUTES];
    private int routeCount;
    private final byte[] number = new byte[48];
    private int numberLen;
    private final byte[] nextHop = new byte[16];
    private int nextHopPort;
    private final byte[] local = new byte[16];
    private final byte[] ack = new byte[UserAgent.MESSAGE_BYTES];
    private int ackLen;
    private final byte[] body = new byte[800];
    private final byte[] randomBytes = new byte[8];
    private int state = IDLE;
    private int endStatus;
    private boolean incoming;
    private int account = -1;
    private long localCseq;
    private long remoteCseq;
    private Transaction invite;
    private int inviteGen;
    private Transaction reinvite;
    private int reinviteGen;
    private boolean cancelPending;
    private boolean gotProvisional;
    private int authAnswers;
    private boolean localHold;
    private boolean remoteHold;
    private long sessionId;
    private long sessionVersion;
    private int connectedAtMs;
    private int rtpPort;
    // Transfer (RFC 3515). As transferor: our REFER in this dialog and what the NOTIFYs reported.
    private int transfer = XFER_NONE;
    private int transferStatus;
    private Transaction refer;
    private int referGen;
    /** The consulted call of our attended transfer (its party is the Refer-To), or null. */
    private Call consulted;
    // As transferee: the line whose REFER this call answers (-1: none), and the Replaces our INVITE carries.
    private int referredBy = -1;
    private final byte[] replaces = new byte[MAX_REPLACES];
    private int replacesLen;
    // As the target of an attended transfer: the line this call replaces (RFC 3891), -1 if none.
    private boolean replacement;

    Call(UserAgent ua, int line) {
        this.ua = ua;
        this.line = line;
        this.rtpPort = ua.config().rtpPort + 2 * line;
    }

    // ------------------------------------------------------------------ what the phone reads

    /** The state ({@link #IDLE} ...). */
    public int state() {
        return state;
    }

    /** Why the call ended: a SIP status (486, 404, 487 ...), {@link #END_LOCAL} or {@link #END_REMOTE}. */
    public int endStatus() {
        return endStatus;
    }

    /** Whether the other side called. */
    public boolean isIncoming() {
        return incoming;
    }

    /** Whether we put the call on hold. */
    public boolean isOnHold() {
        return localHold;
    }

    /** Whether the other side put the call on hold. */
    public boolean isHeldByRemote() {
        return remoteHold;
    }

    /** The other party as the phone shows it (digits dialled, or the caller's user part). */
    public byte[] number() {
        return number;
    }

    public int numberLength() {
        return numberLen;
    }

    /** When the call was answered (the kernel's milliseconds), valid in CONNECTED. */
    public int connectedAtMs() {
        return connectedAtMs;
    }

    /** The account the call uses, or -1 for a direct call. */
    public int account() {
        return account;
    }

    /** The RTP port of this line. */
    /** Takes the configuration's RTP port again (the phone read its configuration anew); idle lines only. */
    void configure() {
        rtpPort = ua.config().rtpPort + 2 * line;
    }

    public int rtpPort() {
        return rtpPort;
    }

    /** Our transfer of this call: {@link #XFER_NONE}, {@link #XFER_TRYING}, {@link #XFER_FAILED}, {@link #XFER_DONE}. */
    public int transferState() {
        return transfer;
    }

    /** The last status the transfer target reported (the sipfrag of a NOTIFY, or the REFER's refusal). */
    public int transferStatus() {
        return transferStatus;
    }

    /** The phone has shown a failed transfer: the call is an ordinary one again. */
    public void transferFailureShown() {
        if (transfer == XFER_FAILED) {
            transfer = XFER_NONE;
        }
    }

    /** Whether this call was dialled because the other side of another line asked for it (REFER, RFC 3515). */
    public boolean isReferred() {
        return referredBy >= 0;
    }

    /** Whether this call came in to replace one of ours (INVITE with Replaces, RFC 3891) and was answered at once. */
    public boolean isReplacement() {
        return replacement;
    }

    /** The last SDP negotiation (codec, payload types, ptime), valid once connected. */
    public Sdp sdp() {
        return sdp;
    }

    // ------------------------------------------------------------------ what the phone does

    /**
     * Calls {@code target} (a {@code sip:} URI) from an account (through its proxy), or directly when
     * {@code accountIndex} is -1 (to the URI's IPv6 host).
     *
     * @param shown what the display shows for the call (the digits dialled)
     * @return false when the line is busy, the URI unusable, or there is no address to call from
     */
    public boolean dial(int accountIndex, byte[] target, int off, int len, byte[] shown, int shownOff, int shownLen) {
        return dial(accountIndex, target, off, len, shown, shownOff, shownLen, null, 0, 0, -1);
    }

    /**
     * {@link #dial} for a REFER of line {@code referrer} (RFC 3515 §2.4.2): the INVITE carries {@code Replaces} when
     * {@code replacesLen} > 0 (RFC 3891), and the call's progress is reported to the referrer's dialog by NOTIFY.
     */
    boolean dial(int accountIndex, byte[] target, int off, int len, byte[] shown, int shownOff, int shownLen,
                 byte[] withReplaces, int replacesOff, int withReplacesLen, int referrer) {
        if (state != IDLE || len > requestUri.length || !uri.parse(target, off, len)) {
            return false;
        }
        Account a = accountIndex >= 0 ? ua.config().accounts[accountIndex] : null;
        if (a != null && a.hasProxy) {
            System.arraycopy(a.proxy, 0, nextHop, 0, 16);
            nextHopPort = a.proxyPort;
        } else if (!uri.ip6(nextHop, 0)) {
            return false;
        } else {
            nextHopPort = uri.portOrDefault();
        }
        if (!ua.sourceFor(nextHop, 0, local, 0)) {
            return false;
        }
        reset();
        account = accountIndex;
        incoming = false;
        referredBy = referrer;
        replacesLen = Math.min(withReplacesLen, replaces.length);
        if (replacesLen > 0) {
            System.arraycopy(withReplaces, replacesOff, replaces, 0, replacesLen);
        }
        System.arraycopy(target, off, requestUri, 0, len);
        requestUriLen = len;
        System.arraycopy(target, off, remoteTarget, 0, len);
        remoteTargetLen = len;
        numberLen = Math.min(shownLen, number.length);
        System.arraycopy(shown, shownOff, number, 0, numberLen);
        newId(callId, 20);
        callIdLen = 20;
        newId(localTag, 10);
        localTagLen = 10;
        // From: our identity; To: the target.
        SipWriter w = ua.writer().reset(localNa, 0, localNa.length);
        if (a != null) {
            if (a.displayNameLen > 0) {
                w.character('"').bytes(a.displayName, 0, a.displayNameLen).text("\" ");
            }
            w.text("<sip:").bytes(a.user, 0, a.userLen).character('@').bytes(a.domain, 0, a.domainLen)
                .character('>');
        } else {
            w.text("<sip:").character('[').ip6(local, 0).text("]>");
        }
        w.text(";tag=").bytes(localTag, 0, localTagLen);
        localNaLen = w.length();
        w = ua.writer().reset(remoteNa, 0, remoteNa.length);
        w.character('<').bytes(target, off, len).character('>');
        remoteNaLen = w.length();
        localCseq = 1 + ua.random().below(1000);
        sessionId = ua.random().below(0x7FFFFFFF);
        sessionVersion = 1;
        state = CALLING;
        if (!sendInvite()) {
            end(END_NO_ROUTE);
            return true;
        }
        ua.changed(line);
        return true;
    }

    /** Answers a ringing call. */
    public void answer() {
        if (state != INCOMING || !invite.isSame(inviteGen)) {
            return;
        }
        SipMessage m = ua.transactions().parseRequest(invite);
        int bodyLen = 0;
        if (m.bodyLength() > 0) {
            if (sdp.parse(m.buffer(), m.bodyOffset(), m.bodyLength()) != Sdp.OK) {
                respond(invite, 488, false, 0);
                end(488);
                return;
            }
            SipWriter w = ua.writer().reset(body, 0, body.length);
            sdp.writeAnswer(w, m.buffer(), local, 0, rtpPort, sessionId, sessionVersion,
                Sdp.answerDirection(sdp.direction(), false));
            bodyLen = w.overflowed() ? 0 : w.length();
            remoteHold = sdp.direction() == Sdp.SENDONLY || sdp.direction() == Sdp.INACTIVE;
        } else {
            // No offer in the INVITE: ours goes in the 200, the answer comes in the ACK (RFC 3264 §4).
            bodyLen = writeOffer(Sdp.SENDRECV);
        }
        respond(invite, 200, true, bodyLen);
        state = CONNECTED;
        connectedAtMs = ua.kernel().clock().now();
        ua.log().begin().text("sip: line ").decimal(line + 1).text(" answered ").bytes(number, 0, numberLen).end();
        if (m.bodyLength() > 0) {
            startMedia();
        }
        ua.changed(line);
    }

    /**
     * Hangs up: cancels an outgoing call that is ringing, rejects an incoming one with 486 Busy Here (or
     * {@code rejectStatus}), ends a connected one with BYE, and forgets an ended one.
     */
    public void hangup(int rejectStatus) {
        switch (state) {
            case CALLING:
            case RINGBACK:
                state = CANCELLING;
                if (gotProvisional) {
                    sendCancel();
                } else {
                    cancelPending = true;
                }
                ua.changed(line);
                break;
            case INCOMING:
                if (invite.isSame(inviteGen)) {
                    respond(invite, rejectStatus > 0 ? rejectStatus : 486, false, 0);
                }
                end(END_LOCAL);
                break;
            case CONNECTED:
                ua.media().stop(line);
                sendBye();
                state = ENDING;
                ua.changed(line);
                break;
            case ENDING:
            case CANCELLING:
                break;
            case ENDED:
                clear();
                break;
            default:
                break;
        }
    }

    /** Forgets an ended call: the line is free again. */
    public void clear() {
        if (state == ENDED) {
            state = IDLE;
            ua.changed(line);
        }
    }

    /** Puts a connected call on hold or resumes it with a re-INVITE (RFC 3264 §8.4). */
    public boolean hold(boolean on) {
        if (state != CONNECTED || on == localHold || reinvite != null && reinvite.isSame(reinviteGen)) {
            return false;
        }
        localHold = on;
        sessionVersion++;
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            localHold = !on;
            return false;
        }
        int bodyLen = writeOffer(on ? Sdp.SENDONLY : Sdp.SENDRECV);
        localCseq++;
        SipWriter w = ua.writer().reset(t.request(), 0, t.request().length);
        writeInDialogRequest(w, SipMethod.INVITE, localCseq);
        ua.writeContact(w, contactUser(), contactUserLen(), local, 0);
        w.header(SipHeader.ALLOW).text(UserAgent.ALLOW).crlf();
        ua.endMessage(w, true, body, 0, bodyLen);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, line, nextHop, 0, nextHopPort,
            local, 0)) {
            ua.transactions().release(t);
            localHold = !on;
            return false;
        }
        reinvite = t;
        reinviteGen = t.generation();
        // The media stops (or starts) at once; the answer's direction follows with startMedia.
        ua.media().setHold(line, on);
        ua.changed(line);
        return true;
    }

    // ------------------------------------------------------------------ transfer (RFC 3515, RFC 3891)

    /**
     * Asks the other side of this connected call to call {@code target} (a blind transfer): REFER with
     * {@code Refer-To: <target>} in the dialog. The NOTIFYs that follow report the new call; a 2xx ends this call
     * (BYE), a failure leaves it as it is ({@link #XFER_FAILED}).
     *
     * @return false when the call is not connected, a transfer is going on, or the REFER cannot be sent
     */
    public boolean transfer(byte[] target, int off, int len) {
        return sendRefer(target, off, len, null);
    }

    /**
     * Asks the other side of this connected call to call the other side of {@code consulted} instead of us (an
     * attended transfer): REFER with {@code Refer-To: <their target?Replaces=...>} naming the consulted dialog, which
     * the new call replaces (RFC 3891 §3, RFC 5589 §7).
     */
    public boolean transferTo(Call consulted) {
        if (consulted == this || consulted.state != CONNECTED || consulted.remoteTagLen == 0) {
            return false;
        }
        return sendRefer(consulted.remoteTarget, 0, consulted.remoteTargetLen, consulted);
    }

    private boolean sendRefer(byte[] target, int off, int len, Call consulted) {
        if (state != CONNECTED || transfer == XFER_TRYING) {
            return false;
        }
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            return false;
        }
        localCseq++;
        SipWriter w = ua.writer().reset(t.request(), 0, t.request().length);
        writeInDialogRequest(w, SipMethod.REFER, localCseq);
        ua.writeContact(w, contactUser(), contactUserLen(), local, 0);
        w.header(SipHeader.REFER_TO).character('<');
        // The target without any headers of its own (what follows '?'), then ours.
        int q = Ascii.indexOf(target, off, len, '?');
        w.bytes(target, off, q < 0 ? len : q - off);
        if (consulted != null) {
            // Replaces=call-id;to-tag=T;from-tag=F as the consulted party will read it: to-tag is its tag (our remote
            // tag), from-tag ours. Escaped, as a URI header value (RFC 3261 §19.1.1).
            w.text("?Replaces=");
            escape(w, consulted.callId, consulted.callIdLen);
            w.text("%3Bto-tag%3D");
            escape(w, consulted.remoteTag, consulted.remoteTagLen);
            w.text("%3Bfrom-tag%3D");
            escape(w, consulted.localTag, consulted.localTagLen);
        }
        w.character('>').crlf();
        w.header(SipHeader.REFERRED_BY).bytes(localNa, 0, referredByEnd()).crlf();
        ua.endMessage(w, true, null, 0, 0);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, line, nextHop, 0, nextHopPort,
            local, 0)) {
            ua.transactions().release(t);
            return false;
        }
        refer = t;
        referGen = t.generation();
        this.consulted = consulted;
        transfer = XFER_TRYING;
        transferStatus = 0;
        ua.log().begin().text("sip: line ").decimal(line + 1).text(consulted != null ? " attended transfer to "
            : " transfer to ").bytes(target, off, Math.min(q < 0 ? len : q - off, 80)).end();
        ua.changed(line);
        return true;
    }

    /** Our name-addr without its tag parameter (Referred-By, RFC 3892: a name-addr and no tag). */
    private int referredByEnd() {
        int gt = Ascii.indexOf(localNa, 0, localNaLen, '>');
        return gt < 0 ? localNaLen : gt + 1;
    }

    /** Writes bytes as a URI header value: unreserved characters as they are, the rest %XX (RFC 3261 §25.1). */
    private static void escape(SipWriter w, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xFF;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' || c == ')';
            if (plain) {
                w.character(c);
            } else {
                w.character('%').hex(c, 2);
            }
        }
    }

    /**
     * A REFER in this dialog (RFC 3515 §2.4.2): accepted with 202 when the Refer-To is a SIP URI and a line is free;
     * the new call (with the Replaces of the Refer-To, if any) goes out on that line, and NOTIFYs report it: 100
     * Trying at once, then its final status.
     */
    void onRefer(Transaction t, SipMessage m) {
        t.setUser(this, line);
        // The target and its Replaces go through the user agent's scratch buffers into the new call.
        byte[] referTarget = ua.referTarget();
        byte[] referReplaces = ua.referReplaces();
        if (state != CONNECTED) {
            respondPlain(t, 481);
            return;
        }
        int h = m.first(SipHeader.REFER_TO);
        byte[] b = m.buffer();
        if (h < 0 || m.count(SipHeader.REFER_TO) != 1
            || !Params.nameAddr(b, m.valueOffset(h), m.valueLength(h), slice)) {
            respondPlain(t, 400);
            return;
        }
        int uriOff = slice[0];
        int q = Ascii.indexOf(b, uriOff, slice[1], '?');
        int uriLen = q < 0 ? slice[1] : q - uriOff;
        if (!SipUri.isSipUri(b, uriOff, uriLen) || uriLen > referTarget.length) {
            respondPlain(t, 400);
            return;
        }
        int to = ua.freeLine();
        if (to < 0) {
            respondPlain(t, 503);
            return;
        }
        int referTargetLen = copy(b, uriOff, uriLen, referTarget);
        int repLen = 0;
        if (q >= 0) {
            repLen = replacesFrom(b, q + 1, uriOff + slice[1], referReplaces);
            if (repLen < 0) {
                respondPlain(t, 400);
                return;
            }
        }
        remoteCseq = Math.max(remoteCseq, m.cseq());
        respondPlain(t, 202);
        ua.log().begin().text("sip: line ").decimal(line + 1).text(" asked to call ")
            .bytes(referTarget, 0, Math.min(referTargetLen, 80)).text(repLen > 0 ? " (replacing a call)" : "").end();
        sendNotify(100, false);
        // The new call's display: the user part of the target, else its host.
        int shownOff = 0;
        int shownLen = 0;
        if (uri.parse(referTarget, 0, referTargetLen)) {
            shownOff = uri.userLength() > 0 ? uri.userOffset() : uri.hostOffset();
            shownLen = uri.userLength() > 0 ? uri.userLength() : uri.hostLength();
        }
        Account a = account >= 0 ? ua.config().accounts[account] : null;
        int via = a != null && a.hasProxy ? account : -1;
        if (!ua.call(to).dial(via, referTarget, 0, referTargetLen, referTarget, shownOff, shownLen, referReplaces, 0,
            repLen, line)) {
            sendNotify(503, true);
        }
    }


    /**
     * The Replaces header of a Refer-To URI's headers {@code [from, end)} ({@code Replaces=...&...}), unescaped into
     * {@code out}: its length, 0 when there is none, -1 when it is malformed or too long.
     */
    private static int replacesFrom(byte[] b, int from, int end, byte[] out) {
        int i = from;
        while (i < end) {
            int amp = Ascii.indexOf(b, i, end - i, '&');
            int e = amp < 0 ? end : amp;
            if (Ascii.startsWithIgnoreCase(b, i, e - i, "Replaces=")) {
                int n = 0;
                for (int k = i + 9; k < e; k++) {
                    int c = b[k] & 0xFF;
                    if (c == '%') {
                        if (k + 2 >= e) {
                            return -1;
                        }
                        int hi = Ascii.hexValue(b[k + 1] & 0xFF);
                        int lo = Ascii.hexValue(b[k + 2] & 0xFF);
                        if (hi < 0 || lo < 0) {
                            return -1;
                        }
                        c = hi * 16 + lo;
                        k += 2;
                    }
                    if (n == out.length) {
                        return -1;
                    }
                    out[n++] = (byte) c;
                }
                return n;
            }
            i = e + 1;
        }
        return 0;
    }

    /**
     * The call this line made for a REFER changed (it is {@code status}: 1xx, 2xx when answered, or how it failed):
     * the referrer's dialog hears of it by NOTIFY, the last one when the status is final.
     */
    private void reportToReferrer(int status) {
        if (referredBy < 0) {
            return;
        }
        Call referrer = ua.call(referredBy);
        if (status >= 200) {
            referredBy = -1;
        }
        referrer.sendNotify(status, status >= 200);
    }

    /**
     * NOTIFY in this dialog for the refer subscription (RFC 3515 §2.4.4, RFC 6665): the status of the new call as a
     * {@code message/sipfrag} status line.
     */
    private void sendNotify(int status, boolean last) {
        if (state != CONNECTED) {
            return;
        }
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            return;
        }
        localCseq++;
        SipWriter w = ua.writer().reset(body, 0, body.length);
        w.text("SIP/2.0 ").decimal(status).character(' ').text(UserAgent.reason(status)).crlf();
        int fragLen = w.length();
        w = ua.writer().reset(t.request(), 0, t.request().length);
        writeInDialogRequest(w, SipMethod.NOTIFY, localCseq);
        ua.writeContact(w, contactUser(), contactUserLen(), local, 0);
        w.header(SipHeader.EVENT).text("refer").crlf();
        w.header(SipHeader.SUBSCRIPTION_STATE).text(last ? "terminated;reason=noresource" : "active;expires=60").crlf();
        ua.endMessage(w, true, UserAgent.SIPFRAG, body, 0, fragLen);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, line, nextHop, 0, nextHopPort,
            local, 0)) {
            ua.transactions().release(t);
        }
    }

    /**
     * A NOTIFY in this dialog (RFC 3515 §2.4.5): the progress of our transfer. 200; a 2xx sipfrag means the other
     * side reached the target, so this call ends (BYE); a final failure leaves the call as it was.
     */
    void onNotify(Transaction t, SipMessage m) {
        t.setUser(this, line);
        int ev = m.first(SipHeader.EVENT);
        byte[] b = m.buffer();
        if (ev < 0 || !Ascii.startsWithIgnoreCase(b, m.valueOffset(ev), m.valueLength(ev), "refer")) {
            respondPlain(t, 489);
            return;
        }
        remoteCseq = Math.max(remoteCseq, m.cseq());
        respondPlain(t, 200);
        // The sipfrag's status line: "SIP/2.0 NNN reason".
        int off = m.bodyOffset();
        int len = m.bodyLength();
        int status = 0;
        if (len >= 11 && Ascii.startsWithIgnoreCase(b, off, len, "SIP/2.0 ")) {
            status = (int) Ascii.parseDecimal(b, off + 8, 3, 999);
        }
        int sub = m.first(SipHeader.SUBSCRIPTION_STATE);
        boolean terminated = sub >= 0 && Ascii.startsWithIgnoreCase(b, m.valueOffset(sub), m.valueLength(sub),
            "terminated");
        if (transfer != XFER_TRYING || status < 100 && !terminated) {
            return;
        }
        transferStatus = status;
        if (status >= 200 && status < 300) {
            transfer = XFER_DONE;
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" transferred (").decimal(status)
                .character(')').end();
            if (state == CONNECTED) {
                ua.media().stop(line);
                sendBye();
                state = ENDING;
            }
            ua.changed(line);
            // An attended transfer: the target should have ended the consulted call (Replaces); if it has not (it
            // does not support Replaces), we do.
            if (consulted != null && consulted.state == CONNECTED) {
                ua.log().begin().text("sip: line ").decimal(consulted.line + 1).text(" ends: its party was ")
                    .text("transferred").end();
                consulted.hangup(0);
            }
            consulted = null;
        } else if (status >= 300 || terminated) {
            transfer = XFER_FAILED;
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" transfer failed (").decimal(status)
                .character(')').end();
            ua.changed(line);
        }
    }

    private void onReferResponse(SipMessage m) {
        int status = m.status();
        if (status < 200 || transfer != XFER_TRYING) {
            return;
        }
        if (status < 300) {
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" transfer accepted").end();
            return;
        }
        transfer = XFER_FAILED;
        transferStatus = status;
        ua.log().begin().text("sip: line ").decimal(line + 1).text(" transfer refused: ").decimal(status).end();
        ua.changed(line);
    }

    /** Whether this connected call's dialog is the one a Replaces names (call-id, our tag as to-tag, theirs as from-tag). */
    boolean isDialog(byte[] b, int cidOff, int cidLen, int toTagOff, int toTagLen, int fromTagOff, int fromTagLen) {
        return state == CONNECTED && Ascii.equals(callId, 0, callIdLen, b, cidOff, cidLen)
            && Ascii.equals(localTag, 0, localTagLen, b, toTagOff, toTagLen)
            && Ascii.equals(remoteTag, 0, remoteTagLen, b, fromTagOff, fromTagLen);
    }

    /** This ringing call replaces {@code old} (RFC 3891 §3): answered at once, and the old call ends with BYE. */
    void replace(Call old) {
        replacement = true;
        answer();
        if (state == CONNECTED) {
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" replaces line ").decimal(old.line + 1).end();
            old.hangup(0);
        }
    }

    // ------------------------------------------------------------------ building requests

    private void reset() {
        endStatus = 0;
        routeCount = 0;
        remoteTagLen = 0;
        ackLen = 0;
        invite = null;
        reinvite = null;
        cancelPending = false;
        gotProvisional = false;
        authAnswers = 0;
        auth.clear();
        localHold = false;
        remoteHold = false;
        numberLen = 0;
        transfer = XFER_NONE;
        transferStatus = 0;
        refer = null;
        consulted = null;
        referredBy = -1;
        replacesLen = 0;
        replacement = false;
    }

    private void newId(byte[] dst, int n) {
        for (int i = 0; i < n; i++) {
            int v = ua.random().below(16);
            dst[i] = (byte) (v < 10 ? '0' + v : 'a' + v - 10);
        }
    }

    private byte[] contactUser() {
        return account >= 0 ? ua.config().accounts[account].user : number;
    }

    private int contactUserLen() {
        return account >= 0 ? ua.config().accounts[account].userLen : 0;
    }

    /** Writes our SDP offer into {@link #body}; returns its length. */
    private int writeOffer(int direction) {
        SipWriter w = ua.writer().reset(body, 0, body.length);
        Sdp.writeOffer(w, local, 0, rtpPort, sessionId, sessionVersion, ua.config().codecs, ua.config().codecCount,
            ua.config().ptimeMs, direction);
        return w.overflowed() ? 0 : w.length();
    }

    private boolean sendInvite() {
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            return false;
        }
        int bodyLen = writeOffer(Sdp.SENDRECV);
        SipWriter w = ua.writer().reset(t.request(), 0, t.request().length);
        w.text("INVITE ").bytes(requestUri, 0, requestUriLen).text(" SIP/2.0").crlf();
        ua.writeVia(w, local, 0);
        w.header(SipHeader.MAX_FORWARDS).text("70").crlf();
        w.header(SipHeader.FROM).bytes(localNa, 0, localNaLen).crlf();
        w.header(SipHeader.TO).bytes(remoteNa, 0, remoteNaLen).crlf();
        w.header(SipHeader.CALL_ID).bytes(callId, 0, callIdLen).crlf();
        w.header(SipHeader.CSEQ).decimal(localCseq).text(" INVITE").crlf();
        ua.writeContact(w, contactUser(), contactUserLen(), local, 0);
        w.header(SipHeader.SUPPORTED).text(UserAgent.SUPPORTED).crlf();
        if (replacesLen > 0) {
            w.header(SipHeader.REPLACES).bytes(replaces, 0, replacesLen).crlf();
        }
        if (auth.hasChallenge() && account >= 0) {
            Account a = ua.config().accounts[account];
            ua.random().fill(randomBytes, 0, randomBytes.length);
            auth.writeAuthorization(w, "INVITE", requestUri, 0, requestUriLen, a.authName(), 0, a.authNameLength(),
                a.password, 0, a.passwordLen, randomBytes, 0, randomBytes.length);
        }
        w.header(SipHeader.ALLOW).text(UserAgent.ALLOW).crlf();
        ua.endMessage(w, true, body, 0, bodyLen);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, line, nextHop, 0, nextHopPort,
            local, 0)) {
            ua.transactions().release(t);
            return false;
        }
        invite = t;
        inviteGen = t.generation();
        return true;
    }

    /** Request line, Via, Max-Forwards, Route set, From, To, Call-ID, CSeq of a request in the dialog (§12.2.1.1). */
    private void writeInDialogRequest(SipWriter w, int method, long cseq) {
        w.text(SipMethod.name(method)).character(' ').bytes(remoteTarget, 0, remoteTargetLen).text(" SIP/2.0").crlf();
        ua.writeVia(w, local, 0);
        w.header(SipHeader.MAX_FORWARDS).text("70").crlf();
        for (int r = 0; r < routeCount; r++) {
            w.header(SipHeader.ROUTE).bytes(routes, routeOff[r], routeLen[r]).crlf();
        }
        w.header(SipHeader.FROM).bytes(localNa, 0, localNaLen).crlf();
        w.header(SipHeader.TO).bytes(remoteNa, 0, remoteNaLen).crlf();
        w.header(SipHeader.CALL_ID).bytes(callId, 0, callIdLen).crlf();
        w.header(SipHeader.CSEQ).decimal(cseq).character(' ').text(SipMethod.name(method)).crlf();
    }

    private void sendBye() {
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            end(END_LOCAL);
            return;
        }
        localCseq++;
        SipWriter w = ua.writer().reset(t.request(), 0, t.request().length);
        writeInDialogRequest(w, SipMethod.BYE, localCseq);
        ua.endMessage(w, true, null, 0, 0);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, line, nextHop, 0, nextHopPort,
            local, 0)) {
            ua.transactions().release(t);
            end(END_LOCAL);
        }
    }

    /** CANCEL of our INVITE (RFC 3261 §9.1): the INVITE's Request-URI, top Via, From, To, Call-ID, Route. */
    private void sendCancel() {
        cancelPending = false;
        if (invite == null || !invite.isSame(inviteGen)) {
            return;
        }
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            return;
        }
        SipMessage m = ua.transactions().parseRequest(invite);
        byte[] b = m.buffer();
        SipWriter w = ua.writer().reset(t.request(), 0, t.request().length);
        w.text("CANCEL ").bytes(b, m.uriOffset(), m.uriLength()).text(" SIP/2.0").crlf();
        int v = m.first(SipHeader.VIA);
        w.header(SipHeader.VIA).bytes(b, m.valueOffset(v), m.valueLength(v)).crlf();
        w.header(SipHeader.MAX_FORWARDS).text("70").crlf();
        for (int r = m.first(SipHeader.ROUTE); r >= 0; r = m.next(SipHeader.ROUTE, r)) {
            w.header(SipHeader.ROUTE).bytes(b, m.valueOffset(r), m.valueLength(r)).crlf();
        }
        UserAgent.copyHeader(w, m, SipHeader.FROM);
        UserAgent.copyHeader(w, m, SipHeader.TO);
        UserAgent.copyHeader(w, m, SipHeader.CALL_ID);
        w.header(SipHeader.CSEQ).decimal(m.cseq()).text(" CANCEL").crlf();
        ua.endMessage(w, true, null, 0, 0);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, line, invite.peer(), 0,
            invite.peerPort(), local, 0)) {
            ua.transactions().release(t);
        }
    }

    /** The ACK for a 2xx (RFC 3261 §13.2.2.4): a new transaction-less request, kept to answer retransmitted 2xx. */
    private void sendAck(long cseq, int bodyLen) {
        SipWriter w = ua.writer().reset(ack, 0, ack.length);
        writeInDialogRequest(w, SipMethod.ACK, cseq);
        ua.endMessage(w, true, body, 0, bodyLen);
        if (w.overflowed()) {
            ackLen = 0;
            return;
        }
        ackLen = w.length();
        ua.send(ack, 0, ackLen, local, 0, nextHop, 0, nextHopPort);
    }

    /** Responds to a server transaction of this call, with our tag, Contact and the body when {@code dialog}. */
    private void respond(Transaction t, int status, boolean dialog, int bodyLen) {
        SipMessage m = ua.transactions().parseRequest(t);
        SipWriter w = ua.writer().reset(t.response(), 0, t.response().length);
        ua.writeResponseHead(w, m, status, localTag, localTagLen, t.peer(), 0, t.sourcePort(),
            dialog && status < 300);
        if (dialog && status < 300) {
            ua.writeContact(w, contactUser(), contactUserLen(), local, 0);
            w.header(SipHeader.ALLOW).text(UserAgent.ALLOW).crlf();
        }
        ua.endMessage(w, false, body, 0, bodyLen);
        if (!w.overflowed()) {
            ua.transactions().respond(t, w.length(), status);
        }
    }

    // ------------------------------------------------------------------ the dialog from the network

    /** Whether a message belongs to this call's dialog (Call-ID and tags, RFC 3261 §12.2.2). */
    boolean matches(SipMessage m, int cidHeader, boolean request) {
        if (state == IDLE || !Ascii.equals(callId, 0, callIdLen, m.buffer(), m.valueOffset(cidHeader),
            m.valueLength(cidHeader))) {
            return false;
        }
        if (!request) {
            return true;
        }
        int to = m.first(SipHeader.TO);
        int from = m.first(SipHeader.FROM);
        if (to < 0 || from < 0) {
            return false;
        }
        int tt = UserAgent.tagOffset(m, to);
        int ft = UserAgent.tagOffset(m, from);
        if (tt < 0 || !Ascii.equals(localTag, 0, localTagLen, m.buffer(), tt, UserAgent.tagLength(m, to, tt))) {
            return false;
        }
        return remoteTagLen == 0 || ft >= 0
            && Ascii.equals(remoteTag, 0, remoteTagLen, m.buffer(), ft, UserAgent.tagLength(m, from, ft));
    }

    /** Whether a server transaction is this call's INVITE. */
    boolean owns(Transaction t) {
        return invite == t && t.isSame(inviteGen);
    }

    /** A new INVITE for this free line (RFC 3261 §13.3): remember the dialog, ring. */
    void onInvite(Transaction t, SipMessage m) {
        ua.media().stop(line);
        reset();
        incoming = true;
        newId(localTag, 10);
        localTagLen = 10;
        account = accountFor(m);
        invite = t;
        inviteGen = t.generation();
        t.setUser(this, line);
        byte[] b = m.buffer();
        if (m.bodyLength() > 0) {
            int r = sdp.parse(b, m.bodyOffset(), m.bodyLength());
            if (r != Sdp.OK) {
                state = INCOMING;
                respond(t, r == Sdp.BAD ? 400 : 488, false, 0);
                state = IDLE;
                return;
            }
        }
        int cid = m.first(SipHeader.CALL_ID);
        int from = m.first(SipHeader.FROM);
        int to = m.first(SipHeader.TO);
        if (m.valueLength(cid) > callId.length || m.valueLength(from) > remoteNa.length
            || m.valueLength(to) + 16 > localNa.length || !takeTarget(m) || !takeRoutes(m, false)) {
            state = INCOMING;
            respond(t, 400, false, 0);
            state = IDLE;
            return;
        }
        callIdLen = copy(b, m.valueOffset(cid), m.valueLength(cid), callId);
        remoteNaLen = copy(b, m.valueOffset(from), m.valueLength(from), remoteNa);
        int ft = UserAgent.tagOffset(m, from);
        remoteTagLen = ft < 0 ? 0 : copy(b, ft, UserAgent.tagLength(m, from, ft), remoteTag);
        SipWriter w = ua.writer().reset(localNa, 0, localNa.length);
        w.bytes(b, m.valueOffset(to), m.valueLength(to)).text(";tag=").bytes(localTag, 0, localTagLen);
        localNaLen = w.length();
        remoteCseq = m.cseq();
        callerNumber(m, from);
        System.arraycopy(t.local(), 0, local, 0, 16);
        nextHopFromDialog(t.peer(), t.sourcePort());
        sessionId = ua.random().below(0x7FFFFFFF);
        sessionVersion = 1;
        state = INCOMING;
        respond(t, 180, true, 0);
        ua.log().begin().text("sip: line ").decimal(line + 1).text(" incoming call from ").bytes(number, 0, numberLen)
            .end();
        ua.changed(line);
    }

    /** The account an incoming call is for: the one whose user is the Request-URI's user, else the first. */
    private int accountFor(SipMessage m) {
        Account[] accounts = ua.config().accounts;
        int count = ua.config().accountCount;
        if (uri.parse(m.buffer(), m.uriOffset(), m.uriLength())) {
            for (int a = 0; a < count; a++) {
                if (Ascii.equals(accounts[a].user, 0, accounts[a].userLen, m.buffer(), uri.userOffset(),
                    uri.userLength())) {
                    return a;
                }
            }
        }
        return count > 0 ? 0 : -1;
    }

    /** What the display shows for a caller: the user part of the From URI, else its host. */
    private void callerNumber(SipMessage m, int from) {
        byte[] b = m.buffer();
        numberLen = 0;
        if (Params.nameAddr(b, m.valueOffset(from), m.valueLength(from), slice)
            && uri.parse(b, slice[0], slice[1])) {
            if (uri.userLength() > 0) {
                numberLen = copy(b, uri.userOffset(), uri.userLength(), number);
            } else {
                numberLen = copy(b, uri.hostOffset(), uri.hostLength(), number);
            }
        }
    }

    /** The remote target: the Contact's URI (RFC 3261 §12.1.1, §12.1.2). */
    private boolean takeTarget(SipMessage m) {
        int c = m.first(SipHeader.CONTACT);
        if (c < 0) {
            return false;
        }
        byte[] b = m.buffer();
        int e = Params.elementEnd(b, m.valueOffset(c), m.valueOffset(c) + m.valueLength(c));
        if (!Params.nameAddr(b, m.valueOffset(c), e - m.valueOffset(c), slice) || slice[1] > remoteTarget.length) {
            return false;
        }
        remoteTargetLen = copy(b, slice[0], slice[1], remoteTarget);
        return true;
    }

    /**
     * The route set from Record-Route: in order for the callee (UAS), reversed for the caller (UAC) (§12.1.1,
     * §12.1.2). Each entry is kept as the name-addr it was.
     */
    private boolean takeRoutes(SipMessage m, boolean reverse) {
        routeCount = 0;
        int used = 0;
        byte[] b = m.buffer();
        for (int h = m.first(SipHeader.RECORD_ROUTE); h >= 0; h = m.next(SipHeader.RECORD_ROUTE, h)) {
            int end = m.valueOffset(h) + m.valueLength(h);
            int i = m.valueOffset(h);
            while (i < end) {
                int e = Params.elementEnd(b, i, end);
                int s = Ascii.skipLws(b, i, e);
                int t = Ascii.trimEnd(b, s, e);
                if (t > s) {
                    if (routeCount == MAX_ROUTES || used + t - s > routes.length) {
                        return false;
                    }
                    System.arraycopy(b, s, routes, used, t - s);
                    routeOff[routeCount] = used;
                    routeLen[routeCount] = t - s;
                    routeCount++;
                    used += t - s;
                }
                i = e + 1;
            }
        }
        if (reverse) {
            for (int k = 0; k < routeCount / 2; k++) {
                int j = routeCount - 1 - k;
                int o = routeOff[k];
                int l = routeLen[k];
                routeOff[k] = routeOff[j];
                routeLen[k] = routeLen[j];
                routeOff[j] = o;
                routeLen[j] = l;
            }
        }
        return true;
    }

    /**
     * Where requests in the dialog go: the first route's host, else the remote target's host, when it is an IPv6
     * reference; otherwise {@code fallback} (the proxy, or where the INVITE came from: there is no DNS).
     */
    private void nextHopFromDialog(byte[] fallback, int fallbackPort) {
        boolean ok = false;
        if (routeCount > 0) {
            if (Params.nameAddr(routes, routeOff[0], routeLen[0], slice) && uri.parse(routes, slice[0], slice[1])
                && uri.ip6(nextHop, 0)) {
                nextHopPort = uri.portOrDefault();
                ok = true;
            }
        } else if (uri.parse(remoteTarget, 0, remoteTargetLen) && uri.ip6(nextHop, 0)) {
            nextHopPort = uri.portOrDefault();
            ok = true;
        }
        if (!ok && fallback != nextHop) {
            System.arraycopy(fallback, 0, nextHop, 0, 16);
            nextHopPort = fallbackPort;
        }
    }

    /** A re-INVITE in the dialog (RFC 3261 §14.2). */
    void onReinvite(Transaction t, SipMessage m) {
        t.setUser(this, line);
        if (state != CONNECTED) {
            respondPlain(t, state == INCOMING ? 491 : 481);
            return;
        }
        if (reinvite != null && reinvite.isSame(reinviteGen)) {
            respondPlain(t, 491);
            return;
        }
        if (m.cseq() <= remoteCseq) {
            respondPlain(t, 500);
            return;
        }
        remoteCseq = m.cseq();
        int bodyLen;
        if (m.bodyLength() > 0) {
            int r = sdp.parse(m.buffer(), m.bodyOffset(), m.bodyLength());
            if (r != Sdp.OK) {
                respondPlain(t, r == Sdp.BAD ? 400 : 488);
                return;
            }
            takeTarget(m);
            remoteHold = sdp.direction() == Sdp.SENDONLY || sdp.direction() == Sdp.INACTIVE
                || sdp.addressIsUnspecified();
            sessionVersion++;
            int dir = Sdp.answerDirection(sdp.direction(), localHold);
            SipWriter w = ua.writer().reset(body, 0, body.length);
            sdp.writeAnswer(w, m.buffer(), local, 0, rtpPort, sessionId, sessionVersion, dir);
            bodyLen = w.overflowed() ? 0 : w.length();
            respond(t, 200, true, bodyLen);
            startMedia();
        } else {
            sessionVersion++;
            bodyLen = writeOffer(localHold ? Sdp.SENDONLY : Sdp.SENDRECV);
            respond(t, 200, true, bodyLen);
        }
        reinvite = null;
        invite = t;
        inviteGen = t.generation();
        ua.changed(line);
    }

    private void respondPlain(Transaction t, int status) {
        respond(t, status, false, 0);
    }

    /** The ACK for a 2xx we sent: stop retransmitting it; take the answer if our offer went in the 2xx. */
    void onAck(SipMessage m) {
        if (invite != null && invite.isSame(inviteGen) && !invite.isClient()) {
            ua.transactions().ackReceived(invite);
        }
        if (m.bodyLength() > 0 && state == CONNECTED && sdp.parse(m.buffer(), m.bodyOffset(), m.bodyLength())
            == Sdp.OK) {
            startMedia();
        }
    }

    /** BYE from the other side (RFC 3261 §15.1.2). */
    void onBye(Transaction t) {
        t.setUser(this, line);
        respondPlain(t, 200);
        ua.media().stop(line);
        ua.log().begin().text("sip: line ").decimal(line + 1).text(" ended by the other side").end();
        if (state == INCOMING && invite != null && invite.isSame(inviteGen)) {
            respond(invite, 487, false, 0);
        }
        end(END_REMOTE);
    }

    /** CANCEL for our ringing INVITE (RFC 3261 §9.2): 487 to the INVITE. */
    void onCancel() {
        if (state == INCOMING && invite.isSame(inviteGen)) {
            respondPlain(invite, 487);
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" call cancelled by the caller").end();
            end(487);
        }
    }

    /** A retransmitted 2xx whose transaction is gone: send the ACK again (or BYE a call we no longer want). */
    void onStray2xx(SipMessage m) {
        if (ackLen > 0) {
            ua.send(ack, 0, ackLen, local, 0, nextHop, 0, nextHopPort);
        }
    }

    @Override
    public void onResponse(Transaction t, SipMessage m) {
        if (t.method() == SipMethod.INVITE && t == invite && t.isSame(inviteGen)) {
            onInviteResponse(t, m);
        } else if (t.method() == SipMethod.INVITE && t == reinvite && t.isSame(reinviteGen)) {
            onReinviteResponse(t, m);
        } else if (t.method() == SipMethod.BYE && m.status() >= 200 && state == ENDING) {
            end(transfer == XFER_DONE ? END_TRANSFERRED : END_LOCAL);
        } else if (t.method() == SipMethod.REFER && t == refer && t.isSame(referGen)) {
            onReferResponse(m);
        }
    }

    private void onInviteResponse(Transaction t, SipMessage m) {
        int status = m.status();
        if (status < 200) {
            if (status > 100) {
                gotProvisional = true;
                if (state == CALLING) {
                    state = RINGBACK;
                    reportToReferrer(status);
                    ua.changed(line);
                }
            } else {
                gotProvisional = true;
            }
            if (cancelPending) {
                sendCancel();
            }
            return;
        }
        if (status < 300) {
            boolean first = remoteTagLen == 0 || state != CONNECTED;
            if (first) {
                takeDialog(m);
            }
            int bodyLen = 0;
            sendAck(t.cseq(), bodyLen);
            if (state == CANCELLING) {
                // The 200 crossed our CANCEL: the call exists now; end it (RFC 3261 §15).
                sendBye();
                state = ENDING;
                ua.changed(line);
                return;
            }
            if (state == CALLING || state == RINGBACK) {
                if (m.bodyLength() > 0 && sdp.parse(m.buffer(), m.bodyOffset(), m.bodyLength()) == Sdp.OK) {
                    remoteHold = sdp.direction() == Sdp.SENDONLY || sdp.direction() == Sdp.INACTIVE;
                    startMedia();
                }
                state = CONNECTED;
                connectedAtMs = ua.kernel().clock().now();
                ua.log().begin().text("sip: line ").decimal(line + 1).text(" connected to ").bytes(number, 0, numberLen)
                    .end();
                reportToReferrer(status);
                ua.changed(line);
            }
            return;
        }
        if ((status == 401 || status == 407) && account >= 0 && authAnswers == 0 && auth.takeChallenge(m)
            && state != CANCELLING) {
            authAnswers++;
            localCseq++;
            if (sendInvite()) {
                return;
            }
        }
        if (status == 401 || status == 407) {
            ua.log().begin().text("sip: line ").decimal(line + 1)
                .text(" call refused: wrong user name or password (").decimal(status).character(')').end();
        } else {
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" call failed: ").decimal(status).character(' ')
                .bytes(m.buffer(), m.reasonOffset(), Math.min(m.reasonLength(), 40)).end();
        }
        end(status);
    }

    /** The dialog from a 2xx to our INVITE: their tag, the remote target, the reversed route set (§12.1.2). */
    private void takeDialog(SipMessage m) {
        int to = m.first(SipHeader.TO);
        byte[] b = m.buffer();
        if (to >= 0 && m.valueLength(to) <= remoteNa.length) {
            remoteNaLen = copy(b, m.valueOffset(to), m.valueLength(to), remoteNa);
            int tt = UserAgent.tagOffset(m, to);
            remoteTagLen = tt < 0 ? 0 : copy(b, tt, UserAgent.tagLength(m, to, tt), remoteTag);
        }
        takeTarget(m);
        takeRoutes(m, true);
        Account a = account >= 0 ? ua.config().accounts[account] : null;
        if (a != null && a.hasProxy) {
            nextHopFromDialog(a.proxy, a.proxyPort);
        } else {
            System.arraycopy(nextHop, 0, scratchHop, 0, 16);
            nextHopFromDialog(scratchHop, nextHopPort);
        }
    }

    private final byte[] scratchHop = new byte[16];

    private void onReinviteResponse(Transaction t, SipMessage m) {
        int status = m.status();
        if (status < 200) {
            return;
        }
        reinvite = null;
        if (status < 300) {
            sendAck(t.cseq(), 0);
            if (m.bodyLength() > 0 && sdp.parse(m.buffer(), m.bodyOffset(), m.bodyLength()) == Sdp.OK) {
                remoteHold = !localHold && (sdp.direction() == Sdp.SENDONLY || sdp.direction() == Sdp.INACTIVE);
                startMedia();
            }
        } else {
            // Refused (491 and others): the hold did not happen; the session goes on as it was (RFC 3261 §14.1).
            localHold = !localHold;
            ua.media().setHold(line, localHold);
            if (status == 481 || status == 408) {
                ua.media().stop(line);
                end(status);
                return;
            }
        }
        ua.changed(line);
    }

    @Override
    public void onTimeout(Transaction t) {
        if (t.kind() == Transaction.SERVER_INVITE) {
            // Our 2xx was never acknowledged (RFC 3261 §13.3.1.4): end the dialog with BYE.
            if (state == CONNECTED) {
                ua.media().stop(line);
                sendBye();
                state = ENDING;
                ua.changed(line);
            }
            return;
        }
        if (t == invite && t.failedUnreachable()) {
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" unreachable").end();
            end(END_UNREACHABLE);
        } else if (t == invite) {
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" no answer (timeout)").end();
            end(END_TIMEOUT);
        } else if (t == reinvite) {
            reinvite = null;
            ua.media().stop(line);
            sendBye();
            state = ENDING;
            ua.changed(line);
        } else if (t.method() == SipMethod.BYE && state == ENDING) {
            end(transfer == XFER_DONE ? END_TRANSFERRED : END_LOCAL);
        } else if (t == refer && transfer == XFER_TRYING) {
            transfer = XFER_FAILED;
            transferStatus = END_TIMEOUT;
            ua.log().begin().text("sip: line ").decimal(line + 1).text(" transfer refused: no answer").end();
            ua.changed(line);
        }
    }

    /** Starts or changes the line's media with what the last offer/answer decided (our direction mirrors theirs). */
    private void startMedia() {
        SessionConfig c = ua.sessionConfig();
        sdp.session(c, rtpPort, Sdp.answerDirection(sdp.direction(), localHold), ua.config().ptimeMs);
        ua.media().setHold(line, localHold);
        ua.media().start(line, c);
    }

    private void end(int why) {
        endStatus = why;
        state = ENDED;
        // A call made for a REFER that ends here failed: its referrer hears how (RFC 3515 §2.4.5).
        reportToReferrer(why >= 100 ? why : why == END_NO_ROUTE || why == END_UNREACHABLE ? 503 : 487);
        ua.media().stop(line);
        ua.changed(line);
    }

    private static int copy(byte[] b, int off, int len, byte[] dst) {
        int n = Math.min(Math.max(0, len), dst.length);
        System.arraycopy(b, off, dst, 0, n);
        return n;
    }
}
