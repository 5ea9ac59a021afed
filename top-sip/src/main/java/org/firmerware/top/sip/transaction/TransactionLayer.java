package org.firmerware.top.sip.transaction;

import org.firmerware.kernel.net.ip6.Ip6Address;
import org.firmerware.kernel.time.TimerQueue;
import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.message.SipHeader;
import org.firmerware.top.sip.message.SipMessage;
import org.firmerware.top.sip.message.SipMethod;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.message.Via;

/**
 * The transaction layer over UDP (RFC 3261 §17): a fixed pool of {@link Transaction}s, matching of responses to client
 * transactions (§17.1.3: the top Via's branch and the CSeq method) and of requests to server transactions (§17.2.3:
 * branch, sent-by and method, with ACK matching its INVITE), retransmissions and every timer.
 *
 * <table>
 *   <caption>Timers (T1, T2, T4 settable; defaults of §17.1.1.1 and Table 4)</caption>
 *   <tr><th>timer</th><th>value</th></tr>
 *   <tr><td>T1, T2, T4</td><td>500 ms, 4 s, 5 s</td></tr>
 *   <tr><td>A, G (and the 2xx retransmission of §13.3.1.4)</td><td>T1, doubling; E and G capped at T2</td></tr>
 *   <tr><td>B, F, H, J, L, M</td><td>64*T1</td></tr>
 *   <tr><td>D</td><td>32 s</td></tr>
 *   <tr><td>I, K</td><td>T4</td></tr>
 * </table>
 *
 * <p>Main loop only. Nothing allocates after construction.
 */
public final class TransactionLayer {

    /** Defaults of RFC 3261 §17.1.1.1. */
    public static final int DEFAULT_T1_MS = 500, DEFAULT_T2_MS = 4000, DEFAULT_T4_MS = 5000;
    /** Timer D for UDP (RFC 3261 §17.1.1.2: at least 32 s). */
    public static final int TIMER_D_MS = 32_000;

    /** What {@link #onRequest} did with a request that it did not hand over ({@link #lastOutcome()}). */
    public static final int NEW = 0, RETRANSMISSION = 1, ACK_FOR_USER = 2, NO_ROOM = 3, ACK_ABSORBED = 4,
        UNMATCHED_ACK = ACK_FOR_USER;

    private final TimerQueue timers;
    private final SipTransport transport;
    private final Transaction[] pool;
    private final SipMessage scratch;
    private final Via via = new Via();
    private final SipWriter writer = new SipWriter();
    private int t1 = DEFAULT_T1_MS;
    private int t2 = DEFAULT_T2_MS;
    private int t4 = DEFAULT_T4_MS;
    private int outcome;
    private int retransmissions;
    private int timeouts;
    private int unreachables;

    /**
     * @param count the number of transactions that can exist at once
     * @param messageBytes the longest message a transaction keeps (request or response)
     */
    public TransactionLayer(TimerQueue timers, SipTransport transport, int count, int messageBytes) {
        this.timers = timers;
        this.transport = transport;
        this.pool = new Transaction[count];
        for (int i = 0; i < count; i++) {
            pool[i] = new Transaction(this, i, messageBytes);
        }
        this.scratch = new SipMessage();
    }

    /** Sets T1, T2 and T4 (tests shorten them; RFC 3261 allows larger values on slow networks). */
    public void setTimers(int t1Ms, int t2Ms, int t4Ms) {
        t1 = t1Ms;
        t2 = t2Ms;
        t4 = t4Ms;
    }

    public int t1() {
        return t1;
    }

    /** The pool's size. */
    public int capacity() {
        return pool.length;
    }

    /** Transactions in use now. */
    public int inUse() {
        int n = 0;
        for (int i = 0; i < pool.length; i++) {
            if (pool[i].state != Transaction.FREE) {
                n++;
            }
        }
        return n;
    }

    /** Messages sent again by a timer or for a retransmitted request. */
    public int retransmissionCount() {
        return retransmissions;
    }

    /** Client transactions that timed out. */
    public int timeoutCount() {
        return timeouts;
    }

    /** What the last {@link #onRequest} did. */
    public int lastOutcome() {
        return outcome;
    }

