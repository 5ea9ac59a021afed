package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * Router discovery for a host (RFC 4861 §6.3): router solicitations on the schedule of §6.3.7 followed by the
 * exponential back-off of RFC 7559; router advertisements checked (§6.1.2) and processed (§6.3.4) into the default
 * router list (sized by {@code ip6Routers}), the on-link prefix list, the link parameters (hop limit, MTU, reachable
 * time, retransmission timer), prefixes for {@link AddressAutoconfiguration}, the router's link-layer address, and the
 * DNS servers and search list of RFC 8106, each with its lifetime. It also makes the next-hop decision (§5.2).
 *
 * <pre>
 *   RA:  type 134 | code 0 | checksum | cur hop limit | M O flags | router lifetime (2) | reachable time (4) |
 *        retrans timer (4) | options
 *   RS:  type 133 | code 0 | checksum | reserved (4) | options (SLLA unless sent from ::)
 * </pre>
 *
 * <h2>Solicitation schedule</h2>
 * The first solicitation goes out after a random delay of up to 1 s, then {@code MAX_RTR_SOLICITATIONS} - 1 more every
 * 4 s (RTR_SOLICITATION_INTERVAL); after those the interval doubles each time with a random factor of ±10 %
 * (RFC 7559 §2, the algorithm of RFC 8415 §15 with IRT = 4 s, MRT = 1 h, no count or duration limit) until a router
 * advertisement with a non-zero router lifetime arrives.
 *
 * <p>Main loop only.
 */
public final class RouterDiscovery {

    public static final int CUR_HOP_LIMIT_OFFSET = 4;
    public static final int FLAGS_OFFSET = 5;
    public static final int FLAG_MANAGED = 0x80, FLAG_OTHER = 0x40;
    public static final int ROUTER_LIFETIME_OFFSET = 6;
    public static final int REACHABLE_TIME_OFFSET = 8;
    public static final int RETRANS_TIMER_OFFSET = 12;
    public static final int RA_OPTIONS_OFFSET = 16;
    public static final int RS_OPTIONS_OFFSET = 8;

    /** MAX_RTR_SOLICITATION_INTERVAL of RFC 7559 §2. */
    public static final int MAX_RTR_SOLICITATION_INTERVAL_MS = 3_600_000;
    /** DNS servers kept (RFC 8106 §5.3.1 suggests 3). */
    public static final int MAX_DNS_SERVERS = 3;
    /** Search domains kept. */
    public static final int MAX_SEARCH_DOMAINS = 3;
    /** The longest search domain kept, in DNS wire form with its final zero label. */
    public static final int SEARCH_DOMAIN_BYTES = 128;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_SOURCE_NOT_LINK_LOCAL = 0, DROP_HOP_LIMIT = 1, DROP_CODE = 2, DROP_TOO_SHORT = 3,
        DROP_BAD_OPTIONS = 4, DROP_ROUTER_LIST_FULL = 5, DROP_PREFIX_LIST_FULL = 6, DROP_BAD_MTU = 7,
        DROP_BAD_PREFIX_OPTION = 8, DROP_BAD_DNS_OPTION = 9, DROP_REASONS = 10;

    private final Ip6 ip6;
    private final Log log;
    private final int routerCapacity;
    private final byte[] routers;
    private final boolean[] routerUsed;
    private final int[] routerUntilS;
    private int lastRouter;
    private final int prefixCapacity;
    private final byte[] prefixes;
    private final int[] prefixLength;
    private final boolean[] prefixUsed;
    private final int[] prefixUntilS;
    private final byte[] dnsServers = new byte[MAX_DNS_SERVERS * Ip6Address.LENGTH];
    private final boolean[] dnsUsed = new boolean[MAX_DNS_SERVERS];
    private final int[] dnsUntilS = new int[MAX_DNS_SERVERS];
    private final byte[] domains = new byte[MAX_SEARCH_DOMAINS * SEARCH_DOMAIN_BYTES];
    private final int[] domainLength = new int[MAX_SEARCH_DOMAINS];
    private final boolean[] domainUsed = new boolean[MAX_SEARCH_DOMAINS];
    private final int[] domainUntilS = new int[MAX_SEARCH_DOMAINS];
    private final int[] drops = new int[DROP_REASONS];
    private final Timer solicitTimer;
    private final Timer expiryTimer;
    private boolean soliciting;
    private int solicitations;
    private int intervalMs;
    private int advertisements;
    private boolean managed;
    private boolean other;

