package org.firmerware.top.sip.transaction;

import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.top.sip.message.SipMethod;

/**
 * One SIP transaction over UDP (RFC 3261 §17) with its timers, from a pool the {@link TransactionLayer} allocates
 * during init. Four kinds, each the RFC's state machine:
 *
 * <pre>
 * client INVITE (§17.1.1, with the Accepted state of RFC 6026 §7.2):
 *   CALLING --1xx--> PROCEEDING --2xx--> ACCEPTED --Timer M--> TERMINATED
 *   CALLING/PROCEEDING --300-699 (ACK sent)--> COMPLETED --Timer D--> TERMINATED
 *   CALLING --Timer B--> TERMINATED (timeout)     Timer A retransmits in CALLING: T1, 2*T1, 4*T1 ...
 * client non-INVITE (§17.1.2):
 *   TRYING --1xx--> PROCEEDING --final--> COMPLETED --Timer K--> TERMINATED
 *   TRYING/PROCEEDING --Timer F--> TERMINATED (timeout)   Timer E retransmits: T1 doubling to T2 (T2 once proceeding)
 * server INVITE (§17.2.1, RFC 6026 §7.1):
 *   PROCEEDING --2xx--> ACCEPTED --ACK (to the user)/Timer L--> TERMINATED
 *   PROCEEDING --300-699--> COMPLETED --ACK--> CONFIRMED --Timer I--> TERMINATED
 *   COMPLETED --Timer H--> TERMINATED (the ACK never came)   Timer G retransmits the final response: T1 doubling to T2
 *   In ACCEPTED the 2xx is retransmitted like Timer G until the user reports the ACK (§13.3.1.4); no ACK within
 *   64*T1 is reported to the user, who ends the dialog with BYE.
 * server non-INVITE (§17.2.2):
 *   TRYING --1xx--> PROCEEDING --final--> COMPLETED --Timer J--> TERMINATED
 * </pre>
 * A retransmitted request to a server transaction is answered with the last response sent; a retransmitted final
 * response to a client INVITE in COMPLETED is answered with the ACK again.
 *
 * <p>Every transaction keeps two buffers of the layer's message size: the request (built by the user for a client
 * transaction, copied from the network for a server transaction) and the last response (server) or the ACK of a
 * non-2xx final response (client INVITE).
 */
public final class Transaction implements TimerHandler {

    /** Kinds. */
    public static final int CLIENT_INVITE = 0, CLIENT_NON_INVITE = 1, SERVER_INVITE = 2, SERVER_NON_INVITE = 3;
    /** States (RFC 3261 §17, RFC 6026). */
    public static final int FREE = 0, CALLING = 1, TRYING = 2, PROCEEDING = 3, COMPLETED = 4, CONFIRMED = 5,
        ACCEPTED = 6, TERMINATED = 7;

    /** The longest branch parameter kept; a longer one is not matched. */
    public static final int MAX_BRANCH = 64;
    /** The longest sent-by (host and port of the top Via) kept for matching. */
    public static final int MAX_SENT_BY = 64;

    final TransactionLayer layer;
    final int index;
    final byte[] request;
    int requestLen;
    final byte[] response;
    int responseLen;
    final Timer retransmitTimer;
    final Timer timeoutTimer;
    int kind;
    int state = FREE;
    int method;
    long cseq;
    final byte[] branch = new byte[MAX_BRANCH];
    int branchLen;
    final byte[] sentBy = new byte[MAX_SENT_BY];
    int sentByLen;
    final byte[] peer = new byte[16];
    int peerPort;
    int sourcePort;
    final byte[] local = new byte[16];
    int intervalMs;
    int lastStatus;
    /** The ICMPv6 unreachable code that ended this client transaction, or -1 (a timeout, or not ended). */
    int unreachableCode = -1;
    TransactionUser user;
    int userTag;
    int generation;

    Transaction(TransactionLayer layer, int index, int messageBytes) {
        this.layer = layer;
        this.index = index;
        this.request = new byte[messageBytes];
        this.response = new byte[messageBytes];
        this.retransmitTimer = new Timer(Priority.NORMAL, this);
        this.timeoutTimer = new Timer(Priority.NORMAL, this);
    }

    /**
     * A number that changes whenever the transaction is freed: an owner that keeps a reference checks it with
     * {@link #isSame} before using the transaction again, since the pool reuses it.
     */
    public int generation() {
        return generation;
    }

    /** Whether this is still the transaction whose {@link #generation()} the owner kept, and in use. */
    public boolean isSame(int gen) {
        return generation == gen && state != FREE;
    }

    /** The kind ({@link #CLIENT_INVITE} ...). */
    public int kind() {
        return kind;
    }

    /**
     * Whether a failed client transaction ended because its destination was unreachable (an ICMPv6 error about the
     * request, or no answer to address resolution) rather than because no response came in time.
     */
    public boolean failedUnreachable() {
        return unreachableCode >= 0;
    }

    /** The ICMPv6 destination-unreachable code when {@link #failedUnreachable()} (3: address, 4: port, ...). */
    public int unreachableCode() {
        return unreachableCode;
    }

    /** The state ({@link #CALLING} ...). */
    public int state() {
        return state;
    }

    /** Whether this is a client transaction. */
    public boolean isClient() {
        return kind == CLIENT_INVITE || kind == CLIENT_NON_INVITE;
    }

    /** The request's method ({@link SipMethod}). */
    public int method() {
        return method;
    }

    /** The request's CSeq number. */
    public long cseq() {
        return cseq;
    }

    /** The request's bytes (for a client transaction, where the user builds it). */
    public byte[] request() {
        return request;
    }

    /** The request's length. */
    public int requestLength() {
        return requestLen;
    }

    /** The response buffer: a server transaction's user builds its response here, then calls {@code respond}. */
    public byte[] response() {
        return response;
    }

    /** The status last sent (server) or received (client), 0 before any. */
    public int lastStatus() {
        return lastStatus;
    }

    /** The address responses go to (server) or the request went to (client). */
    public byte[] peer() {
        return peer;
    }

    public int peerPort() {
        return peerPort;
    }

    /** The port a server transaction's request came from (for the rport of RFC 3581). */
    public int sourcePort() {
        return sourcePort;
    }

    /** Our address the transaction sends from. */
    public byte[] local() {
        return local;
    }

    /** The owner. */
    public TransactionUser user() {
        return user;
    }

    /** A number the owner chose (such as a line). */
    public int userTag() {
        return userTag;
    }

    /** Sets the owner of a server transaction (the user agent core hands it on to a call). */
    public void setUser(TransactionUser u, int tag) {
        user = u;
        userTag = tag;
    }

    @Override
    public void onTimer(Timer timer) {
        if (timer == retransmitTimer) {
            layer.retransmit(this);
        } else {
            layer.timeout(this);
        }
    }
}
