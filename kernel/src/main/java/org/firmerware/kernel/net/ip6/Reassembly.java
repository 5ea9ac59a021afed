package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.PacketPool;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * Reassembly of fragmented IPv6 packets (RFC 8200 §4.5, RFC 5722, RFC 6946): a few slots, each a buffer for one
 * original packet of at most {@code ip6ReassemblyBytes} (header included), keyed by source, destination and
 * identification.
 *
 * <p>Layout of a slot's buffer: the fragmentable part goes to {@link #BASE} + its offset, whatever order the
 * fragments come in. The offset-0 fragment's unfragmentable part and its fragment header are copied right before
 * {@code BASE}, so that the first fragment as it arrived stands in the buffer (for a Time Exceeded that quotes it).
 * When the last hole is filled the unfragmentable part is moved over the fragment header, its payload length and the
 * next header field before the fragment header are set (the next header from the offset-0 fragment), and {@link Ip6}
 * walks the result once ({@link #completed()}), with no recursion.
 *
 * <p>Rules: a fragment with M set whose length is not a multiple of 8 gets a parameter problem (code 0) pointing at
 * the payload length, one reaching beyond 65535 a parameter problem pointing at the fragment offset; overlapping
 * fragments discard the whole packet silently, also the fragments still to come, while an exact duplicate is ignored
 * (RFC 5722); a packet too big for a slot is discarded and counted. A discarded packet frees its slot at once; its
 * key (source, destination, identification) is remembered until 60 s after its first fragment, in a list of twice
 * as many entries as slots (the oldest goes when it is full), and its later fragments are dropped;
 * after {@link #TIMEOUT_MS} an incomplete packet is dropped, with a Time Exceeded code 1 only when its offset-0
 * fragment had arrived. Every drop is counted ({@link #drops(int)}).
 *
 * <p>Main loop only. Allocates only in the constructor.
 */
public final class Reassembly {

    /** RFC 8200 §4.5: reassembly gives up 60 seconds after the first-arriving fragment. */
    public static final int TIMEOUT_MS = 60_000;
    /** The longest unfragmentable part (fixed header and extension headers before the fragment header) we take. */
    public static final int MAX_UNFRAGMENTABLE = 128;
    /** Where the fragmentable part starts in a slot's buffer. */
    public static final int BASE = MAX_UNFRAGMENTABLE + 8;
    /** The most fragments one packet may arrive in. */
    public static final int MAX_FRAGMENTS = 32;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_BAD_LENGTH = 0, DROP_BEYOND_65535 = 1, DROP_NO_SLOT = 2, DROP_TOO_BIG = 3,
        DROP_OVERLAP = 4, DROP_DUPLICATE = 5, DROP_INCONSISTENT = 6, DROP_TOO_MANY = 7, DROP_DISCARDED = 8,
        DROP_TIMEOUT = 9, DROP_INCOMPLETE_CHAIN = 10, DROP_REASONS = 11;

    private final Ip6 ip6;
    private final int slots;
    private final int maxPacket;
    private final int maxFragmentable;
    private final Packet[] buffer;
    private final boolean[] active;
    private final byte[] discardedAddresses;
    private final int[] discardedId;
    private final int[] discardedUntilMs;
    private final boolean[] discarded;
    private final byte[] addresses;
    private final int[] identification;
    private final int[] deadlineMs;
    private final int[] firstStart;
    private final int[] nextFieldOffset;
    private final int[] nextHeader;
    private final int[] total;
    private final int[] receivedBytes;
    private final int[] rangeCount;
    private final int[] rangeStart;
    private final int[] rangeEnd;
    private final int[] drops = new int[DROP_REASONS];
    private final Timer timer;
    private int fragments;
    private int reassembled;
    private int completedSlot = -1;
    private int completedOffset;
    private int completedEnd;

    /**
     * @param slots packets reassembled at once
     * @param maxPacket the longest packet reassembled, IPv6 header included (at least 1500, at most 65535)
     */
    Reassembly(Ip6 ip6, int slots, int maxPacket) {
        this.ip6 = ip6;
        this.slots = Math.max(1, slots);
        this.maxPacket = Math.min(65535, Math.max(Ip6.ETHERNET_MTU, maxPacket));
        this.maxFragmentable = this.maxPacket - Ip6Header.HEADER_LENGTH;
        PacketPool pool = new PacketPool(this.slots, BASE + maxFragmentable);
        this.buffer = new Packet[this.slots];
        for (int i = 0; i < this.slots; i++) {
            buffer[i] = pool.acquire();
        }
        this.active = new boolean[this.slots];
        this.discarded = new boolean[2 * this.slots];
        this.discardedAddresses = new byte[2 * this.slots * 2 * Ip6Address.LENGTH];
        this.discardedId = new int[2 * this.slots];
        this.discardedUntilMs = new int[2 * this.slots];
        this.addresses = new byte[this.slots * 2 * Ip6Address.LENGTH];
        this.identification = new int[this.slots];
        this.deadlineMs = new int[this.slots];
        this.firstStart = new int[this.slots];
        this.nextFieldOffset = new int[this.slots];
        this.nextHeader = new int[this.slots];
        this.total = new int[this.slots];
        this.receivedBytes = new int[this.slots];
        this.rangeCount = new int[this.slots];
        this.rangeStart = new int[this.slots * MAX_FRAGMENTS];
        this.rangeEnd = new int[this.slots * MAX_FRAGMENTS];
        this.timer = new Timer(Priority.NORMAL, new TimerHandler() {
            @Override
            public void onTimer(Timer t) {
                tick();
            }
        });
    }

    /** Fragments dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** Fragments received (atomic fragments not included). */
    public int fragmentCount() {
        return fragments;
    }

    /** Packets reassembled. */
    public int reassembledCount() {
        return reassembled;
    }

    /** Slots. */
    public int slots() {
        return slots;
    }

    /** The longest packet reassembled, IPv6 header included. */
    public int maxPacket() {
        return maxPacket;
    }

    /** Slots holding a packet being reassembled. */
    public int activeCount() {
        int n = 0;
        for (int i = 0; i < slots; i++) {
            if (active[i]) {
                n++;
            }
        }
        return n;
    }

    /** The most extension headers {@link #chainComplete} follows. */
    private static final int MAX_CHAIN = 8;

    /**
     * Whether the header chain that starts with header {@code next} at {@code at} lies whole before {@code end}, up to
     * and including the first bytes of the upper-layer header (RFC 7112 §5; TCP 20, UDP 8, ICMPv6 4), or ends in ESP or
     * No Next Header. More than {@link #MAX_CHAIN} extension headers count as incomplete.
     */
    static boolean chainComplete(byte[] b, int next, int at, int end) {
        for (int k = 0; k < MAX_CHAIN; k++) {
            int length;
            switch (next) {
                case Ip6Header.NEXT_HOP_BY_HOP, Ip6Header.NEXT_ROUTING, Ip6Header.NEXT_DESTINATION_OPTIONS,
                    MOBILITY, HIP, SHIM6:
                    if (at + 2 > end) {
                        return false;
                    }
                    length = (Bytes.u8(b, at + 1) + 1) * 8;
                    break;
                case Ip6Header.NEXT_AH:
                    if (at + 2 > end) {
                        return false;
                    }
                    length = (Bytes.u8(b, at + 1) + 2) * 4;
                    break;
                case Ip6Header.NEXT_FRAGMENT:
                    length = 8;
                    break;
                case Ip6Header.NEXT_ESP, Ip6Header.NEXT_NONE:
                    return at <= end;
                case Ip6Header.NEXT_TCP:
                    return at + 20 <= end;
                case Ip6Header.NEXT_UDP:
                    return at + 8 <= end;
                case Ip6Header.NEXT_ICMP6:
                    return at + 4 <= end;
                default:
                    return at < end;
            }
            if (at + length > end) {
                return false;
            }
            next = Bytes.u8(b, at);
            at += length;
        }
        return false;
    }

    /** Extension headers that only the chain check knows (IANA "IPv6 Extension Header Types"). */
    private static final int MOBILITY = 135, HIP = 139, SHIM6 = 140;

    /** Forgets every packet being reassembled (link down). */
    void reset() {
        for (int i = 0; i < slots; i++) {
            active[i] = false;
        }
        for (int k = 0; k < discarded.length; k++) {
            discarded[k] = false;
        }
        completedSlot = -1;
        ip6.kernel().timers().stop(timer);
    }

    /**
     * A fragment that is not atomic, being received.
     *
     * @param off the IPv6 header in the frame
     * @param fragment the fragment header
     * @param end the end of the packet
     * @param nextField where the next header field before the fragment header is
     */
    void onFragment(Packet p, int off, int fragment, int end, int nextField) {
        byte[] b = p.data;
        fragments++;
        int data = fragment + 8;
        int length = end - data;
        int offsetAndFlags = Bytes.u16(b, fragment + 2);
        int offset = offsetAndFlags & 0xFFF8;
        boolean more = (offsetAndFlags & 1) != 0;
        if (more && (length & 7) != 0) {
            drops[DROP_BAD_LENGTH]++;
            ip6.icmp().sendParameterProblem(p, off, Icmp6Header.PARAMETER_HEADER_FIELD,
                Ip6Header.PAYLOAD_LENGTH_OFFSET, false);
            return;
        }
        if (offset + length > 65535) {
            drops[DROP_BEYOND_65535]++;
            ip6.icmp().sendParameterProblem(p, off, Icmp6Header.PARAMETER_HEADER_FIELD, fragment + 2 - off, false);
            return;
        }
        if (more && length == 0) {
            drops[DROP_BAD_LENGTH]++;
            return;
        }
        int id = Bytes.u32(b, fragment + 4);
        if (wasDiscarded(b, off, id)) {
            drops[DROP_DISCARDED]++;
            return;
        }
        int i = find(b, off, id);
        if (i < 0) {
            i = allocate(b, off, id);
            if (i < 0) {
                drops[DROP_NO_SLOT]++;
                return;
            }
        }
        int last = offset + length;
        if (last > maxFragmentable) {
            discard(i, DROP_TOO_BIG);
            return;
        }
        if (!more) {
            if (total[i] >= 0 && total[i] != last) {
                discard(i, DROP_INCONSISTENT);
                return;
            }
        } else if (total[i] >= 0 && last > total[i]) {
            discard(i, DROP_INCONSISTENT);
            return;
        }
        int ranges = i * MAX_FRAGMENTS;
        for (int r = 0; r < rangeCount[i]; r++) {
            int s = rangeStart[ranges + r];
            int e = rangeEnd[ranges + r];
            if (s == offset && e == last) {
                // RFC 5722 §4 allows exact duplicates; the copy that came first stays.
                drops[DROP_DUPLICATE]++;
                return;
            }
            if (offset < e && s < last) {
                discard(i, DROP_OVERLAP);
                return;
            }
            if (!more && e > last) {
                discard(i, DROP_INCONSISTENT);
                return;
            }
        }
        if (rangeCount[i] == MAX_FRAGMENTS) {
            discard(i, DROP_TOO_MANY);
            return;
        }
        if (offset == 0 && !chainComplete(b, Bytes.u8(b, fragment), data, end)) {
            // RFC 7112 §5: the packet is discarded, and the source told (pointer 0).
            discard(i, DROP_INCOMPLETE_CHAIN);
            ip6.icmp().sendParameterProblem(p, off, Icmp6Header.PARAMETER_INCOMPLETE_CHAIN, 0, false);
            return;
        }
        if (offset == 0) {
            int unfragmentable = fragment - off;
            if (unfragmentable > MAX_UNFRAGMENTABLE) {
                discard(i, DROP_TOO_BIG);
                return;
            }
            int start = BASE - 8 - unfragmentable;
            System.arraycopy(b, off, buffer[i].data, start, unfragmentable + 8);
            firstStart[i] = start;
            nextFieldOffset[i] = nextField - off;
            nextHeader[i] = Bytes.u8(b, fragment);
        }
        if (!more) {
            total[i] = last;
        }
        rangeStart[ranges + rangeCount[i]] = offset;
        rangeEnd[ranges + rangeCount[i]] = last;
        rangeCount[i]++;
        System.arraycopy(b, data, buffer[i].data, BASE + offset, length);
        receivedBytes[i] += length;
        if (total[i] >= 0 && receivedBytes[i] == total[i] && firstStart[i] >= 0) {
            complete(i);
        }
    }

    private void complete(int i) {
        byte[] b = buffer[i].data;
        int unfragmentable = BASE - 8 - firstStart[i];
        if (unfragmentable + total[i] > maxPacket) {
            discard(i, DROP_TOO_BIG);
            return;
        }
        int start = firstStart[i] + 8;
        System.arraycopy(b, firstStart[i], b, start, unfragmentable);
        Bytes.put16(b, start + Ip6Header.PAYLOAD_LENGTH_OFFSET,
            unfragmentable - Ip6Header.HEADER_LENGTH + total[i]);
        b[start + nextFieldOffset[i]] = (byte) nextHeader[i];
        reassembled++;
        completedSlot = i;
        completedOffset = start;
        completedEnd = BASE + total[i];
    }

    /** The packet the last fragment completed (its IPv6 header at {@link #completedOffset()}), or null. */
    Packet completed() {
        return completedSlot < 0 ? null : buffer[completedSlot];
    }

    int completedOffset() {
        return completedOffset;
    }

    int completedEnd() {
        return completedEnd;
    }

    /** Frees the slot of the completed packet once it has been handled. */
    void releaseCompleted() {
        if (completedSlot >= 0) {
            active[completedSlot] = false;
            completedSlot = -1;
            arm();
        }
    }

    /**
     * RFC 5722: the whole packet goes, and the fragments still to come are dropped until its timeout; the slot is
     * free at once, the key goes to the discarded list (over its oldest entry when it is full).
     */
    private void discard(int i, int reason) {
        drops[reason]++;
        int now = ip6.nowMs();
        int k = 0;
        for (int j = 0; j < discarded.length; j++) {
            if (!discarded[j] || now - discardedUntilMs[j] >= 0) {
                k = j;
                break;
            }
            if (discardedUntilMs[j] - discardedUntilMs[k] < 0) {
                k = j;
            }
        }
        discarded[k] = true;
        discardedId[k] = identification[i];
        discardedUntilMs[k] = deadlineMs[i];
        System.arraycopy(addresses, 2 * i * Ip6Address.LENGTH, discardedAddresses, 2 * k * Ip6Address.LENGTH,
            2 * Ip6Address.LENGTH);
        active[i] = false;
        arm();
    }

    private boolean wasDiscarded(byte[] b, int off, int id) {
        int now = ip6.nowMs();
        for (int k = 0; k < discarded.length; k++) {
            if (discarded[k] && now - discardedUntilMs[k] >= 0) {
                discarded[k] = false;
            }
            if (discarded[k] && discardedId[k] == id
                && Ip6Address.equal(discardedAddresses, 2 * k * Ip6Address.LENGTH, b, off + Ip6Header.SOURCE_OFFSET)
                && Ip6Address.equal(discardedAddresses, (2 * k + 1) * Ip6Address.LENGTH, b,
                off + Ip6Header.DESTINATION_OFFSET)) {
                return true;
            }
        }
        return false;
    }

    private int find(byte[] b, int off, int id) {
        for (int i = 0; i < slots; i++) {
            if (active[i] && identification[i] == id
                && Ip6Address.equal(addresses, 2 * i * Ip6Address.LENGTH, b, off + Ip6Header.SOURCE_OFFSET)
                && Ip6Address.equal(addresses, (2 * i + 1) * Ip6Address.LENGTH, b,
                off + Ip6Header.DESTINATION_OFFSET)) {
                return i;
            }
        }
        return -1;
    }

    private int allocate(byte[] b, int off, int id) {
        for (int i = 0; i < slots; i++) {
            if (!active[i]) {
                active[i] = true;
                identification[i] = id;
                System.arraycopy(b, off + Ip6Header.SOURCE_OFFSET, addresses, 2 * i * Ip6Address.LENGTH,
                    2 * Ip6Address.LENGTH);
                deadlineMs[i] = ip6.nowMs() + TIMEOUT_MS;
                firstStart[i] = -1;
                total[i] = -1;
                receivedBytes[i] = 0;
                rangeCount[i] = 0;
                arm();
                return i;
            }
        }
        return -1;
    }

    private void tick() {
        int now = ip6.nowMs();
        for (int i = 0; i < slots; i++) {
            if (!active[i] || i == completedSlot || now - deadlineMs[i] < 0) {
                continue;
            }
            active[i] = false;
            drops[DROP_TIMEOUT]++;
            if (firstStart[i] >= 0) {
                // RFC 8200 §4.5: Time Exceeded code 1 quoting the first fragment, only when it had arrived.
                ip6.icmp().sendReassemblyTimeExceeded(buffer[i], firstStart[i]);
            }
        }
        arm();
    }

    private void arm() {
        int now = ip6.nowMs();
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < slots; i++) {
            if (active[i] && i != completedSlot) {
                best = Math.min(best, Math.max(0, deadlineMs[i] - now));
            }
        }
        if (best == Integer.MAX_VALUE) {
            ip6.kernel().timers().stop(timer);
        } else {
            ip6.kernel().timers().start(timer, best);
        }
    }
}