    RouterDiscovery(Ip6 ip6, int routerCapacity, int prefixCapacity) {
        this.ip6 = ip6;
        this.log = ip6.log();
        this.routerCapacity = Math.max(1, routerCapacity);
        this.routers = new byte[this.routerCapacity * Ip6Address.LENGTH];
        this.routerUsed = new boolean[this.routerCapacity];
        this.routerUntilS = new int[this.routerCapacity];
        this.prefixCapacity = Math.max(1, prefixCapacity);
        this.prefixes = new byte[this.prefixCapacity * Ip6Address.LENGTH];
        this.prefixLength = new int[this.prefixCapacity];
        this.prefixUsed = new boolean[this.prefixCapacity];
        this.prefixUntilS = new int[this.prefixCapacity];
        this.solicitTimer = new Timer(Priority.HIGH, new TimerHandler() {
            @Override
            public void onTimer(Timer t) {
                solicit();
            }
        });
        this.expiryTimer = new Timer(Priority.HIGH, new TimerHandler() {
            @Override
            public void onTimer(Timer t) {
                expire();
            }
        });
    }

    // ---------------------------------------------------------------- accessors

    /** Messages dropped or options ignored, by reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** Router solicitations sent since the link came up. */
    public int solicitationCount() {
        return solicitations;
    }

    /** Whether we still solicit (no RA with a non-zero router lifetime yet). */
    public boolean isSoliciting() {
        return soliciting;
    }

    /** Valid router advertisements processed. */
    public int advertisementCount() {
        return advertisements;
    }

    /** The M flag of the last RA: addresses are available by DHCPv6. */
    public boolean managedFlag() {
        return managed;
    }

    /** The O flag of the last RA: other configuration is available by DHCPv6. */
    public boolean otherConfigFlag() {
        return other;
    }

    /** How many default routers are known. */
    public int routerCount() {
        return count(routerUsed);
    }

    /** Copies the {@code n}-th default router's address; false when there is none. */
    public boolean router(int n, byte[] dst, int off) {
        int i = nth(routerUsed, n);
        if (i < 0) {
            return false;
        }
        System.arraycopy(routers, i * Ip6Address.LENGTH, dst, off, Ip6Address.LENGTH);
        return true;
    }

    /** How many on-link prefixes are known. */
    public int prefixCount() {
        return count(prefixUsed);
    }

    /** How many recursive DNS servers are known (RFC 8106). */
    public int dnsServerCount() {
        return count(dnsUsed);
    }

    /** Copies the {@code n}-th DNS server's address; false when there is none. */
    public boolean dnsServer(int n, byte[] dst, int off) {
        int i = nth(dnsUsed, n);
        if (i < 0) {
            return false;
        }
        System.arraycopy(dnsServers, i * Ip6Address.LENGTH, dst, off, Ip6Address.LENGTH);
        return true;
    }

    /** How many search domains are known (RFC 8106 DNSSL). */
    public int searchDomainCount() {
        return count(domainUsed);
    }

    /**
     * Writes the {@code n}-th search domain as dotted text ({@code example.com}).
     *
     * @return the text's length (cut to {@code max}), or -1 when there is none
     */
    public int searchDomain(int n, byte[] dst, int off, int max) {
        int i = nth(domainUsed, n);
        if (i < 0) {
            return -1;
        }
        int at = i * SEARCH_DOMAIN_BYTES;
        int end = at + domainLength[i];
        int out = 0;
        // Bounded by the stored length; the labels were checked when stored.
        while (at < end) {
            int label = domains[at] & 0xFF;
            if (label == 0) {
                break;
            }
            if (out > 0 && out < max) {
                dst[off + out++] = '.';
            }
            for (int k = 1; k <= label && at + k < end; k++) {
                if (out < max) {
                    dst[off + out++] = domains[at + k];
                }
            }
            at += label + 1;
        }
        return out;
    }

