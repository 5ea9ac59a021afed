package org.firmerware.top.sip.ua;

import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.top.sip.auth.DigestAuth;
import org.firmerware.top.sip.message.Params;
import org.firmerware.top.sip.message.SipHeader;
import org.firmerware.top.sip.message.SipMessage;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.message.Ascii;
import org.firmerware.top.sip.transaction.Transaction;
import org.firmerware.top.sip.transaction.TransactionUser;

/**
 * The registration of one account with its registrar (RFC 3261 §10): REGISTER to the account's proxy with our
 * Contact, refreshed before the granted interval ends (see
 * {@link #refreshDelayS}), with the same Call-ID and a rising CSeq (§10.2.4). A 401 or 407 is answered once with
 * digest credentials (a {@code stale=true} challenge once more); a second refusal means the credentials are wrong,
 * which the phone shows and logs, and is tried again only after {@link #AUTH_RETRY_S}. 423 is retried with the
 * registrar's Min-Expires (§10.2.8). Other failures and timeouts are retried after {@link #RETRY_S}.
 *
 * <p>Main loop only.
 */
public final class Registration implements TransactionUser, TimerHandler {

    /** States. */
    public static final int IDLE = 0, REGISTERING = 1, REGISTERED = 2, FAILED = 3, AUTH_FAILED = 4;
    /** Seconds before trying again after a failure or timeout. */
    public static final int RETRY_S = 30;
    /** Seconds before trying again after the credentials were refused. */
    public static final int AUTH_RETRY_S = 300;

    private final UserAgent ua;
    private final int index;
    private final Account account;
    private final DigestAuth auth = new DigestAuth();
    private final Timer timer;
    private final byte[] callId = new byte[24];
    private final byte[] tag = new byte[8];
    private final byte[] local = new byte[16];
    private final byte[] randomBytes = new byte[8];
    private final byte[] uri = new byte[Account.MAX_FIELD + 4];
    private int uriLen;
    private long cseq;
    private int state = IDLE;
    private int authAnswers;
    private int expiresAsked;
    private int grantedS;
    private int lastStatus;
    private Transaction pending;
    private int pendingGeneration;

    Registration(UserAgent ua, int index, Account account) {
        this.ua = ua;
        this.index = index;
        this.account = account;
        this.timer = new Timer(Priority.NORMAL, this);
        this.expiresAsked = account.expiresS;
        for (int i = 0; i < callId.length; i++) {
            callId[i] = hex(ua.random().below(16));
        }
        for (int i = 0; i < tag.length; i++) {
            tag[i] = hex(ua.random().below(16));
        }
        uri[0] = 's';
        uri[1] = 'i';
        uri[2] = 'p';
        uri[3] = ':';
        System.arraycopy(account.domain, 0, uri, 4, account.domainLen);
        uriLen = 4 + account.domainLen;
    }

    /** Takes the account's settings again (the phone read its configuration anew, before registering). */
    void configure() {
        expiresAsked = account.expiresS;
        System.arraycopy(account.domain, 0, uri, 4, account.domainLen);
        uriLen = 4 + account.domainLen;
    }

    private static byte hex(int v) {
        return (byte) (v < 10 ? '0' + v : 'a' + v - 10);
    }

    /** The state ({@link #IDLE} ...). */
    public int state() {
        return state;
    }

    /** The status of the last final response (0 for a timeout). */
    public int lastStatus() {
        return lastStatus;
    }

    /** The interval the registrar granted, in seconds. */
    public int grantedSeconds() {
        return grantedS;
    }

    /** The account. */
    public Account account() {
        return account;
    }

    /** Our address in the Contact registered. */
    public byte[] localAddress() {
        return local;
    }

    void addressesChanged() {
        if (account.expiresS == 0 || !account.hasProxy) {
            return;
        }
        if (state == IDLE || state == FAILED && !timer.isRunning()) {
            register();
            return;
        }
        // A registered Contact whose address is gone is registered again from the new one.
        if (state == REGISTERED && ua.sourceFor(account.proxy, 0, scratch, 0)
            && !Ascii.equals(scratch, 0, 16, local, 0, 16)) {
            register();
        }
    }

    private final byte[] scratch = new byte[16];

    /** Sends a REGISTER now (a refresh or a first registration). */
    public void register() {
        if (pending != null && pending.isSame(pendingGeneration)) {
            return;
        }
        if (!ua.sourceFor(account.proxy, 0, local, 0)) {
            state = IDLE;
            return;
        }
        authAnswers = 0;
        auth.clear();
        state = REGISTERING;
        send();
        ua.registrationChanged(index);
    }