    /**
     * Takes a free transaction for a new client request, which the user then builds into
     * {@link Transaction#request()} and starts with {@link #startClient}.
     *
     * @return null when all are in use
     */
    public Transaction allocate() {
        for (int i = 0; i < pool.length; i++) {
            Transaction t = pool[i];
            if (t.state == Transaction.FREE) {
                t.state = Transaction.TERMINATED;
                t.requestLen = 0;
                t.responseLen = 0;
                t.lastStatus = 0;
                t.user = null;
                return t;
            }
        }
        return null;
    }

    /** Gives back a transaction that was allocated but never started. */
    public void release(Transaction t) {
        free(t);
    }

    /**
     * Starts a client transaction whose request the user built into {@link Transaction#request()}: sends it to
     * {@code dst}:{@code port} from our address {@code src} and runs its timers.
     *
     * @return false when the request is unusable (then the transaction is freed) or could not be sent (then the
     *     user hears {@link TransactionUser#onTimeout} later, as for a timeout)
     */
    public boolean startClient(Transaction t, int len, TransactionUser user, int tag, byte[] dst, int dstOff,
                               int port, byte[] src, int srcOff) {
        t.requestLen = len;
        if (scratch.parse(t.request, 0, len) != SipMessage.OK || !via.parse(scratch)
            || via.branchLength() > Transaction.MAX_BRANCH) {
            free(t);
            return false;
        }
        t.method = scratch.method();
        t.cseq = scratch.cseq();
        t.branchLen = via.branchLength();
        System.arraycopy(t.request, via.branchOffset(), t.branch, 0, t.branchLen);
        t.kind = t.method == SipMethod.INVITE ? Transaction.CLIENT_INVITE : Transaction.CLIENT_NON_INVITE;
        t.state = t.kind == Transaction.CLIENT_INVITE ? Transaction.CALLING : Transaction.TRYING;
        t.user = user;
        t.userTag = tag;
        System.arraycopy(dst, dstOff, t.peer, 0, 16);
        t.peerPort = port;
        System.arraycopy(src, srcOff, t.local, 0, 16);
        t.intervalMs = t1;
        timers.start(t.retransmitTimer, t1);
        timers.start(t.timeoutTimer, 64 * t1);
        if (!transport.send(t.request, 0, len, t.local, 0, t.peer, 0, t.peerPort)) {
            // Like a timeout, but sooner (RFC 3261 §8.1.3.1); reported from the timer, not from inside this call.
            timers.stop(t.retransmitTimer);
            timers.start(t.timeoutTimer, 1);
        }
        return true;
    }

    /**
     * A response from the network.
     *
     * @return false when it matches no client transaction (a stray response: the user agent may look at it)
     */
    public boolean onResponse(SipMessage m) {
        if (!via.parse(m) || via.branchLength() == 0) {
            return false;
        }
        Transaction t = findClient(m);
        if (t == null) {
            return false;
        }
        int status = m.status();
        if (t.kind == Transaction.CLIENT_INVITE) {
            onInviteResponse(t, m, status);
        } else {
            onNonInviteResponse(t, m, status);
        }
        return true;
    }

    private void onInviteResponse(Transaction t, SipMessage m, int status) {
        switch (t.state) {
            case Transaction.CALLING:
            case Transaction.PROCEEDING:
                timers.stop(t.retransmitTimer);
                t.lastStatus = status;
                if (status < 200) {
                    t.state = Transaction.PROCEEDING;
                    timers.stop(t.timeoutTimer);
                    t.user.onResponse(t, m);
                } else if (status < 300) {
                    // RFC 6026 §7.2: Accepted, Timer M; retransmitted 2xx go to the user, who sends the ACK.
                    t.state = Transaction.ACCEPTED;
                    timers.start(t.timeoutTimer, 64 * t1);
                    t.user.onResponse(t, m);
                } else {
                    t.state = Transaction.COMPLETED;
                    sendAck(t, m);
                    timers.start(t.timeoutTimer, Math.max(TIMER_D_MS, 0));
                    t.user.onResponse(t, m);
                }
                break;
            case Transaction.ACCEPTED:
                if (status >= 200 && status < 300) {
                    t.user.onResponse(t, m);
                }
                break;
            case Transaction.COMPLETED:
                if (status >= 300 && t.responseLen > 0) {
                    retransmissions++;
                    transport.send(t.response, 0, t.responseLen, t.local, 0, t.peer, 0, t.peerPort);
                }
                break;
            default:
                break;
        }
    }

