package org.firmerware.top.sip.rtp;

/**
 * What a receiver knows about one RTP source for its reception reports (RFC 3550 §6.4.1): the extended highest
 * sequence number with its wrap-arounds and the validity rules of Appendix A.1 (a jump of more than
 * {@link #MAX_DROPOUT} restarts the count after two sequential packets), the packets expected and lost and the
 * fraction lost since the last report (A.3), and the interarrival jitter (A.8) in timestamp units.
 *
 * <p>Jitter is kept as 16 times its value so that the 1/16 gain of A.8 is exact in integers:
 * {@code J += (|D| - J) / 16} becomes {@code J16 += |D| - (J16 + 8) / 16}.
 */
public final class ReceptionStatistics {

    /** A.1: the largest forward jump still taken as the same sequence. */
    public static final int MAX_DROPOUT = 3000;
    /** A.1: the largest backward step taken as reordering rather than a restart. */
    public static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    private int maxSeq;
    private int cycles;
    private int baseSeq;
    private int badSeq;
    private int received;
    private int expectedPrior;
    private int receivedPrior;
    private int jitter16;
    private int lastTransit;
    private boolean haveTransit;
    private boolean started;
    private int ssrc;

    /** Forgets the source (a new call). */
    public void reset() {
        started = false;
        haveTransit = false;
        jitter16 = 0;
        received = 0;
        cycles = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    /** Whether a packet has been counted since {@link #reset}. */
    public boolean started() {
        return started;
    }

    /** The source's SSRC (valid once started). */
    public int ssrc() {
        return ssrc;
    }

    /**
     * Counts a packet (RFC 3550 A.1 {@code update_seq}, A.8).
     *
     * @param arrival the arrival time in timestamp units (the RTP clock of the payload)
     * @param timing whether the packet counts for the jitter (audio does; telephone events keep one timestamp)
     * @return false when the packet is not in sequence and is ignored (a jump, until the source proves it restarted)
     */
    public boolean update(int source, int seq, int timestamp, int arrival, boolean timing) {
        if (!started || source != ssrc) {
            init(source, seq);
            started = true;
            haveTransit = false;
        } else {
            int delta = seq - maxSeq & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += SEQ_MOD;
                }
                maxSeq = seq;
            } else if (delta <= SEQ_MOD - MAX_MISORDER) {
                if (seq == badSeq) {
                    init(source, seq);
                    haveTransit = false;
                } else {
                    badSeq = seq + 1 & 0xFFFF;
                    return false;
                }
            }
        }
        received++;
        if (!timing) {
            return true;
        }
        // A.8: D = (Rj - Ri) - (Sj - Si), computed from the relative transit times.
        int transit = arrival - timestamp;
        if (haveTransit) {
            int d = Math.abs(transit - lastTransit);
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
        return true;
    }

    private void init(int source, int seq) {
        ssrc = source;
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** The extended highest sequence number received (cycles in the high 16 bits). */
    public int extendedMax() {
        return cycles + maxSeq;
    }

    /** Packets expected (A.3). */
    public int expected() {
        return started ? extendedMax() - baseSeq + 1 : 0;
    }

    /** Packets received, duplicates and late ones included, as A.3 counts them. */
    public int received() {
        return received;
    }

    /** The cumulative number of packets lost (A.3), clamped to the 24-bit signed field. */
    public int cumulativeLost() {
        int lost = expected() - received;
        return Math.max(-0x800000, Math.min(0x7FFFFF, lost));
    }

    /** The interarrival jitter in timestamp units (A.8). */
    public int jitter() {
        return jitter16 >> 4;
    }

    /**
     * The fraction lost since the previous call, in 1/256 (A.3), and the start of the next interval; call once per
     * report.
     */
    public int takeFractionLost() {
        int expected = expected();
        int expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        int receivedInterval = received - receivedPrior;
        receivedPrior = received;
        int lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (lostInterval << 8) / expectedInterval;
    }
}
