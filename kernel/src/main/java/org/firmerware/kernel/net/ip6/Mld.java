package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * The multicast listener side of MLDv2 (RFC 3810): the groups we listen to (with a use count, since a link-local and a
 * global address from the same interface identifier share their solicited-node group), state-change reports when a
 * group is joined or left (§6.1, retransmitted [Robustness Variable] - 1 times at random within the Unsolicited
 * Report Interval), and current-state reports in answer to general and group-specific queries after a random delay
 * up to the Maximum Response Delay (§6.2).
 *
 * <p>MLDv1 compatibility (§8.2.1): an MLDv1 query (24 bytes) puts the interface in MLDv1 mode for the Older Version
 * Querier Present Timeout (§9.12: robustness times the default Query Interval plus the Query Response Interval,
 * 260 s, since an MLDv1 query carries neither); each change of mode cancels what was pending. In MLDv1 mode each group
 * is reported on its own in an MLDv1 report (RFC 2710: type 131, to the group itself) after its own random delay, a
 * report heard from another listener suppresses ours (RFC 2710 §4), a join is reported twice and a leave is a Done
 * (type 132) to all-routers {@code ff02::2}.
 *
 * <p>The all-nodes group {@code ff02::1} is always listened to and never reported, nor are interface-local groups
 * (§6). Reports go to {@code ff02::16} with hop limit 1 and a hop-by-hop Router Alert option (§5.2.14, RFC 2711),
 * from the link-local address, or from {@code ::} while it is not yet valid (§5.2.13).
 *
 * <pre>
 *   report:        type 143 | 0 | checksum | reserved (2) | number of records (2) | records
 *   record:        record type | aux data len 0 | number of sources 0 (2) | multicast address (16)
 *   v1 report/done: type 131/132 | 0 | checksum | max response delay 0 (2) | reserved (2) | multicast address (16)
 *   query (v2):    type 130 | 0 | checksum | max response code (2) | reserved (2) | multicast address (16) |
 *                  S QRV | QQIC | number of sources (2) | sources
 * </pre>
 *
 * <p>Main loop only.
 */
public final class Mld {

    /** Groups joined beyond the solicited-node groups of our addresses. */
    public static final int EXTRA_GROUPS = 4;
    /** The Robustness Variable (§9.1). TODO RFC 3810 §9.1 SHOULD: adopt the QRV of the querier's queries. */
    public static final int ROBUSTNESS = 2;
    /** The Unsolicited Report Interval (§9.11). */
    public static final int UNSOLICITED_REPORT_INTERVAL_MS = 1000;
    /** The Unsolicited Report Interval of MLDv1 (RFC 2710 §7.10). */
    public static final int V1_UNSOLICITED_REPORT_INTERVAL_MS = 10_000;
    /**
     * The Older Version Querier Present Timeout (§9.12) with the defaults of an MLDv1 querier: robustness 2 times the
     * Query Interval (125 s) plus the Query Response Interval (10 s).
     */
    public static final int OLDER_VERSION_QUERIER_PRESENT_TIMEOUT_MS = ROBUSTNESS * 125_000 + 10_000;

    /** Record types (§5.2.12). */
    public static final int MODE_IS_EXCLUDE = 2, CHANGE_TO_INCLUDE_MODE = 3, CHANGE_TO_EXCLUDE_MODE = 4;

    public static final int QUERY_MAX_RESPONSE_CODE_OFFSET = 4;
    public static final int QUERY_ADDRESS_OFFSET = 8;
    public static final int QUERY_V1_LENGTH = 24;
    public static final int QUERY_V2_MIN_LENGTH = 28;
    /** An MLDv1 report or done has the length of an MLDv1 query. */
    public static final int V1_MESSAGE_LENGTH = QUERY_V1_LENGTH;
    public static final int REPORT_RECORDS_COUNT_OFFSET = 6;
    public static final int REPORT_RECORDS_OFFSET = 8;
    public static final int RECORD_LENGTH = 20;
    /** The hop-by-hop header we send: next header, length 0, Router Alert (MLD), PadN of 0. */
    public static final int HOP_BY_HOP_LENGTH = 8;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_SOURCE_NOT_LINK_LOCAL = 0, DROP_HOP_LIMIT = 1, DROP_TOO_SHORT = 2,
        DROP_TABLE_FULL = 3, DROP_REASONS = 4;