    private void onNonInviteResponse(Transaction t, SipMessage m, int status) {
        if (t.state != Transaction.TRYING && t.state != Transaction.PROCEEDING) {
            return;
        }
        t.lastStatus = status;
        if (status < 200) {
            if (t.state == Transaction.TRYING) {
                t.state = Transaction.PROCEEDING;
            }
            t.user.onResponse(t, m);
            return;
        }
        timers.stop(t.retransmitTimer);
        t.state = Transaction.COMPLETED;
        timers.start(t.timeoutTimer, t4);
        t.user.onResponse(t, m);
    }

    /** The ACK for a non-2xx final response (RFC 3261 §17.1.1.3), built from the INVITE and the response's To. */
    private void sendAck(Transaction t, SipMessage response) {
        int to = response.first(SipHeader.TO);
        byte[] rb = response.buffer();
        // The response lies in the receive buffer; the INVITE in t.request. Parse the INVITE into the scratch.
        if (scratch.parse(t.request, 0, t.requestLen) != SipMessage.OK) {
            return;
        }
        SipWriter w = writer.reset(t.response, 0, t.response.length);
        w.text("ACK ").bytes(t.request, scratch.uriOffset(), scratch.uriLength()).text(" SIP/2.0").crlf();
        int v = scratch.first(SipHeader.VIA);
        if (via.parse(scratch)) {
            w.header(SipHeader.VIA).bytes(t.request, via.elementOffset(), via.elementLength()).crlf();
        } else if (v >= 0) {
            w.header(SipHeader.VIA).bytes(t.request, scratch.valueOffset(v), scratch.valueLength(v)).crlf();
        }
        for (int r = scratch.first(SipHeader.ROUTE); r >= 0; r = scratch.next(SipHeader.ROUTE, r)) {
            w.header(SipHeader.ROUTE).bytes(t.request, scratch.valueOffset(r), scratch.valueLength(r)).crlf();
        }
        w.header(SipHeader.MAX_FORWARDS).text("70").crlf();
        copy(w, scratch, SipHeader.FROM);
        if (to >= 0) {
            w.header(SipHeader.TO).bytes(rb, response.valueOffset(to), response.valueLength(to)).crlf();
        }
        copy(w, scratch, SipHeader.CALL_ID);
        w.header(SipHeader.CSEQ).decimal(t.cseq).text(" ACK").crlf();
        w.header(SipHeader.CONTENT_LENGTH).text("0").crlf().crlf();
        if (w.overflowed()) {
            t.responseLen = 0;
            return;
        }
        t.responseLen = w.length();
        transport.send(t.response, 0, t.responseLen, t.local, 0, t.peer, 0, t.peerPort);
    }

    private static void copy(SipWriter w, SipMessage m, int id) {
        int h = m.first(id);
        if (h >= 0) {
            w.header(id).bytes(m.buffer(), m.valueOffset(h), m.valueLength(h)).crlf();
        }
    }

    private Transaction findClient(SipMessage m) {
        byte[] b = m.buffer();
        for (int i = 0; i < pool.length; i++) {
            Transaction t = pool[i];
            if (t.state == Transaction.FREE || !t.isClient() || t.method != m.cseqMethod()) {
                continue;
            }
            if (Ascii.equals(t.branch, 0, t.branchLen, b, via.branchOffset(), via.branchLength())) {
                return t;
            }
        }
        return null;
    }

