package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * The neighbour cache (RFC 4861 §5.1, §7.2, §7.3): the link-layer addresses of on-link neighbours, with address
 * resolution and neighbour unreachability detection. Sized by the board's {@code neighbors}.
 *
 * <pre>
 *            resolve                 NA (solicited)          ReachableTime
 *   (none) ----------> INCOMPLETE ------------------> REACHABLE --------> STALE
 *                          |  MAX_MULTICAST_SOLICIT NS        ^              | packet sent
 *                          v  unanswered: deleted             | NA (solicited)|
 *                       (none)                                |              v
 *                                    PROBE <------------------+---------- DELAY
 *                                      |      DELAY_FIRST_PROBE_TIME
 *                                      v  MAX_UNICAST_SOLICIT NS unanswered: deleted ("unreachable")
 * </pre>
 *
 * <p>Each entry holds at most one packet waiting for resolution (RFC 4861 §7.2.2 asks for at least one); a newer
 * packet replaces the older, which is dropped and counted. Waiting packets belong to the cache and come from the
 * network's pool. One timer serves all entries, armed for the earliest deadline.
 *
 * <p>Main loop only.
 */
public final class NeighborCache {

    /** Entry states (RFC 4861 §7.3.2); FREE marks an unused entry. */
    public static final int FREE = 0, INCOMPLETE = 1, REACHABLE = 2, STALE = 3, DELAY = 4, PROBE = 5;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_CACHE_FULL = 0, DROP_PENDING_REPLACED = 1, DROP_RESOLUTION_FAILED = 2,
        DROP_REASONS = 3;

    private final Ip6 ip6;
    private final int capacity;
    private final byte[] address;
    private final byte[] mac;
    private final int[] state;
    private final int[] deadlineMs;
    private final boolean[] hasDeadline;
    private final int[] probes;
    private final boolean[] router;
    private final int[] lastUsedMs;
    private final Packet[] pending;
    private final int[] pendingPriority;
    private final int[] drops = new int[DROP_REASONS];
    private final Timer timer;
    private int unreachable;

    NeighborCache(Ip6 ip6, int capacity) {
        this.ip6 = ip6;
        this.capacity = Math.max(1, capacity);
        this.address = new byte[this.capacity * Ip6Address.LENGTH];
        this.mac = new byte[this.capacity * EthernetHeader.MAC_LENGTH];
        this.state = new int[this.capacity];
        this.deadlineMs = new int[this.capacity];
        this.hasDeadline = new boolean[this.capacity];
        this.probes = new int[this.capacity];
        this.router = new boolean[this.capacity];
        this.lastUsedMs = new int[this.capacity];
        this.pending = new Packet[this.capacity];
        this.pendingPriority = new int[this.capacity];
        this.timer = new Timer(Priority.HIGH, new TimerHandler() {
            @Override
            public void onTimer(Timer t) {
                tick();
            }
        });
    }

    /** How many entries there are. */
    public int capacity() {
        return capacity;
    }

    /** The entry of a neighbour, or -1. */
    public int find(byte[] a, int off) {
        for (int i = 0; i < capacity; i++) {
            if (state[i] != FREE && Ip6Address.equal(address, i * Ip6Address.LENGTH, a, off)) {
                return i;
            }
        }
        return -1;
    }

    /** The state of an entry ({@code FREE} ... {@code PROBE}). */
    public int state(int index) {
        return state[index];
    }

    /** Whether the neighbour of an entry is a router (its IsRouter flag). */
    public boolean isRouter(int index) {
        return router[index];
    }

    /** Copies the link-layer address of an entry. */
    public void copyMac(int index, byte[] dst, int off) {
        System.arraycopy(mac, index * EthernetHeader.MAC_LENGTH, dst, off, EthernetHeader.MAC_LENGTH);
    }

    /** Packets dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** Neighbours found unreachable (resolution or NUD failed) since init. */
    public int unreachableCount() {
        return unreachable;
    }

    /**
     * Whether a neighbour is known to be, or probably is, reachable (RFC 4861 §6.3.6): an entry that is not
     * INCOMPLETE.
     */
    boolean isProbablyReachable(byte[] a, int off) {
        int i = find(a, off);
        return i >= 0 && state[i] != INCOMPLETE;
    }

    /** Forgets every entry and drops waiting packets. */
    void reset() {
        for (int i = 0; i < capacity; i++) {
            free(i);
        }
        ip6.kernel().timers().stop(timer);
    }