    private final Ip6 ip6;
    private final int capacity;
    private final byte[] groups;
    private final int[] users;
    private final int[] changeLeft;
    private final int[] changeType;
    private final int[] changeDueMs;
    private final boolean[] queryPending;
    private final int[] queryDueMs;
    private boolean generalPending;
    private int generalDueMs;
    private final int[] drops = new int[DROP_REASONS];
    private final Timer timer;
    private int reportsSent;
    private int v1ReportsSent;
    private int donesSent;
    private int queries;
    private int v1Queries;
    private int v1Suppressed;
    /** MLDv1 compatibility mode (§8.2.1), until {@link #v1UntilMs}. */
    private boolean v1Mode;
    private int v1UntilMs;

    Mld(Ip6 ip6, int capacity) {
        this.ip6 = ip6;
        this.capacity = capacity;
        this.groups = new byte[capacity * Ip6Address.LENGTH];
        this.users = new int[capacity];
        this.changeLeft = new int[capacity];
        this.changeType = new int[capacity];
        this.changeDueMs = new int[capacity];
        this.queryPending = new boolean[capacity];
        this.queryDueMs = new int[capacity];
        this.timer = new Timer(Priority.HIGH, new TimerHandler() {
            @Override
            public void onTimer(Timer t) {
                tick();
            }
        });
    }

    /** Messages dropped or joins refused, by reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** MLDv2 reports sent. */
    public int reportsSent() {
        return reportsSent;
    }

    /** Valid queries received. */
    public int queryCount() {
        return queries;
    }

    /** MLDv1 queries received. */
    public int v1QueryCount() {
        return v1Queries;
    }

    /** MLDv1 reports sent (compatibility mode). */
    public int v1ReportsSent() {
        return v1ReportsSent;
    }

    /** MLDv1 Done messages sent (compatibility mode). */
    public int donesSent() {
        return donesSent;
    }

    /** Answers of ours not sent because another listener reported the group first (MLDv1 mode). */
    public int v1Suppressed() {
        return v1Suppressed;
    }

    /** Whether the interface is in MLDv1 compatibility mode (an MLDv1 querier was heard lately). */
    public boolean isV1Mode() {
        return v1Mode;
    }

    /** Whether we listen to a group (other than all-nodes, which we always listen to). */
    public boolean isMember(byte[] a, int off) {
        int i = find(a, off);
        return i >= 0 && users[i] > 0;
    }

