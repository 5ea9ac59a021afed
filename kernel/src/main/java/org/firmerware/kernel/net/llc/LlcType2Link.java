package org.firmerware.kernel.net.llc;

import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * One LLC type 2 connection (ISO/IEC 8802-2 connection component) between a local SAP and a peer's MAC and SAP, in
 * asynchronous balanced mode extended: I-PDUs numbered modulo 128, a send window with retained copies for
 * retransmission, go-back-N recovery by REJ and by poll/final checkpointing, local and remote busy. The links live in a
 * fixed table of the {@link Llc}; a link in {@link #ADM} is free.
 *
 * <h2>States</h2>
 * <pre>
 *   ADM ──connect()/SABME(P)──▶ SETUP ──UA──▶ NORMAL          ADM ──SABME received/UA──▶ NORMAL
 *   NORMAL ──disconnect()/DISC(P)──▶ D_CONN ──UA or DM──▶ ADM   NORMAL ──DISC received/UA──▶ ADM
 *   NORMAL ──invalid PDU/FRMR──▶ ERROR ──SABME/UA──▶ NORMAL      any ──DM, or N2 polls unanswered/DM──▶ ADM
 * </pre>
 * The standard's data-transfer states BUSY, REJECT and AWAIT (and their combinations) are the flags
 * {@link #isLocalBusy()}, a sent REJ, and an outstanding poll inside NORMAL; remote busy is a flag as well.
 *
 * <h2>Sequence variables</h2>
 * <pre>
 *   va ≤ vs ≤ vt ≤ vq   (modulo 128, vq - va ≤ window)
 *   va  V(A): the oldest I-PDU not yet acknowledged (the last N(R) received)
 *   vs  V(S): the next I-PDU to transmit; goes back to va for a retransmission
 *   vt  one past the highest I-PDU transmitted: a valid N(R) lies in va..vt
 *   vq  the next number for new data: va..vq-1 are retained in the window's slots
 *   vr  V(R): the N(S) expected next
 * </pre>
 *
 * <h2>Timers</h2>
 * T1 runs while an I-PDU or a poll is unanswered, or while the peer is busy; when it expires the link polls with RR (RNR
 * when locally busy) and the P bit, and the answer with the F bit makes it retransmit every unacknowledged I-PDU
 * (checkpointing). After N2 polls without an answer the link sends DM and gives up. While idle, the same timer runs as
 * the inactivity timer Ti, so a peer that vanished frees the link. T2 delays the acknowledgement of received I-PDUs
 * (an I-PDU sent in the meantime carries it); every N3 I-PDUs are acknowledged at once.
 *
 * <p>Main loop only.
 */
public final class LlcType2Link implements TimerHandler {

    /** State: asynchronous disconnected mode (the link is free). */
    public static final int ADM = 0;
    /** State: SABME sent, waiting for UA. */
    public static final int SETUP = 1;
    /** State: connected, information transfer. */
    public static final int NORMAL = 2;
    /** State: DISC sent, waiting for UA or DM. */
    public static final int D_CONN = 3;
    /** State: FRMR sent, waiting for the peer to reset or disconnect. */
    public static final int ERROR = 4;

    /** Why a link went down: our user asked for it. */
    public static final int REASON_LOCAL = 0;
    /** Why: the peer sent DISC. */
    public static final int REASON_DISC = 1;
    /** Why: the peer answered DM (refused, or it had forgotten the connection). */
    public static final int REASON_DM = 2;
    /** Why: N2 polls went unanswered. */
    public static final int REASON_RETRIES = 3;
    /** Why: a protocol error (FRMR sent or received). */
    public static final int REASON_FRMR = 4;
    /** Why: the peer reset the connection with a new SABME (onConnected follows at once). */
    public static final int REASON_RESET = 5;
    /** Why: the Ethernet link went down. */
    public static final int REASON_OFFLINE = 6;

    private static final int MOD_MASK = LlcHeader.MODULUS - 1;

    private final Llc llc;
    private final int index;
    private final int window;
    private final byte[][] retained;
    private final int[] retainedLength;
    private final Timer t1;
    private final Timer t2;
    private final byte[] frmrInfo = new byte[LlcHeader.FRMR_INFO_LENGTH];

    /** The peer's MAC address. */
    final byte[] peerMac = new byte[EthernetHeader.MAC_LENGTH];
    /** The peer's SAP and ours (C/R and I/G bits clear). */
    int peerSap;
    int localSap;
    private LlcConnectionHandler handler;

    private int state = ADM;
    private int va;
    private int vs;
    private int vt;
    private int vq;
    private int vr;
    /** The slot of the window that holds I-PDU {@code va}. */
    private int vaSlot;
    private boolean remoteBusy;
    private boolean localBusy;
    private boolean discardedWhileBusy;
    private boolean rejectSent;
    private boolean pollOutstanding;
    private boolean t1Idle;
    private int retries;
    private int ackPending;
    private int pendingReason;

    private int iSent;
    private int iResent;
    private int iReceived;
    private int outOfSequence;
    private int polls;
    private int rejSent;
    private int rejReceived;

    LlcType2Link(Llc llc, int index, int window, int infoBytes) {
        this.llc = llc;
        this.index = index;
        this.window = window;
        this.retained = new byte[window][infoBytes];
        this.retainedLength = new int[window];
        this.t1 = new Timer(Priority.HIGH, this);
        this.t2 = new Timer(Priority.HIGH, this);
    }

    /** Gives a free link its identity. */
    void bind(int localSap, byte[] mac, int macOff, int peerSap, LlcConnectionHandler handler) {
        this.localSap = localSap;
        System.arraycopy(mac, macOff, peerMac, 0, EthernetHeader.MAC_LENGTH);
        this.peerSap = peerSap;
        this.handler = handler;
    }

    // ------------------------------------------------------------------ what users call

    /** The link's place in the LLC's table (0 ..). */
    public int index() {
        return index;
    }

    /** {@link #ADM}, {@link #SETUP}, {@link #NORMAL}, {@link #D_CONN} or {@link #ERROR}. */
    public int state() {
        return state;
    }

    /** Whether the link is connected (information transfer). */
    public boolean isConnected() {
        return state == NORMAL;
    }

    /** Copies the peer's MAC address to {@code dst}. */
    public void peerMac(byte[] dst, int off) {
        System.arraycopy(peerMac, 0, dst, off, EthernetHeader.MAC_LENGTH);
    }

    /** The peer's SAP. */
    public int peerSap() {
        return peerSap;
    }

    /** Our SAP. */
    public int localSap() {
        return localSap;
    }

    /** Whether {@link #send} would take data now: connected, and a slot of the window is free. */
    public boolean canSend() {
        return state == NORMAL && (vq - va & MOD_MASK) < window;
    }

    /**
     * Queues data as one I-PDU (up to {@link Llc#infoBytes()}), copying it into the window; it is transmitted as soon
     * as the peer is not busy, and retransmitted until acknowledged.
     *
     * @return how many bytes were taken: 0 when not connected or the window is full
     */
    public int send(byte[] src, int off, int len) {
        if (!canSend() || len <= 0) {
            return 0;
        }
        int slot = slotOf(vq);
        int n = Math.min(len, retained[slot].length);
        System.arraycopy(src, off, retained[slot], 0, n);
        retainedLength[slot] = n;
        vq = vq + 1 & MOD_MASK;
        transmit();
        return n;
    }

    /** I-PDUs taken by {@link #send} and not yet acknowledged. */
    public int unacknowledged() {
        return vq - va & MOD_MASK;
    }

    /**
     * Leaves local busy after a refused {@link LlcConnectionHandler#onData}: tells the peer to send again from the
     * refused I-PDU (REJ).
     */
    public void resumeReceiving() {
        if (!localBusy) {
            return;
        }
        localBusy = false;
        if (state != NORMAL) {
            return;
        }
        if (discardedWhileBusy) {
            discardedWhileBusy = false;
            rejectSent = true;
            rejSent++;
            sendS(LlcHeader.REJ, true, false);
        } else {
            sendS(LlcHeader.RR, true, false);
        }
    }

    /** Whether the link refuses I-PDUs (it sent RNR). */
    public boolean isLocalBusy() {
        return localBusy;
    }

    /** Whether the peer said it cannot take I-PDUs (it sent RNR). */
    public boolean isRemoteBusy() {
        return remoteBusy;
    }

    /** Disconnects (DISC); the handler hears {@code onDisconnected(REASON_LOCAL)} when the peer answered. */
    public void disconnect() {
        if (state == ADM || state == D_CONN) {
            return;
        }
        pendingReason = REASON_LOCAL;
        startDisconnect();
    }

    /** V(S), the next N(S) to send. */
    public int vs() {
        return vs;
    }

    /** V(R), the next N(S) expected. */
    public int vr() {
        return vr;
    }

    /** I-PDUs sent for the first time. */
    public int iFramesSent() {
        return iSent;
    }

    /** I-PDUs sent again (after REJ or a checkpoint). */
    public int iFramesResent() {
        return iResent;
    }

    /** I-PDUs delivered in sequence. */
    public int iFramesReceived() {
        return iReceived;
    }

    /** I-PDUs received out of sequence (discarded). */
    public int outOfSequenceCount() {
        return outOfSequence;
    }

    /** Polls sent because T1 (or Ti) expired. */
    public int pollCount() {
        return polls;
    }

    /** REJ sent. */
    public int rejectsSent() {
        return rejSent;
    }

    /** REJ received. */
    public int rejectsReceived() {
        return rejReceived;
    }

    /** The name of a link state. */
    public static String stateName(int state) {
        switch (state) {
            case ADM: return "ADM";
            case SETUP: return "SETUP";
            case NORMAL: return "NORMAL";
            case D_CONN: return "D_CONN";
            default: return "ERROR";
        }
    }

    /** Why a link went down, in words. */
    public static String reasonName(int reason) {
        switch (reason) {
            case REASON_LOCAL: return "closed here";
            case REASON_DISC: return "closed by the peer";
            case REASON_DM: return "the peer is disconnected";
            case REASON_RETRIES: return "no answer";
            case REASON_FRMR: return "protocol error";
            case REASON_RESET: return "reset by the peer";
            default: return "link down";
        }
    }

    // ------------------------------------------------------------------ from the LLC

    /** Opens the connection: SABME with P, then T1 until UA. */
    void connect() {
        if (state != ADM) {
            stopTimers();
        }
        resetVariables();
        state = SETUP;
        retries = 0;
        llc.sendU(this, LlcHeader.SABME, false, true, frmrInfo, 0, 0);
        startT1(llc.t1Ms, false);
    }

    /** Drops the connection without a frame (the Ethernet link is down). */
    void dropSilently(int reason) {
        if (state != ADM) {
            toAdm(reason);
        }
    }

    /** A PDU from the peer for this link (type 2 formats only). */
    void onPdu(byte[] f, int llcOffset, int control, boolean response, int infoOffset, int infoLength) {
        if (LlcHeader.isU(control)) {
            boolean pf = LlcHeader.uPollFinal(control);
            int code = LlcHeader.uCode(control);
            if (code == LlcHeader.SABME && !response) {
                onSabme(pf);
            } else if (code == LlcHeader.DISC && !response) {
                onDisc(pf);
            } else if (code == LlcHeader.UA && response) {
                onUa();
            } else if (code == LlcHeader.DM && response) {
                onDm();
            } else if (code == LlcHeader.FRMR && response) {
                onFrmr();
            } else {
                invalid(control, 0, response, LlcHeader.FRMR_W);
            }
            return;
        }
        int control2 = LlcHeader.control2(f, llcOffset);
        int nr = LlcHeader.nr(f, llcOffset);
        boolean pf = LlcHeader.isPollFinal(f, llcOffset);
        if (LlcHeader.isI(control)) {
            onI(control, control2, response, LlcHeader.ns(f, llcOffset), nr, pf, f, infoOffset, infoLength);
        } else if (control != LlcHeader.RR && control != LlcHeader.RNR && control != LlcHeader.REJ) {
            invalid(control, control2, response, LlcHeader.FRMR_W);
        } else if (infoLength > 0) {
            invalid(control, control2, response, LlcHeader.FRMR_W | LlcHeader.FRMR_X);
        } else {
            onS(control, control2, response, nr, pf);
        }
    }

    // ------------------------------------------------------------------ U-format PDUs

    private void onSabme(boolean poll) {
        int was = state;
        if (was == D_CONN) {
            llc.sendU(this, LlcHeader.DM, true, poll, frmrInfo, 0, 0);
            toAdm(pendingReason);
            return;
        }
        stopTimers();
        resetVariables();
        state = NORMAL;
        llc.sendU(this, LlcHeader.UA, true, poll, frmrInfo, 0, 0);
        restartT1();
        if (was == NORMAL || was == ERROR) {
            handler.onDisconnected(this, REASON_RESET);
        }
        handler.onConnected(this);
    }

    private void onDisc(boolean poll) {
        switch (state) {
            case SETUP:
                llc.sendU(this, LlcHeader.DM, true, poll, frmrInfo, 0, 0);
                toAdm(REASON_DISC);
                break;
            case D_CONN:
                llc.sendU(this, LlcHeader.UA, true, poll, frmrInfo, 0, 0);
                toAdm(pendingReason);
                break;
            default:
                llc.sendU(this, LlcHeader.UA, true, poll, frmrInfo, 0, 0);
                toAdm(REASON_DISC);
                break;
        }
    }

    private void onUa() {
        if (state == SETUP) {
            stopTimers();
            resetVariables();
            state = NORMAL;
            restartT1();
            handler.onConnected(this);
        } else if (state == D_CONN) {
            toAdm(pendingReason);
        }
        // A UA in NORMAL or ERROR is a late answer to a repeated SABME: nothing to do.
    }

    private void onDm() {
        if (state == SETUP) {
            toAdm(REASON_DM);
        } else if (state == D_CONN) {
            toAdm(pendingReason);
        } else {
            toAdm(REASON_DM);
        }
    }

    private void onFrmr() {
        if (state == NORMAL || state == ERROR) {
            // The peer rejected one of our PDUs: the connection cannot be trusted any more; end it cleanly.
            pendingReason = REASON_FRMR;
            startDisconnect();
        }
    }

    // ------------------------------------------------------------------ I- and S-format PDUs

    private void onI(int control, int control2, boolean response, int ns, int nr, boolean pf, byte[] f, int infoOff,
        int infoLen) {
        if (!acceptsSequenced(response, pf)) {
            return;
        }
        if (!validNr(nr)) {
            invalid(control, control2, response, LlcHeader.FRMR_Z);
            return;
        }
        boolean poll = !response && pf;
        if (response && pf && pollOutstanding) {
            checkpoint(nr);
        } else {
            acknowledge(nr);
        }
        receiveInfo(ns, poll, f, infoOff, infoLen);
        transmit();
    }

    private void onS(int code, int control2, boolean response, int nr, boolean pf) {
        if (!acceptsSequenced(response, pf)) {
            return;
        }
        if (!validNr(nr)) {
            invalid(code, control2, response, LlcHeader.FRMR_Z);
            return;
        }
        remoteBusy = code == LlcHeader.RNR;
        if (response && pf && pollOutstanding) {
            checkpoint(nr);
        } else {
            acknowledge(nr);
            if (code == LlcHeader.REJ) {
                rejReceived++;
                goBack();
            }
        }
        if (!response && pf) {
            sendS(localBusy ? LlcHeader.RNR : LlcHeader.RR, true, true);
        }
        if (remoteBusy && (!t1.isRunning() || t1Idle)) {
            startT1(llc.t1Ms, false);
        }
        transmit();
    }

    /** Whether I- and S-PDUs are handled in this state; answers what the state requires. */
    private boolean acceptsSequenced(boolean response, boolean pf) {
        if (state == NORMAL) {
            return true;
        }
        if (state == ERROR && !response) {
            // Every command in ERROR is answered by repeating the FRMR.
            llc.sendU(this, LlcHeader.FRMR, true, pf, frmrInfo, 0, frmrInfo.length);
        }
        return false;
    }

    private void receiveInfo(int ns, boolean poll, byte[] f, int infoOff, int infoLen) {
        if (localBusy) {
            discardedWhileBusy = true;
            if (poll) {
                sendS(LlcHeader.RNR, true, true);
            }
            return;
        }
        if (ns == vr) {
            if (!handler.onData(this, f, infoOff, infoLen)) {
                localBusy = true;
                discardedWhileBusy = true;
                sendS(LlcHeader.RNR, true, poll);
                return;
            }
            vr = vr + 1 & MOD_MASK;
            iReceived++;
            rejectSent = false;
            if (poll) {
                sendS(LlcHeader.RR, true, true);
            } else if (++ackPending >= llc.ackEvery) {
                sendS(LlcHeader.RR, true, false);
            } else if (!t2.isRunning()) {
                llc.timers().start(t2, llc.t2Ms);
            }
            return;
        }
        outOfSequence++;
        boolean ahead = (ns - vr & MOD_MASK) < LlcHeader.MODULUS / 2;
        if (ahead && !rejectSent) {
            // An I-PDU is missing: ask for everything from V(R) again, once (the REJ exception condition).
            rejectSent = true;
            rejSent++;
            sendS(LlcHeader.REJ, true, poll);
        } else if (poll) {
            sendS(LlcHeader.RR, true, true);
        } else if (!ahead) {
            // A duplicate: our acknowledgement was lost; repeat it soon.
            ackPending++;
            if (!t2.isRunning()) {
                llc.timers().start(t2, llc.t2Ms);
            }
        }
    }

    /** Whether N(R) acknowledges only I-PDUs that were sent: va ≤ nr ≤ vt. */
    private boolean validNr(int nr) {
        return (nr - va & MOD_MASK) <= (vt - va & MOD_MASK);
    }

    /** The peer acknowledged every I-PDU before {@code nr}. */
    private void acknowledge(int nr) {
        int n = nr - va & MOD_MASK;
        if (n == 0) {
            return;
        }
        if ((vs - va & MOD_MASK) < n) {
            vs = nr;
        }
        va = nr;
        vaSlot = (vaSlot + n) % window;
        retries = 0;
        if (!pollOutstanding) {
            restartT1();
        }
        handler.onSendRoom(this);
    }

    /** The answer (F) to our poll: acknowledge, then retransmit every I-PDU not acknowledged. */
    private void checkpoint(int nr) {
        pollOutstanding = false;
        acknowledge(nr);
        retries = 0;
        goBack();
        restartT1();
    }

    private void goBack() {
        vs = va;
    }

    /** Transmits retained I-PDUs from V(S) while the window, the peer and the packet pool allow. */
    private void transmit() {
        if (state != NORMAL || remoteBusy || pollOutstanding) {
            return;
        }
        for (int i = 0; i < window && vs != vq; i++) {
            int slot = slotOf(vs);
            if (!llc.sendI(this, vs, vr, retained[slot], 0, retainedLength[slot])) {
                break;
            }
            boolean again = (vs - va & MOD_MASK) < (vt - va & MOD_MASK);
            vs = vs + 1 & MOD_MASK;
            if (again) {
                iResent++;
            } else {
                iSent++;
                vt = vs;
            }
            acknowledgementSent();
            if (!t1.isRunning() || t1Idle) {
                startT1(llc.t1Ms, false);
            }
        }
    }

    private int slotOf(int seq) {
        return (vaSlot + (seq - va & MOD_MASK)) % window;
    }

    // ------------------------------------------------------------------ frames out

    private void sendS(int code, boolean response, boolean pollFinal) {
        llc.sendS(this, code, response, vr, pollFinal);
        acknowledgementSent();
    }

    /** Every I- and S-PDU carries N(R) = V(R): nothing is left to acknowledge. */
    private void acknowledgementSent() {
        ackPending = 0;
        if (t2.isRunning()) {
            llc.timers().stop(t2);
        }
    }

    /** An invalid PDU: FRMR, then ERROR until the peer resets or disconnects. */
    private void invalid(int control, int control2, boolean response, int reasons) {
        if (state != NORMAL) {
            return;
        }
        frmrInfo[0] = (byte) control;
        frmrInfo[1] = (byte) control2;
        frmrInfo[2] = (byte) (vs << 1);
        frmrInfo[3] = (byte) (vr << 1 | (response ? 1 : 0));
        frmrInfo[4] = (byte) reasons;
        state = ERROR;
        retries = 0;
        llc.sendU(this, LlcHeader.FRMR, true, false, frmrInfo, 0, frmrInfo.length);
        startT1(llc.t1Ms, false);
    }

    private void startDisconnect() {
        stopTimers();
        state = D_CONN;
        retries = 0;
        llc.sendU(this, LlcHeader.DISC, false, true, frmrInfo, 0, 0);
        startT1(llc.t1Ms, false);
    }

    // ------------------------------------------------------------------ timers

    @Override
    public void onTimer(Timer timer) {
        if (timer == t2) {
            if (state == NORMAL && ackPending > 0) {
                sendS(localBusy ? LlcHeader.RNR : LlcHeader.RR, true, false);
            }
            return;
        }
        switch (state) {
            case SETUP:
                if (retries < llc.n2) {
                    retries++;
                    llc.sendU(this, LlcHeader.SABME, false, true, frmrInfo, 0, 0);
                    startT1(llc.t1Ms, false);
                } else {
                    toAdm(REASON_RETRIES);
                }
                break;
            case D_CONN:
                if (retries < llc.n2) {
                    retries++;
                    llc.sendU(this, LlcHeader.DISC, false, true, frmrInfo, 0, 0);
                    startT1(llc.t1Ms, false);
                } else {
                    toAdm(pendingReason);
                }
                break;
            case ERROR:
                if (retries < llc.n2) {
                    retries++;
                    llc.sendU(this, LlcHeader.FRMR, true, false, frmrInfo, 0, frmrInfo.length);
                    startT1(llc.t1Ms, false);
                } else {
                    llc.sendU(this, LlcHeader.DM, true, false, frmrInfo, 0, 0);
                    toAdm(REASON_FRMR);
                }
                break;
            case NORMAL:
                if (retries >= llc.n2) {
                    llc.sendU(this, LlcHeader.DM, true, false, frmrInfo, 0, 0);
                    toAdm(REASON_RETRIES);
                    return;
                }
                retries++;
                polls++;
                pollOutstanding = true;
                sendS(localBusy ? LlcHeader.RNR : LlcHeader.RR, false, true);
                startT1(llc.t1Ms, false);
                break;
            default:
                break;
        }
    }

    /** In NORMAL: T1 while anything waits for an answer or the peer is busy, the inactivity timer otherwise. */
    private void restartT1() {
        if (state != NORMAL) {
            return;
        }
        boolean waiting = vq != va || pollOutstanding || remoteBusy;
        startT1(waiting ? llc.t1Ms : llc.tiMs, !waiting);
    }

    private void startT1(int delayMs, boolean idle) {
        t1Idle = idle;
        llc.timers().start(t1, delayMs);
    }

    private void stopTimers() {
        if (t1.isRunning()) {
            llc.timers().stop(t1);
        }
        if (t2.isRunning()) {
            llc.timers().stop(t2);
        }
    }

    private void resetVariables() {
        va = 0;
        vs = 0;
        vt = 0;
        vq = 0;
        vr = 0;
        vaSlot = 0;
        remoteBusy = false;
        localBusy = false;
        discardedWhileBusy = false;
        rejectSent = false;
        pollOutstanding = false;
        retries = 0;
        ackPending = 0;
    }

    private void toAdm(int reason) {
        stopTimers();
        resetVariables();
        state = ADM;
        handler.onDisconnected(this, reason);
    }
}