    private static int count(boolean[] used) {
        int n = 0;
        for (boolean u : used) {
            if (u) {
                n++;
            }
        }
        return n;
    }

    private static int nth(boolean[] used, int n) {
        int seen = 0;
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                if (seen == n) {
                    return i;
                }
                seen++;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- life cycle

    /** The link came up: start soliciting after a random delay (§6.3.7). */
    void start() {
        soliciting = true;
        solicitations = 0;
        intervalMs = NeighborDiscovery.RTR_SOLICITATION_INTERVAL_MS;
        ip6.kernel().timers().start(solicitTimer,
            ip6.random().below(NeighborDiscovery.MAX_RTR_SOLICITATION_DELAY_MS + 1));
    }

    /** The link went down: forget routers, prefixes and DNS data. */
    void reset() {
        soliciting = false;
        for (int i = 0; i < routerCapacity; i++) {
            routerUsed[i] = false;
        }
        for (int i = 0; i < prefixCapacity; i++) {
            prefixUsed[i] = false;
        }
        for (int i = 0; i < MAX_DNS_SERVERS; i++) {
            dnsUsed[i] = false;
        }
        for (int i = 0; i < MAX_SEARCH_DOMAINS; i++) {
            domainUsed[i] = false;
        }
        ip6.kernel().timers().stop(solicitTimer);
        ip6.kernel().timers().stop(expiryTimer);
    }

    /** The link-local address passed DAD: later solicitations carry it and our link-layer address. */
    void onLinkLocalReady() {
    }

    private void solicit() {
        if (!soliciting) {
            return;
        }
        sendSolicitation();
        solicitations++;
        int next;
        if (solicitations < NeighborDiscovery.MAX_RTR_SOLICITATIONS) {
            next = NeighborDiscovery.RTR_SOLICITATION_INTERVAL_MS;
        } else {
            // RFC 7559 §2 / RFC 8415 §15: RT = 2 RTprev + RAND RTprev; past MRT, RT = MRT + RAND MRT.
            long rt = 2L * intervalMs + (long) intervalMs * ip6.random().between(-100, 100) / 1000;
            if (rt > MAX_RTR_SOLICITATION_INTERVAL_MS) {
                rt = MAX_RTR_SOLICITATION_INTERVAL_MS
                    + (long) MAX_RTR_SOLICITATION_INTERVAL_MS * ip6.random().between(-100, 100) / 1000;
            }
            intervalMs = (int) rt;
            next = intervalMs;
        }
        ip6.kernel().timers().start(solicitTimer, next);
    }

    /** §4.1, §6.3.7: to all routers, from the link-local address with our link-layer address, or from {@code ::}. */
    private void sendSolicitation() {
        InterfaceAddresses addresses = ip6.addresses();
        boolean fromLinkLocal = addresses.isUsable(InterfaceAddresses.LINK_LOCAL);
        Packet p = ip6.acquire();
        if (p == null) {
            return;
        }
        int length = RS_OPTIONS_OFFSET + (fromLinkLocal ? NdOption.LINK_LAYER_LENGTH : 0);
        if (fromLinkLocal) {
            Ip6.writeHeader(p, length, Ip6Header.NEXT_ICMP6, NeighborDiscovery.HOP_LIMIT, addresses.bytes(),
                addresses.offset(InterfaceAddresses.LINK_LOCAL), Ip6Address.ALL_ROUTERS, 0);
        } else {
            Ip6.writeHeader(p, length, Ip6Header.NEXT_ICMP6, NeighborDiscovery.HOP_LIMIT, Ip6Address.UNSPECIFIED, 0,
                Ip6Address.ALL_ROUTERS, 0);
        }
        byte[] b = p.data;
        int icmp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        Icmp6Header.write(b, icmp, Icmp6Header.TYPE_ROUTER_SOLICITATION, 0);
        Bytes.put32(b, icmp + 4, 0);
        if (fromLinkLocal) {
            NdOption.writeLinkLayer(b, icmp + RS_OPTIONS_OFFSET, NdOption.SOURCE_LINK_LAYER, ip6.mac(), 0);
        }
        Icmp6.setChecksum(p);
        ip6.send(p, Ethernet.SEND_CONTROL);
    }

    // ---------------------------------------------------------------- router advertisements

    /** A router advertisement (§6.1.2 checks, §6.3.4 processing). */
    void onAdvertisement(Packet p, int ip6Offset, int icmp, int len) {
        byte[] b = p.data;
        int src = ip6Offset + Ip6Header.SOURCE_OFFSET;
        if (!Ip6Address.isLinkLocal(b, src)) {
            drops[DROP_SOURCE_NOT_LINK_LOCAL]++;
            return;
        }
        if (Ip6Header.hopLimit(b, ip6Offset) != NeighborDiscovery.HOP_LIMIT) {
            drops[DROP_HOP_LIMIT]++;
            return;
        }
        if (Icmp6Header.code(b, icmp) != 0) {
            drops[DROP_CODE]++;
            return;
        }
        if (len < RA_OPTIONS_OFFSET) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        int end = icmp + len;
        if (!NdOption.wellFormed(b, icmp + RA_OPTIONS_OFFSET, end)) {
            drops[DROP_BAD_OPTIONS]++;
            return;
        }
        advertisements++;
        int nowS = ip6.nowSeconds();
        int hopLimit = Bytes.u8(b, icmp + CUR_HOP_LIMIT_OFFSET);
        if (hopLimit != 0) {
            ip6.setCurHopLimit(hopLimit);
        }
        int flags = Bytes.u8(b, icmp + FLAGS_OFFSET);
        // TODO RFC 4861 §4.2 / RFC 8415: a DHCPv6 client for the M and O flags; they are only recorded.
        managed = (flags & FLAG_MANAGED) != 0;
        other = (flags & FLAG_OTHER) != 0;
        int lifetime = Bytes.u16(b, icmp + ROUTER_LIFETIME_OFFSET);
        updateRouter(b, src, lifetime, nowS);
        int reachable = Bytes.u32(b, icmp + REACHABLE_TIME_OFFSET);
        if (reachable > 0 && reachable <= 3_600_000) {
            ip6.setBaseReachableTimeMs(reachable);
        }
        int retrans = Bytes.u32(b, icmp + RETRANS_TIMER_OFFSET);
        if (retrans > 0 && retrans <= 3_600_000) {
            ip6.setRetransTimerMs(retrans);
        }
        int at = icmp + RA_OPTIONS_OFFSET;
        // Bounded: every option is at least 8 bytes long (checked by wellFormed).
        while (at < end) {
            int optLength = NdOption.length(b, at);
            switch (NdOption.type(b, at)) {
                case NdOption.SOURCE_LINK_LAYER:
                    ip6.neighbors().onLinkLayerAddress(b, src, b, at + NdOption.LINK_LAYER_ADDRESS_OFFSET, true);
                    break;
                case NdOption.MTU:
                    onMtu(b, at, optLength);
                    break;
                case NdOption.PREFIX_INFORMATION:
                    onPrefix(b, at, optLength, nowS);
                    break;
                case NdOption.RDNSS:
                    onRdnss(b, at, optLength, nowS);
                    break;
                case NdOption.DNSSL:
                    onDnssl(b, at, optLength, nowS);
                    break;
                default:
                    // §4.6: unknown options are skipped (the nonce, route information, ...).
                    break;
            }
            at += optLength;
        }
        if (lifetime != 0 && soliciting) {
            // §6.3.7: a valid RA with a non-zero router lifetime ends the solicitations.
            soliciting = false;
            ip6.kernel().timers().stop(solicitTimer);
        }
        arm();
    }

    private void updateRouter(byte[] b, int src, int lifetime, int nowS) {
        int i = find(routers, routerUsed, b, src);
        if (lifetime == 0) {
            if (i >= 0) {
                routerUsed[i] = false;
                log.begin().text("ip6: router withdrawn ").ip6(b, src).end();
            }
            return;
        }
        if (i < 0) {
            i = freeSlot(routerUsed);
            if (i < 0) {
                drops[DROP_ROUTER_LIST_FULL]++;
                return;
            }
            System.arraycopy(b, src, routers, i * Ip6Address.LENGTH, Ip6Address.LENGTH);
            routerUsed[i] = true;
            log.begin().text("ip6: router learned ").ip6(b, src).text(" lifetime ").decimal(lifetime).text(" s")
                .end();
        }
        routerUntilS[i] = nowS + lifetime;
    }

    /** §4.6.4, §6.3.4: an MTU option below the IPv6 minimum or above the link's is ignored. */
    private void onMtu(byte[] b, int at, int optLength) {
        if (optLength != NdOption.MTU_LENGTH) {
            drops[DROP_BAD_MTU]++;
            return;
        }
        int mtu = Bytes.u32(b, at + NdOption.MTU_MTU_OFFSET);
        if (mtu < Ip6Header.MIN_MTU || mtu > Ip6.ETHERNET_MTU) {
            drops[DROP_BAD_MTU]++;
            return;
        }
        ip6.setLinkMtu(mtu);
    }

    /** §6.3.4 (on-link) and RFC 4862 §5.5.3 (autonomous). */
    private void onPrefix(byte[] b, int at, int optLength, int nowS) {
        int prefixLen = Bytes.u8(b, at + NdOption.PREFIX_LENGTH_OFFSET);
        if (optLength != NdOption.PREFIX_LENGTH || prefixLen > 128) {
            drops[DROP_BAD_PREFIX_OPTION]++;
            return;
        }
        int flags = Bytes.u8(b, at + NdOption.PREFIX_FLAGS_OFFSET);
        int prefix = at + NdOption.PREFIX_PREFIX_OFFSET;
        int valid = Bytes.u32(b, at + NdOption.PREFIX_VALID_LIFETIME_OFFSET);
        int preferred = Bytes.u32(b, at + NdOption.PREFIX_PREFERRED_LIFETIME_OFFSET);
        if ((flags & NdOption.PREFIX_FLAG_ON_LINK) != 0 && !Ip6Address.isLinkLocal(b, prefix)) {
            onLinkPrefix(b, prefix, prefixLen, valid, nowS);
        }
        if ((flags & NdOption.PREFIX_FLAG_AUTONOMOUS) != 0) {
            ip6.autoconfiguration().onPrefix(b, prefix, prefixLen, valid, preferred);
        }
    }

    private void onLinkPrefix(byte[] b, int prefix, int prefixLen, int valid, int nowS) {
        int i = -1;
        for (int k = 0; k < prefixCapacity; k++) {
            if (prefixUsed[k] && prefixLength[k] == prefixLen
                && Ip6Address.matchesPrefix(prefixes, k * Ip6Address.LENGTH, b, prefix, prefixLen)) {
                i = k;
                break;
            }
        }
        if (i < 0) {
            if (valid == 0) {
                return;
            }
            i = freeSlot(prefixUsed);
            if (i < 0) {
                drops[DROP_PREFIX_LIST_FULL]++;
                return;
            }
            System.arraycopy(b, prefix, prefixes, i * Ip6Address.LENGTH, Ip6Address.LENGTH);
            prefixLength[i] = prefixLen;
            prefixUsed[i] = true;
            log.begin().text("ip6: on-link prefix ").ip6(b, prefix).character('/').decimal(prefixLen).end();
        } else if (valid == 0) {
            prefixUsed[i] = false;
            return;
        }
        prefixUntilS[i] = until(nowS, valid);
    }

    /** RFC 8106 §5.1, §5.3.1: recursive DNS servers with their lifetime; 0 removes them. */
    private void onRdnss(byte[] b, int at, int optLength, int nowS) {
        if (optLength < 24 || (optLength - NdOption.DNS_DATA_OFFSET) % Ip6Address.LENGTH != 0) {
            drops[DROP_BAD_DNS_OPTION]++;
            return;
        }
        int lifetime = Bytes.u32(b, at + NdOption.DNS_LIFETIME_OFFSET);
        for (int a = at + NdOption.DNS_DATA_OFFSET; a < at + optLength; a += Ip6Address.LENGTH) {
            int i = find(dnsServers, dnsUsed, b, a);
            if (i < 0) {
                if (lifetime == 0) {
                    continue;
                }
                i = freeSlot(dnsUsed);
                if (i < 0) {
                    i = soonest(dnsUntilS);
                } else {
                    log.begin().text("ip6: DNS server ").ip6(b, a).end();
                }
                System.arraycopy(b, a, dnsServers, i * Ip6Address.LENGTH, Ip6Address.LENGTH);
                dnsUsed[i] = true;
            } else if (lifetime == 0) {
                dnsUsed[i] = false;
                continue;
            }
            dnsUntilS[i] = until(nowS, lifetime);
        }
    }

    /** RFC 8106 §5.2: search domains in DNS wire form, each checked label by label. */
    private void onDnssl(byte[] b, int at, int optLength, int nowS) {
        if (optLength < 16) {
            drops[DROP_BAD_DNS_OPTION]++;
            return;
        }
        int lifetime = Bytes.u32(b, at + NdOption.DNS_LIFETIME_OFFSET);
        int end = at + optLength;
        int name = at + NdOption.DNS_DATA_OFFSET;
        // Bounded: every name takes at least one byte.
        while (name < end && b[name] != 0) {
            int n = name;
            // Bounded: every label takes at least two bytes.
            while (n < end && b[n] != 0) {
                int label = b[n] & 0xFF;
                if (label > 63 || n + 1 + label >= end) {
                    drops[DROP_BAD_DNS_OPTION]++;
                    return;
                }
                n += label + 1;
            }
            if (n >= end) {
                drops[DROP_BAD_DNS_OPTION]++;
                return;
            }
            int wireLength = n + 1 - name;
            storeDomain(b, name, wireLength, lifetime, nowS);
            name = n + 1;
        }
    }

    private void storeDomain(byte[] b, int name, int wireLength, int lifetime, int nowS) {
        if (wireLength > SEARCH_DOMAIN_BYTES) {
            drops[DROP_BAD_DNS_OPTION]++;
            return;
        }
        int i = -1;
        for (int k = 0; k < MAX_SEARCH_DOMAINS; k++) {
            if (domainUsed[k] && domainLength[k] == wireLength
                && Bytes.equal(domains, k * SEARCH_DOMAIN_BYTES, b, name, wireLength)) {
                i = k;
                break;
            }
        }
        if (i < 0) {
            if (lifetime == 0) {
                return;
            }
            i = freeSlot(domainUsed);
            if (i < 0) {
                i = soonest(domainUntilS);
            }
            System.arraycopy(b, name, domains, i * SEARCH_DOMAIN_BYTES, wireLength);
            domainLength[i] = wireLength;
            domainUsed[i] = true;
        } else if (lifetime == 0) {
            domainUsed[i] = false;
            return;
        }
        domainUntilS[i] = until(nowS, lifetime);
    }

    private static int until(int nowS, int lifetime) {
        if (lifetime == NdOption.INFINITE_LIFETIME) {
            return InterfaceAddresses.NEVER;
        }
        return (int) Math.min(InterfaceAddresses.NEVER - 1L, nowS + (lifetime & 0xFFFFFFFFL));
    }

    private static int find(byte[] table, boolean[] used, byte[] a, int off) {
        for (int i = 0; i < used.length; i++) {
            if (used[i] && Ip6Address.equal(table, i * Ip6Address.LENGTH, a, off)) {
                return i;
            }
        }
        return -1;
    }

    private static int freeSlot(boolean[] used) {
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                return i;
            }
        }
        return -1;
    }

    private static int soonest(int[] until) {
        int best = 0;
        for (int i = 1; i < until.length; i++) {
            if (until[i] - until[best] < 0) {
                best = i;
            }
        }
        return best;
    }

    /** A neighbour advertisement says a router is no longer one (RFC 4861 §7.2.5). */
    void onNoLongerRouter(byte[] a, int off) {
        int i = find(routers, routerUsed, a, off);
        if (i >= 0) {
            routerUsed[i] = false;
            log.begin().text("ip6: no longer a router ").ip6(a, off).end();
        }
    }

    // ---------------------------------------------------------------- lifetimes

    private void expire() {
        int nowS = ip6.nowSeconds();
        for (int i = 0; i < routerCapacity; i++) {
            if (routerUsed[i] && nowS - routerUntilS[i] >= 0) {
                routerUsed[i] = false;
                log.begin().text("ip6: router expired ").ip6(routers, i * Ip6Address.LENGTH).end();
            }
        }
        for (int i = 0; i < prefixCapacity; i++) {
            if (prefixUsed[i] && prefixUntilS[i] != InterfaceAddresses.NEVER && nowS - prefixUntilS[i] >= 0) {
                prefixUsed[i] = false;
            }
        }
        for (int i = 0; i < MAX_DNS_SERVERS; i++) {
            if (dnsUsed[i] && dnsUntilS[i] != InterfaceAddresses.NEVER && nowS - dnsUntilS[i] >= 0) {
                dnsUsed[i] = false;
            }
        }
        for (int i = 0; i < MAX_SEARCH_DOMAINS; i++) {
            if (domainUsed[i] && domainUntilS[i] != InterfaceAddresses.NEVER && nowS - domainUntilS[i] >= 0) {
                domainUsed[i] = false;
            }
        }
        arm();
    }

    private void arm() {
        int nowS = ip6.nowSeconds();
        long best = Long.MAX_VALUE;
        best = earliest(best, routerUsed, routerUntilS, nowS);
        best = earliest(best, prefixUsed, prefixUntilS, nowS);
        best = earliest(best, dnsUsed, dnsUntilS, nowS);
        best = earliest(best, domainUsed, domainUntilS, nowS);
        if (best == Long.MAX_VALUE) {
            ip6.kernel().timers().stop(expiryTimer);
        } else {
            ip6.kernel().timers().start(expiryTimer,
                (int) Math.min(AddressAutoconfiguration.MAX_TIMER_MS, Math.max(0, best) * 1000));
        }
    }

    private static long earliest(long best, boolean[] used, int[] until, int nowS) {
        for (int i = 0; i < used.length; i++) {
            if (used[i] && until[i] != InterfaceAddresses.NEVER) {
                best = Math.min(best, (long) until[i] - nowS);
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- next hop

    /**
     * The next hop for a unicast destination (RFC 4861 §5.2): the destination itself when it is link-local or in an
     * on-link prefix, else a default router (§6.3.6: one known or probably reachable, else the next in turn).
     *
     * @return false when there is no route (no default router)
     */
    boolean nextHop(byte[] dst, int dstOff, byte[] out, int outOff) {
        boolean onLink = Ip6Address.isLinkLocal(dst, dstOff);
        for (int i = 0; i < prefixCapacity && !onLink; i++) {
            onLink = prefixUsed[i] && Ip6Address.matchesPrefix(dst, dstOff, prefixes, i * Ip6Address.LENGTH,
                prefixLength[i]);
        }
        if (onLink) {
            System.arraycopy(dst, dstOff, out, outOff, Ip6Address.LENGTH);
            return true;
        }
        int chosen = -1;
        for (int k = 0; k < routerCapacity; k++) {
            int i = (lastRouter + k) % routerCapacity;
            if (routerUsed[i] && ip6.neighbors().isProbablyReachable(routers, i * Ip6Address.LENGTH)) {
                chosen = i;
                break;
            }
        }
        if (chosen < 0) {
            for (int k = 1; k <= routerCapacity; k++) {
                int i = (lastRouter + k) % routerCapacity;
                if (routerUsed[i]) {
                    chosen = i;
                    break;
                }
            }
        }
        if (chosen < 0) {
            return false;
        }
        lastRouter = chosen;
        System.arraycopy(routers, chosen * Ip6Address.LENGTH, out, outOff, Ip6Address.LENGTH);
        return true;
    }
}