    private void free(int i) {
        if (pending[i] != null) {
            ip6.release(pending[i]);
            pending[i] = null;
        }
        state[i] = FREE;
        hasDeadline[i] = false;
        router[i] = false;
    }

    /**
     * Sends a packet to an on-link next hop (RFC 4861 §7.2.2, §7.3.3): at once when its link-layer address is known
     * (a STALE entry goes to DELAY), otherwise it waits while the address is resolved. Takes the packet.
     */
    void send(Packet p, byte[] nextHop, int nextHopOff, int priority) {
        int now = ip6.nowMs();
        int i = find(nextHop, nextHopOff);
        if (i < 0) {
            i = allocate(nextHop, nextHopOff);
            if (i < 0) {
                drops[DROP_CACHE_FULL]++;
                ip6.release(p);
                return;
            }
            state[i] = INCOMPLETE;
            router[i] = false;
            pending[i] = p;
            pendingPriority[i] = priority;
            lastUsedMs[i] = now;
            probes[i] = 1;
            setDeadline(i, now + ip6.retransTimerMs());
            ip6.neighborDiscovery().sendSolicitation(address, i * Ip6Address.LENGTH, null, 0, p);
            arm();
            return;
        }
        lastUsedMs[i] = now;
        if (state[i] == INCOMPLETE) {
            if (pending[i] != null) {
                drops[DROP_PENDING_REPLACED]++;
                ip6.release(pending[i]);
            }
            pending[i] = p;
            pendingPriority[i] = priority;
            return;
        }
        if (state[i] == STALE) {
            state[i] = DELAY;
            setDeadline(i, now + NeighborDiscovery.DELAY_FIRST_PROBE_TIME_MS);
            arm();
        }
        ip6.sendToMac(p, mac, i * EthernetHeader.MAC_LENGTH, priority);
    }

    /** A free entry, or one evicted (the least recently used that is not INCOMPLETE and no router), or -1. */
    private int allocate(byte[] a, int off) {
        int victim = -1;
        for (int i = 0; i < capacity; i++) {
            if (state[i] == FREE) {
                victim = i;
                break;
            }
            if (state[i] != INCOMPLETE && !router[i]
                && (victim < 0 || lastUsedMs[i] - lastUsedMs[victim] < 0)) {
                victim = i;
            }
        }
        if (victim < 0) {
            return -1;
        }
        free(victim);
        System.arraycopy(a, off, address, victim * Ip6Address.LENGTH, Ip6Address.LENGTH);
        return victim;
    }

    /**
     * A link-layer address learned from a solicitation's source link-layer option or a router message (RFC 4861
     * §7.2.3, §6.3.4, §6.2.6): a new entry is STALE; a changed address is recorded and the entry becomes STALE.
     *
     * @param isRouter whether the message proves the sender a router (an RA); false leaves the flag alone
     */
    void onLinkLayerAddress(byte[] a, int off, byte[] lla, int llaOff, boolean isRouter) {
        int i = find(a, off);
        if (i < 0) {
            i = allocate(a, off);
            if (i < 0) {
                drops[DROP_CACHE_FULL]++;
                return;
            }
            state[i] = STALE;
            router[i] = isRouter;
            hasDeadline[i] = false;
            lastUsedMs[i] = ip6.nowMs();
            System.arraycopy(lla, llaOff, mac, i * EthernetHeader.MAC_LENGTH, EthernetHeader.MAC_LENGTH);
            return;
        }
        if (isRouter) {
            router[i] = true;
        }
        boolean same = state[i] != INCOMPLETE
            && Ip6Address.equalMac(mac, i * EthernetHeader.MAC_LENGTH, lla, llaOff);
        if (!same) {
            System.arraycopy(lla, llaOff, mac, i * EthernetHeader.MAC_LENGTH, EthernetHeader.MAC_LENGTH);
            state[i] = STALE;
            hasDeadline[i] = false;
            flush(i);
            arm();
        }
    }