    private void send() {
        Transaction t = ua.transactions().allocate();
        if (t == null) {
            retryIn(RETRY_S);
            return;
        }
        cseq++;
        SipWriter w = ua.writer().reset(t.request(), 0, t.request().length);
        w.text("REGISTER ").bytes(uri, 0, uriLen).text(" SIP/2.0").crlf();
        ua.writeVia(w, local, 0);
        w.header(SipHeader.MAX_FORWARDS).text("70").crlf();
        w.header(SipHeader.FROM);
        aor(w);
        w.text(";tag=").bytes(tag, 0, tag.length).crlf();
        w.header(SipHeader.TO);
        aor(w);
        w.crlf();
        w.header(SipHeader.CALL_ID).bytes(callId, 0, callId.length).crlf();
        w.header(SipHeader.CSEQ).decimal(cseq).text(" REGISTER").crlf();
        ua.writeContact(w, account.user, account.userLen, local, 0);
        w.header(SipHeader.EXPIRES).decimal(expiresAsked).crlf();
        if (auth.hasChallenge()) {
            ua.random().fill(randomBytes, 0, randomBytes.length);
            auth.writeAuthorization(w, "REGISTER", uri, 0, uriLen, account.authName(), 0, account.authNameLength(),
                account.password, 0, account.passwordLen, randomBytes, 0, randomBytes.length);
        }
        w.header(SipHeader.ALLOW).text(UserAgent.ALLOW).crlf();
        ua.endMessage(w, true, null, 0, 0);
        if (w.overflowed() || !ua.transactions().startClient(t, w.length(), this, index, account.proxy, 0,
            account.proxyPort, local, 0)) {
            ua.transactions().release(t);
            retryIn(RETRY_S);
            return;
        }
        pending = t;
        pendingGeneration = t.generation();
    }

    private void aor(SipWriter w) {
        if (account.displayNameLen > 0) {
            w.character('"').bytes(account.displayName, 0, account.displayNameLen).text("\" ");
        }
        w.text("<sip:").bytes(account.user, 0, account.userLen).character('@')
            .bytes(account.domain, 0, account.domainLen).character('>');
    }

    @Override
    public void onResponse(Transaction t, SipMessage m) {
        int status = m.status();
        if (status < 200) {
            return;
        }
        pending = null;
        lastStatus = status;
        if (status < 300) {
            grantedS = granted(m);
            state = REGISTERED;
            ua.log().begin().text("sip: registered ").bytes(account.user, 0, account.userLen).character('@')
                .bytes(account.domain, 0, account.domainLen).text(" for ").decimal(grantedS).text(" s").end();
            retryIn(refreshDelayS(grantedS));
            ua.registrationChanged(index);
            return;
        }
        if ((status == 401 || status == 407) && auth.takeChallenge(m) && (authAnswers == 0 || auth.isStale()
            && authAnswers < 3)) {
            authAnswers++;
            send();
            return;
        }
        if (status == 423) {
            int h = m.first(SipHeader.MIN_EXPIRES);
            long min = h < 0 ? -1 : Ascii.parseDecimal(m.buffer(), m.valueOffset(h), m.valueLength(h), 86400);
            if (min > expiresAsked) {
                expiresAsked = (int) min;
                send();
                return;
            }
        }
        if (status == 401 || status == 407) {
            state = AUTH_FAILED;
            ua.log().begin().text("sip: registration of ").bytes(account.user, 0, account.userLen).character('@')
                .bytes(account.domain, 0, account.domainLen).text(" refused: wrong user name or password (")
                .decimal(status).text(" to our credentials)").end();
            retryIn(AUTH_RETRY_S);
        } else {
            state = FAILED;
            ua.log().begin().text("sip: registration of ").bytes(account.user, 0, account.userLen).character('@')
                .bytes(account.domain, 0, account.domainLen).text(" failed: ").decimal(status).character(' ')
                .bytes(m.buffer(), m.reasonOffset(), Math.min(m.reasonLength(), 40)).end();
            retryIn(RETRY_S);
        }
        ua.registrationChanged(index);
    }

    /** The interval granted: our Contact's expires parameter, else Expires, else what we asked (RFC 3261 §10.2.4). */
    private int granted(SipMessage m) {
        byte[] b = m.buffer();
        for (int h = m.first(SipHeader.CONTACT); h >= 0; h = m.next(SipHeader.CONTACT, h)) {
            int off = m.valueOffset(h);
            int end = off + m.valueLength(h);
            // Each element: <uri>;params; we registered one Contact, so the first expires is ours.
            int i = off;
            while (i < end) {
                int e = Params.elementEnd(b, i, end);
                int gt = Ascii.indexOf(b, i, e - i, '>');
                int ps = gt >= 0 ? gt + 1 : i;
                int v = Params.find(b, ps, e - ps, "expires");
                if (v >= 0) {
                    long n = Ascii.parseDecimal(b, v, Params.valueEnd(b, v, e) - v, 86400 * 365L);
                    if (n >= 0) {
                        return (int) n;
                    }
                }
                i = e + 1;
            }
        }
        int h = m.first(SipHeader.EXPIRES);
        if (h >= 0) {
            long n = Ascii.parseDecimal(b, m.valueOffset(h), m.valueLength(h), 86400 * 365L);
            if (n >= 0) {
                return (int) n;
            }
        }
        return expiresAsked;
    }

    /** When to refresh: half the interval for short ones, otherwise a minute before it ends. */
    static int refreshDelayS(int granted) {
        if (granted <= 0) {
            return RETRY_S;
        }
        granted = Math.min(granted, 86400);
        return granted <= 120 ? Math.max(1, granted / 2) : granted - 60;
    }

    @Override
    public void onTimeout(Transaction t) {
        pending = null;
        lastStatus = 0;
        state = FAILED;
        ua.log().begin().text("sip: registration of ").bytes(account.user, 0, account.userLen).character('@')
            .bytes(account.domain, 0, account.domainLen)
            .text(t.failedUnreachable() ? " failed: the registrar is unreachable" : " failed: no answer from the registrar")
            .end();
        retryIn(RETRY_S);
        ua.registrationChanged(index);
    }

    private void retryIn(int seconds) {
        ua.kernel().timers().start(timer, seconds * 1000);
    }

    @Override
    public void onTimer(Timer t) {
        register();
    }
}