    /**
     * A request from the network, from {@code src}:{@code srcPort} to our address {@code local}.
     *
     * @return a new server transaction for the user agent to answer (its request is copied into
     *     {@link Transaction#request()}); or null, and {@link #lastOutcome()} says why: a retransmission (answered
     *     here), an ACK absorbed by its INVITE transaction, an ACK for a 2xx (the dialog's), or no free transaction
     */
    public Transaction onRequest(SipMessage m, byte[] src, int srcOff, int srcPort, byte[] local, int localOff) {
        if (!via.parse(m)) {
            outcome = NO_ROOM;
            return null;
        }
        Transaction match = findServer(m);
        if (m.method() == SipMethod.ACK) {
            if (match != null && match.kind == Transaction.SERVER_INVITE && match.state == Transaction.COMPLETED) {
                match.state = Transaction.CONFIRMED;
                timers.stop(match.retransmitTimer);
                timers.start(match.timeoutTimer, t4);
                outcome = ACK_ABSORBED;
                return null;
            }
            outcome = match != null ? ACK_ABSORBED : ACK_FOR_USER;
            return null;
        }
        if (match != null) {
            outcome = RETRANSMISSION;
            if (match.responseLen > 0 && match.state != Transaction.CONFIRMED) {
                retransmissions++;
                transport.send(match.response, 0, match.responseLen, match.local, 0, match.peer, 0, match.peerPort);
            }
            return null;
        }
        Transaction t = allocate();
        if (t == null) {
            outcome = NO_ROOM;
            return null;
        }
        int len = m.bodyOffset() + m.bodyLength() - m.start();
        if (len > t.request.length || via.branchLength() > Transaction.MAX_BRANCH
            || via.sentByLength() > Transaction.MAX_SENT_BY) {
            free(t);
            outcome = NO_ROOM;
            return null;
        }
        System.arraycopy(m.buffer(), m.start(), t.request, 0, len);
        t.requestLen = len;
        t.method = m.method();
        t.cseq = m.cseq();
        t.branchLen = via.branchLength();
        System.arraycopy(m.buffer(), via.branchOffset(), t.branch, 0, t.branchLen);
        t.sentByLen = via.sentByLength();
        System.arraycopy(m.buffer(), via.sentByOffset(), t.sentBy, 0, t.sentByLen);
        System.arraycopy(src, srcOff, t.peer, 0, 16);
        t.sourcePort = srcPort;
        // RFC 3581 §4 / RFC 3261 §18.2.2: to the source port with rport, else to the sent-by port.
        t.peerPort = via.hasRport() ? srcPort : via.port() > 0 ? via.port() : 5060;
        System.arraycopy(local, localOff, t.local, 0, 16);
        t.kind = t.method == SipMethod.INVITE ? Transaction.SERVER_INVITE : Transaction.SERVER_NON_INVITE;
        t.state = t.kind == Transaction.SERVER_INVITE ? Transaction.PROCEEDING : Transaction.TRYING;
        outcome = NEW;
        return t;
    }

    private Transaction findServer(SipMessage m) {
        if (via.branchLength() == 0) {
            return null;
        }
        byte[] b = m.buffer();
        int method = m.method() == SipMethod.ACK ? SipMethod.INVITE : m.method();
        for (int i = 0; i < pool.length; i++) {
            Transaction t = pool[i];
            if (t.state == Transaction.FREE || t.isClient() || t.method != method) {
                continue;
            }
            if (Ascii.equals(t.branch, 0, t.branchLen, b, via.branchOffset(), via.branchLength())
                && Ascii.equalsIgnoreCase(t.sentBy, 0, t.sentByLen, b, via.sentByOffset(), via.sentByLength())) {
                return t;
            }
        }
        return null;
    }

    /**
     * The INVITE server transaction a CANCEL (already parsed in {@code m}) is for (RFC 3261 §9.2: same branch and
     * sent-by), or null.
     */
    public Transaction findInviteFor(SipMessage cancel) {
        if (!via.parse(cancel) || via.branchLength() == 0) {
            return null;
        }
        byte[] b = cancel.buffer();
        for (int i = 0; i < pool.length; i++) {
            Transaction t = pool[i];
            if (t.state != Transaction.FREE && t.kind == Transaction.SERVER_INVITE
                && Ascii.equals(t.branch, 0, t.branchLen, b, via.branchOffset(), via.branchLength())
                && Ascii.equalsIgnoreCase(t.sentBy, 0, t.sentByLen, b, via.sentByOffset(), via.sentByLength())) {
                return t;
            }
        }
        return null;
    }

    /** Parses a transaction's stored request into the layer's scratch message (valid until the next call here). */
    public SipMessage parseRequest(Transaction t) {
        scratch.parse(t.request, 0, t.requestLen);
        return scratch;
    }