    private int find(byte[] a, int off) {
        for (int i = 0; i < capacity; i++) {
            if ((users[i] > 0 || changeLeft[i] > 0) && Ip6Address.equal(groups, i * Ip6Address.LENGTH, a, off)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean reportable(byte[] a, int off) {
        return !Ip6Address.equal(a, off, Ip6Address.ALL_NODES, 0)
            && Ip6Address.scope(a, off) > Ip6Address.SCOPE_INTERFACE_LOCAL;
    }

    /**
     * Starts listening to a group (another use of a group we listen to only counts); a state-change report follows at
     * once and is repeated (§6.1).
     *
     * @return false when the group table is full (counted)
     */
    public boolean join(byte[] a, int off) {
        if (Ip6Address.equal(a, off, Ip6Address.ALL_NODES, 0)) {
            return true;
        }
        int i = find(a, off);
        if (i >= 0 && users[i] > 0) {
            users[i]++;
            return true;
        }
        if (i < 0) {
            for (int k = 0; k < capacity && i < 0; k++) {
                if (users[k] == 0 && changeLeft[k] == 0) {
                    i = k;
                }
            }
            if (i < 0) {
                drops[DROP_TABLE_FULL]++;
                return false;
            }
            System.arraycopy(a, off, groups, i * Ip6Address.LENGTH, Ip6Address.LENGTH);
            queryPending[i] = false;
        }
        users[i] = 1;
        stateChange(i, CHANGE_TO_EXCLUDE_MODE);
        return true;
    }

    /** Ends one use of a group; after the last, a state-change report to include-none follows (§6.1). */
    public void leave(byte[] a, int off) {
        int i = find(a, off);
        if (i < 0 || users[i] == 0) {
            return;
        }
        users[i]--;
        if (users[i] == 0) {
            queryPending[i] = false;
            stateChange(i, CHANGE_TO_INCLUDE_MODE);
        }
    }

    private void stateChange(int i, int type) {
        if (!reportable(groups, i * Ip6Address.LENGTH)) {
            changeLeft[i] = 0;
            return;
        }
        changeType[i] = type;
        // MLDv1 (RFC 2710 §4): a report is repeated once, a Done sent once.
        changeLeft[i] = v1Mode && type == CHANGE_TO_INCLUDE_MODE ? 1 : ROBUSTNESS;
        int now = ip6.nowMs();
        changeDueMs[i] = now;
        sendChanges(now);
        arm();
    }

    /** Forgets every group (the link went down). */
    void reset() {
        for (int i = 0; i < capacity; i++) {
            users[i] = 0;
            changeLeft[i] = 0;
            queryPending[i] = false;
        }
        generalPending = false;
        v1Mode = false;
        ip6.kernel().timers().stop(timer);
    }

    /** §8.2.1: a change of compatibility mode cancels every pending answer and retransmission. */
    private void cancelPending() {
        generalPending = false;
        for (int i = 0; i < capacity; i++) {
            queryPending[i] = false;
            changeLeft[i] = 0;
        }
    }

    /** A multicast listener query (§5.1, §6.2; checks of §5.1.14 and RFC 2711). */
    void onQuery(Packet p, int ip6Offset, int icmp, int len) {
        byte[] b = p.data;
        if (!Ip6Address.isLinkLocal(b, ip6Offset + Ip6Header.SOURCE_OFFSET)) {
            drops[DROP_SOURCE_NOT_LINK_LOCAL]++;
            return;
        }
        if (Ip6Header.hopLimit(b, ip6Offset) != 1) {
            drops[DROP_HOP_LIMIT]++;
            return;
        }
        if (len < QUERY_V1_LENGTH || (len > QUERY_V1_LENGTH && len < QUERY_V2_MIN_LENGTH)) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        queries++;
        int code = Bytes.u16(b, icmp + QUERY_MAX_RESPONSE_CODE_OFFSET);
        int maxDelayMs;
        int now = ip6.nowMs();
        if (len == QUERY_V1_LENGTH) {
            v1Queries++;
            maxDelayMs = code;
            if (!v1Mode) {
                cancelPending();
                v1Mode = true;
            }
            v1UntilMs = now + OLDER_VERSION_QUERIER_PRESENT_TIMEOUT_MS;
        } else {
            maxDelayMs = maxResponseDelayMs(code);
        }
        int due = now + ip6.random().below(Math.max(1, maxDelayMs));
        int group = icmp + QUERY_ADDRESS_OFFSET;
        if (v1Mode) {
            // RFC 2710 §4: every group asked about gets a delay of its own; a sooner pending answer stands. (An MLDv2
            // query heard meanwhile is answered the same way, in MLDv1.)
            boolean general = Ip6Address.isUnspecified(b, group);
            for (int i = 0; i < capacity; i++) {
                if (users[i] > 0 && reportable(groups, i * Ip6Address.LENGTH)
                    && (general || Ip6Address.equal(groups, i * Ip6Address.LENGTH, b, group))
                    && (!queryPending[i] || due - queryDueMs[i] < 0)) {
                    queryPending[i] = true;
                    queryDueMs[i] = due;
                }
                if (general) {
                    due = now + ip6.random().below(Math.max(1, maxDelayMs));
                }
            }
        } else if (Ip6Address.isUnspecified(b, group)) {
            // §6.2 rule 1: a general query; a sooner pending answer stands.
            if (!generalPending || due - generalDueMs < 0) {
                generalPending = true;
                generalDueMs = due;
            }
        } else {
            // §6.2 rules 2-4: a group(-and-source)-specific query; a sooner general answer covers it.
            // TODO RFC 3810 §6.2 rule 4: sources of a group-and-source-specific query (we only use exclude-none).
            int i = find(b, group);
            if (i < 0 || users[i] == 0 || (generalPending && generalDueMs - due <= 0)) {
                return;
            }
            if (!queryPending[i] || due - queryDueMs[i] < 0) {
                queryPending[i] = true;
                queryDueMs[i] = due;
            }
        }
        arm();
    }

    /**
     * An MLDv1 report of another listener (RFC 2710 §4): in MLDv1 mode it answers for the group, and our pending
     * answer is not sent.
     */
    void onV1Report(Packet p, int ip6Offset, int icmp, int len) {
        if (!v1Mode || len < V1_MESSAGE_LENGTH || Ip6Header.hopLimit(p.data, ip6Offset) != 1) {
            return;
        }
        int i = find(p.data, icmp + QUERY_ADDRESS_OFFSET);
        if (i >= 0 && queryPending[i]) {
            queryPending[i] = false;
            v1Suppressed++;
            arm();
        }
    }

    /** The Maximum Response Delay of a Maximum Response Code (§5.1.3), in milliseconds. */
    public static int maxResponseDelayMs(int code) {
        if (code < 32768) {
            return code;
        }
        int exp = (code >>> 12) & 0x7;
        int mant = code & 0xFFF;
        return (mant | 0x1000) << (exp + 3);
    }

    private void tick() {
        int now = ip6.nowMs();
        if (v1Mode && now - v1UntilMs >= 0) {
            // §8.2.1: no MLDv1 querier heard for the timeout: back to MLDv2.
            cancelPending();
            v1Mode = false;
        }
        if (generalPending && now - generalDueMs >= 0) {
            generalPending = false;
            sendCurrentState(-1);
        }
        for (int i = 0; i < capacity; i++) {
            if (queryPending[i] && now - queryDueMs[i] >= 0) {
                queryPending[i] = false;
                if (users[i] > 0) {
                    if (v1Mode) {
                        sendV1(Icmp6Header.TYPE_MLD1_REPORT, i);
                    } else {
                        sendCurrentState(i);
                    }
                }
            }
        }
        boolean any = false;
        for (int i = 0; i < capacity; i++) {
            if (changeLeft[i] > 0 && now - changeDueMs[i] >= 0) {
                any = true;
            }
        }
        if (any) {
            sendChanges(now);
        }
        arm();
    }

    /** A current-state report: every reportable group we listen to, or only group {@code only}. */
    private void sendCurrentState(int only) {
        Packet p = beginReport();
        if (p == null) {
            return;
        }
        int records = 0;
        int at = reportStart() + REPORT_RECORDS_OFFSET;
        for (int i = 0; i < capacity; i++) {
            if ((only < 0 || only == i) && users[i] > 0 && reportable(groups, i * Ip6Address.LENGTH)
                && at + RECORD_LENGTH <= p.capacity()) {
                at = writeRecord(p.data, at, MODE_IS_EXCLUDE, i);
                records++;
            }
        }
        finishReport(p, records, at);
    }

    /** A state-change report with every change that is due; each is repeated until its count runs out. */
    private void sendChanges(int now) {
        if (v1Mode) {
            for (int i = 0; i < capacity; i++) {
                if (changeLeft[i] > 0 && now - changeDueMs[i] >= 0) {
                    changeLeft[i]--;
                    changeDueMs[i] = now + 1 + ip6.random().below(V1_UNSOLICITED_REPORT_INTERVAL_MS);
                    sendV1(changeType[i] == CHANGE_TO_INCLUDE_MODE ? Icmp6Header.TYPE_MLD1_DONE
                        : Icmp6Header.TYPE_MLD1_REPORT, i);
                }
            }
            return;
        }
        Packet p = beginReport();
        if (p == null) {
            return;
        }
        int records = 0;
        int at = reportStart() + REPORT_RECORDS_OFFSET;
        for (int i = 0; i < capacity; i++) {
            if (changeLeft[i] > 0 && now - changeDueMs[i] >= 0 && at + RECORD_LENGTH <= p.capacity()) {
                at = writeRecord(p.data, at, changeType[i], i);
                records++;
                changeLeft[i]--;
                changeDueMs[i] = now + ip6.random().below(UNSOLICITED_REPORT_INTERVAL_MS + 1);
            }
        }
        finishReport(p, records, at);
    }

    private static int reportStart() {
        return Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH + HOP_BY_HOP_LENGTH;
    }

    private Packet beginReport() {
        return ip6.acquire();
    }

    private int writeRecord(byte[] b, int at, int type, int i) {
        b[at] = (byte) type;
        b[at + 1] = 0;
        Bytes.put16(b, at + 2, 0);
        System.arraycopy(groups, i * Ip6Address.LENGTH, b, at + 4, Ip6Address.LENGTH);
        return at + RECORD_LENGTH;
    }

    private void finishReport(Packet p, int records, int end) {
        if (records == 0) {
            ip6.release(p);
            return;
        }
        int icmp = reportStart();
        byte[] b = p.data;
        Icmp6Header.write(b, icmp, Icmp6Header.TYPE_MLD2_REPORT, 0);
        Bytes.put16(b, icmp + 4, 0);
        Bytes.put16(b, icmp + REPORT_RECORDS_COUNT_OFFSET, records);
        reportsSent++;
        finishMessage(p, end - icmp, Ip6Address.ALL_MLD2_ROUTERS, 0);
    }

    /** An MLDv1 report (to the group) or Done (to all-routers) for group {@code i} (RFC 2710 §3). */
    private void sendV1(int type, int i) {
        Packet p = beginReport();
        if (p == null) {
            return;
        }
        int icmp = reportStart();
        byte[] b = p.data;
        Icmp6Header.write(b, icmp, type, 0);
        Bytes.put16(b, icmp + QUERY_MAX_RESPONSE_CODE_OFFSET, 0);
        Bytes.put16(b, icmp + 6, 0);
        System.arraycopy(groups, i * Ip6Address.LENGTH, b, icmp + QUERY_ADDRESS_OFFSET, Ip6Address.LENGTH);
        if (type == Icmp6Header.TYPE_MLD1_DONE) {
            donesSent++;
            finishMessage(p, V1_MESSAGE_LENGTH, Ip6Address.ALL_ROUTERS, 0);
        } else {
            v1ReportsSent++;
            finishMessage(p, V1_MESSAGE_LENGTH, groups, i * Ip6Address.LENGTH);
        }
    }

    /** The IPv6 and hop-by-hop headers before an MLD message written at {@link #reportStart()}, its checksum, sent. */
    private void finishMessage(Packet p, int icmpLength, byte[] dst, int dstOff) {
        InterfaceAddresses addresses = ip6.addresses();
        int icmp = reportStart();
        byte[] b = p.data;
        if (addresses.isUsable(InterfaceAddresses.LINK_LOCAL)) {
            Ip6.writeHeader(p, HOP_BY_HOP_LENGTH + icmpLength, Ip6Header.NEXT_HOP_BY_HOP, 1, addresses.bytes(),
                addresses.offset(InterfaceAddresses.LINK_LOCAL), dst, dstOff);
        } else {
            Ip6.writeHeader(p, HOP_BY_HOP_LENGTH + icmpLength, Ip6Header.NEXT_HOP_BY_HOP, 1, Ip6Address.UNSPECIFIED,
                0, dst, dstOff);
        }
        int hbh = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        b[hbh] = (byte) Ip6Header.NEXT_ICMP6;
        b[hbh + 1] = 0;
        // Router Alert (RFC 2711): type 5, length 2, value 0 = MLD; then PadN with no data.
        b[hbh + 2] = 5;
        b[hbh + 3] = 2;
        b[hbh + 4] = 0;
        b[hbh + 5] = 0;
        b[hbh + 6] = 1;
        b[hbh + 7] = 0;
        InternetChecksum.setUpperLayer(b, Ip6.IP6_OFFSET, icmp, icmpLength, Ip6Header.NEXT_ICMP6,
            icmp + Icmp6Header.CHECKSUM_OFFSET, false);
        ip6.send(p, Ethernet.SEND_CONTROL);
    }

    private void arm() {
        int now = ip6.nowMs();
        int best = Integer.MAX_VALUE;
        if (generalPending) {
            best = Math.max(0, generalDueMs - now);
        }
        for (int i = 0; i < capacity; i++) {
            if (queryPending[i]) {
                best = Math.min(best, Math.max(0, queryDueMs[i] - now));
            }
            if (changeLeft[i] > 0) {
                best = Math.min(best, Math.max(0, changeDueMs[i] - now));
            }
        }
        if (v1Mode) {
            best = Math.min(best, Math.max(0, v1UntilMs - now));
        }
        if (best == Integer.MAX_VALUE) {
            ip6.kernel().timers().stop(timer);
        } else {
            ip6.kernel().timers().start(timer, best);
        }
    }
}