    /**
     * A neighbour advertisement for a target that is not ours (RFC 4861 §7.2.5).
     *
     * @param tllaOff where the target link-layer address is in {@code b}, or -1 when the NA has none
     */
    void onAdvertisement(byte[] target, int targetOff, byte[] b, int tllaOff, boolean routerFlag, boolean solicited,
                         boolean override) {
        int i = find(target, targetOff);
        if (i < 0) {
            return;
        }
        int m = i * EthernetHeader.MAC_LENGTH;
        if (state[i] == INCOMPLETE) {
            if (tllaOff < 0) {
                return;
            }
            System.arraycopy(b, tllaOff, mac, m, EthernetHeader.MAC_LENGTH);
            if (solicited) {
                reachable(i);
            } else {
                state[i] = STALE;
                hasDeadline[i] = false;
            }
            router[i] = routerFlag;
            flush(i);
            arm();
            return;
        }
        boolean different = tllaOff >= 0 && !Ip6Address.equalMac(mac, m, b, tllaOff);
        if (!override && different) {
            if (state[i] == REACHABLE) {
                state[i] = STALE;
                hasDeadline[i] = false;
            }
            return;
        }
        if (different) {
            System.arraycopy(b, tllaOff, mac, m, EthernetHeader.MAC_LENGTH);
        }
        if (solicited) {
            reachable(i);
        } else if (different) {
            state[i] = STALE;
            hasDeadline[i] = false;
        }
        if (router[i] && !routerFlag) {
            ip6.routers().onNoLongerRouter(target, targetOff);
        }
        router[i] = routerFlag;
        arm();
    }

    private void reachable(int i) {
        state[i] = REACHABLE;
        probes[i] = 0;
        setDeadline(i, ip6.nowMs() + ip6.reachableTimeMs());
    }

    private void setDeadline(int i, int atMs) {
        deadlineMs[i] = atMs;
        hasDeadline[i] = true;
    }

    /** Sends the packet waiting on an entry whose link-layer address is now known. */
    private void flush(int i) {
        Packet p = pending[i];
        if (p != null) {
            pending[i] = null;
            if (state[i] == STALE) {
                state[i] = DELAY;
                setDeadline(i, ip6.nowMs() + NeighborDiscovery.DELAY_FIRST_PROBE_TIME_MS);
            }
            ip6.sendToMac(p, mac, i * EthernetHeader.MAC_LENGTH, pendingPriority[i]);
        }
    }

    private void tick() {
        int now = ip6.nowMs();
        for (int i = 0; i < capacity; i++) {
            if (state[i] == FREE || !hasDeadline[i] || now - deadlineMs[i] < 0) {
                continue;
            }
            switch (state[i]) {
                case INCOMPLETE:
                    if (probes[i] < NeighborDiscovery.MAX_MULTICAST_SOLICIT) {
                        probes[i]++;
                        setDeadline(i, now + ip6.retransTimerMs());
                        ip6.neighborDiscovery().sendSolicitation(address, i * Ip6Address.LENGTH, null, 0, pending[i]);
                    } else {
                        // RFC 4861 §7.2.2: the sender of the waiting packet (we are a host: our own upper layer)
                        // is told that the address is unreachable; the packet is dropped and counted.
                        if (pending[i] != null) {
                            drops[DROP_RESOLUTION_FAILED]++;
                            ip6.resolutionFailed(pending[i]);
                        }
                        unreachableEntry(i);
                    }
                    break;
                case REACHABLE:
                    state[i] = STALE;
                    hasDeadline[i] = false;
                    break;
                case DELAY:
                    state[i] = PROBE;
                    probes[i] = 1;
                    setDeadline(i, now + ip6.retransTimerMs());
                    ip6.neighborDiscovery().sendSolicitation(address, i * Ip6Address.LENGTH, mac,
                        i * EthernetHeader.MAC_LENGTH, null);
                    break;
                case PROBE:
                    if (probes[i] < NeighborDiscovery.MAX_UNICAST_SOLICIT) {
                        probes[i]++;
                        setDeadline(i, now + ip6.retransTimerMs());
                        ip6.neighborDiscovery().sendSolicitation(address, i * Ip6Address.LENGTH, mac,
                            i * EthernetHeader.MAC_LENGTH, null);
                    } else {
                        unreachableEntry(i);
                    }
                    break;
                default:
                    hasDeadline[i] = false;
                    break;
            }
        }
        arm();
    }

    private void unreachableEntry(int i) {
        unreachable++;
        ip6.log().begin().text("ip6: neighbour unreachable ").ip6(address, i * Ip6Address.LENGTH).end();
        free(i);
    }

    private void arm() {
        int now = ip6.nowMs();
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < capacity; i++) {
            if (state[i] != FREE && hasDeadline[i]) {
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