    /**
     * Sends the response the user built into {@link Transaction#response()} and moves the server transaction on.
     *
     * @param status the response's status code
     */
    public void respond(Transaction t, int len, int status) {
        if (t.isClient() || t.state == Transaction.FREE || t.state == Transaction.TERMINATED) {
            return;
        }
        t.responseLen = len;
        t.lastStatus = status;
        transport.send(t.response, 0, len, t.local, 0, t.peer, 0, t.peerPort);
        if (status < 200) {
            if (t.state == Transaction.TRYING) {
                t.state = Transaction.PROCEEDING;
            }
            return;
        }
        if (t.kind == Transaction.SERVER_NON_INVITE) {
            t.state = Transaction.COMPLETED;
            timers.start(t.timeoutTimer, 64 * t1);
            return;
        }
        t.state = status < 300 ? Transaction.ACCEPTED : Transaction.COMPLETED;
        t.intervalMs = t1;
        timers.start(t.retransmitTimer, t1);
        timers.start(t.timeoutTimer, 64 * t1);
    }

    /** The user saw the ACK for the 2xx of this server INVITE transaction: stop retransmitting it. */
    public void ackReceived(Transaction t) {
        if (t.kind == Transaction.SERVER_INVITE && t.state == Transaction.ACCEPTED) {
            free(t);
        }
    }

    /** Ends a transaction at once, without telling its user (the user gives up on it). */
    public void abandon(Transaction t) {
        if (t != null && t.state != Transaction.FREE) {
            free(t);
        }
    }

    void retransmit(Transaction t) {
        boolean server = !t.isClient();
        if (t.state == Transaction.FREE) {
            return;
        }
        if (!server && (t.state == Transaction.CALLING || t.state == Transaction.TRYING
            || t.state == Transaction.PROCEEDING && t.kind == Transaction.CLIENT_NON_INVITE)) {
            retransmissions++;
            transport.send(t.request, 0, t.requestLen, t.local, 0, t.peer, 0, t.peerPort);
            if (t.kind == Transaction.CLIENT_INVITE) {
                t.intervalMs = 2 * t.intervalMs;
            } else {
                t.intervalMs = t.state == Transaction.PROCEEDING ? t2 : Math.min(2 * t.intervalMs, t2);
            }
            timers.start(t.retransmitTimer, t.intervalMs);
        } else if (server && (t.state == Transaction.COMPLETED || t.state == Transaction.ACCEPTED)
            && t.kind == Transaction.SERVER_INVITE) {
            retransmissions++;
            transport.send(t.response, 0, t.responseLen, t.local, 0, t.peer, 0, t.peerPort);
            t.intervalMs = Math.min(2 * t.intervalMs, t2);
            timers.start(t.retransmitTimer, t.intervalMs);
        }
    }

    /**
     * The network says {@code dst}:{@code port} cannot be reached (an ICMPv6 destination unreachable about one of
     * our datagrams, or address resolution that failed): client transactions to it that have had no response yet
     * fail now instead of at Timer B or F (RFC 3261 §8.1.3.1, §17.1.1.2, §17.1.2.2), reported from their timer as
     * a timeout is, with {@link Transaction#failedUnreachable()} true.
     *
     * @return how many transactions this ends
     */
    public int unreachable(byte[] dst, int dstOff, int port, int code) {
        int n = 0;
        for (int i = 0; i < pool.length; i++) {
            Transaction t = pool[i];
            if (t.isClient() && (t.state == Transaction.CALLING || t.state == Transaction.TRYING)
                && t.peerPort == port && Ip6Address.equal(t.peer, 0, dst, dstOff)) {
                t.unreachableCode = code;
                timers.stop(t.retransmitTimer);
                timers.start(t.timeoutTimer, 1);
                n++;
            }
        }
        unreachables += n;
        return n;
    }

    /** Client transactions ended early because their destination was unreachable. */
    public int unreachableCount() {
        return unreachables;
    }

    void timeout(Transaction t) {
        int state = t.state;
        if (state == Transaction.FREE) {
            return;
        }
        TransactionUser user = t.user;
        boolean failed = t.isClient() && (state == Transaction.CALLING || state == Transaction.TRYING
            || state == Transaction.PROCEEDING)
            || t.kind == Transaction.SERVER_INVITE && state == Transaction.ACCEPTED;
        if (failed) {
            timeouts++;
            t.state = Transaction.TERMINATED;
            timers.stop(t.retransmitTimer);
            if (user != null) {
                user.onTimeout(t);
            }
        }
        free(t);
    }

    private void free(Transaction t) {
        timers.stop(t.retransmitTimer);
        timers.stop(t.timeoutTimer);
        t.state = Transaction.FREE;
        t.user = null;
        t.unreachableCode = -1;
        t.generation++;
    }
}
