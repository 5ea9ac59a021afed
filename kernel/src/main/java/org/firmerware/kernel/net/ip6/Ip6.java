package org.firmerware.kernel.net.ip6;

import org.firmerware.bottom.hal.Sizes;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.FrameHandler;
import org.firmerware.kernel.net.LinkListener;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.PacketPool;
import org.firmerware.kernel.net.Randomness;

/**
 * IPv6 on the Ethernet interface (RFC 8200, RFC 2464): the host side of one link. It checks and receives packets
 * (walking the extension headers), sends them (source address selection, the on-link decision, neighbour
 * resolution), and owns the parts of the protocol:
 *
 * <table>
 *   <caption>The parts</caption>
 *   <tr><th>class</th><th>what</th><th>RFC</th></tr>
 *   <tr><td>{@link InterfaceAddresses}</td><td>our addresses, their states; source address selection</td>
 *       <td>4291, 6724</td></tr>
 *   <tr><td>{@link AddressAutoconfiguration}</td><td>link-local and SLAAC addresses, DAD, lifetimes</td>
 *       <td>4862, 7527</td></tr>
 *   <tr><td>{@link NeighborCache}</td><td>neighbours, NUD, packets waiting for resolution</td><td>4861 §7.3</td></tr>
 *   <tr><td>{@link NeighborDiscovery}</td><td>neighbour solicitations and advertisements</td><td>4861 §7</td></tr>
 *   <tr><td>{@link RouterDiscovery}</td><td>RS, RA, default routers, prefixes, MTU, RDNSS, DNSSL</td>
 *       <td>4861 §6, 7559, 8106</td></tr>
 *   <tr><td>{@link Mld}</td><td>multicast listener reports</td><td>3810</td></tr>
 *   <tr><td>{@link Icmp6}</td><td>echo, errors with a rate limit, dispatch of the other types</td><td>4443</td></tr>
 * </table>
 *
 * <h2>Packets</h2>
 * Packets are built in frames of the {@link Network}'s pool with the IPv6 header at {@link #IP6_OFFSET} (right after
 * the Ethernet header, no VLAN tag on output). Fragments are reassembled by {@link Reassembly} (RFC 8200 §4.5;
 * atomic fragments, RFC 6946, are processed as they are), and the reassembled packet is walked once more. A packet
 * of ours longer than the MTU is sent in fragments (§5), each in a frame of its own; one longer than a frame is built
 * in the output buffer ({@link #acquireFor(int)}), as long as {@code ip6ReassemblyBytes}. A Packet Too Big lowers the
 * MTU of the interface (not of the path: one MTU for all destinations) to what it reports, at least 1280, for ten
 * minutes (RFC 8201 §4, simplified).
 *
 * <h2>Link up and down</h2>
 * When the link comes up the interface starts from scratch: link-local address and DAD, router solicitations. When
 * it goes down, addresses, routers, neighbours and groups are forgotten.
 *
 * <p>Main loop only. Allocates only in the constructor.
 */
public final class Ip6 implements FrameHandler, LinkListener {

    /** Where the IPv6 header starts in frames we build. */
    public static final int IP6_OFFSET = EthernetHeader.HEADER_LENGTH;
    /** The hop limit of our packets until a router says otherwise (IANA default). */
    public static final int DEFAULT_HOP_LIMIT = 64;
    /** The Ethernet MTU (RFC 2464 §2). */
    public static final int ETHERNET_MTU = 1500;
    /** Upper-layer protocols that can register. */
    public static final int MAX_HANDLERS = 4;

    /** Input drop reasons ({@link #drops(int)}). */
    public static final int DROP_TOO_SHORT = 0, DROP_BAD_VERSION = 1, DROP_BAD_LENGTH = 2,
        DROP_SOURCE_MULTICAST = 3, DROP_NOT_FOR_US = 4, DROP_TO_TENTATIVE = 5, DROP_EXTENSION_TRUNCATED = 6,
        DROP_OPTION_UNKNOWN = 7, DROP_ROUTING_HEADER = 8, DROP_FRAGMENT = 9, DROP_NO_NEXT_HEADER = 10,
        DROP_UNKNOWN_NEXT_HEADER = 11, DROP_HOP_BY_HOP_NOT_FIRST = 12,
    /** Output drop reasons. */
        DROP_NO_ROUTE = 13, DROP_TOO_BIG = 14, DROP_OFFLINE = 15, DROP_FRAGMENTS_NO_BUFFER = 16, DROP_REASONS = 17;
    /** How long a lowered path MTU holds before we try the link MTU again (RFC 8201 §4: at least 5 minutes). */
    public static final int PMTU_TIMEOUT_SECONDS = 600;

    private final Kernel kernel;
    private final Ethernet ethernet;
    private final Log log;
    private final Randomness random;
    private final byte[] mac;
    private final InterfaceAddresses addresses;
    private final NeighborCache neighbors;
    private final NeighborDiscovery nd;
    private final RouterDiscovery routers;
    private final AddressAutoconfiguration autoconf;
    private final Mld mld;
    private final Icmp6 icmp;
    private final Reassembly reassembly;
    private final PacketPool output;
    private final Packet[] fragmentOut;
    private final int[] protocols = new int[MAX_HANDLERS];
    private final Ip6Handler[] handlers = new Ip6Handler[MAX_HANDLERS];
    private int handlerCount;
    private final int[] drops = new int[DROP_REASONS];
    private final byte[] nextHop = new byte[Ip6Address.LENGTH];
    private final byte[] groupMac = new byte[EthernetHeader.MAC_LENGTH];
    private AddressListener listener;
    private boolean up;
    private int received;
    private int sent;
    private int fragmented;
    private int fragmentsSent;
    private int pathMtu = ETHERNET_MTU;
    private int pathMtuUntilSeconds;

    // Link parameters (RFC 4861 §6.3.2), set by router advertisements.
    private int linkMtu = ETHERNET_MTU;
    private int curHopLimit = DEFAULT_HOP_LIMIT;
    private int baseReachableTimeMs = NeighborDiscovery.REACHABLE_TIME_MS;
    private int reachableTimeMs;
    private int retransTimerMs = NeighborDiscovery.RETRANS_TIMER_MS;

    // The seconds clock for lifetimes: whole seconds since init, advanced from the millisecond clock.
    private int seconds;
    private int secondsBaseMs;

    // What the input path found out about the packet being handled.
    private boolean inMulticast;
    private boolean inLinkGroup;
    private boolean inRouterAlert;
    private int inTentative = -1;

    /**
     * Creates IPv6 on the network's Ethernet layer, sized by the board ({@code ip6Addresses}, {@code neighbors},
     * {@code ip6Routers}), and starts it if the link is up. Init only.
     */
    public Ip6(Network network) {
        this.kernel = network.kernel();
        this.ethernet = network.ethernet();
        this.log = kernel.log();
        this.random = new Randomness(kernel.board().entropy());
        this.mac = ethernet.mac();
        Sizes sizes = kernel.board().sizes();
        this.secondsBaseMs = kernel.clock().now();
        this.reachableTimeMs = randomReachableTime(baseReachableTimeMs);
        this.addresses = new InterfaceAddresses(sizes.ip6Addresses());
        this.mld = new Mld(this, sizes.ip6Addresses() + Mld.EXTRA_GROUPS);
        this.neighbors = new NeighborCache(this, sizes.neighbors());
        this.nd = new NeighborDiscovery(this);
        this.autoconf = new AddressAutoconfiguration(this);
        this.routers = new RouterDiscovery(this, sizes.ip6Routers(), sizes.ip6Addresses());
        this.icmp = new Icmp6(this);
        this.reassembly = new Reassembly(this, sizes.ip6ReassemblySlots(), sizes.ip6ReassemblyBytes());
        this.output = new PacketPool(1, IP6_OFFSET + reassembly.maxPacket());
        // Fragments of 1232 bytes at the minimum MTU of 1280: enough frames for the longest packet.
        this.fragmentOut = new Packet[(reassembly.maxPacket() + Ip6Header.MIN_MTU - 49) / (Ip6Header.MIN_MTU - 48)];
        ethernet.register(EthernetHeader.TYPE_IPV6, this);
        ethernet.addLinkListener(this);
        loadMissionClasses();
        if (ethernet.isOnline()) {
            start();
        }
    }

    /**
     * Uses every helper class of the receive and send paths once, so that the host JVM loads them during init (an AOT
     * image has every class already; on the simulator a class loaded later would count as mission allocation), and
     * logs the link-local address to come.
     */
    private void loadMissionClasses() {
        byte[] scratch = nextHop;
        Ip6Address.linkLocalFromMac(mac, 0, scratch, 0);
        log.begin().text("ip6: MAC ").mac(mac, 0).text(", link-local address will be ").ip6(scratch, 0).end();
        Ip6Header.version(scratch, 0);
        Icmp6Header.isError(Icmp6Header.code(scratch, 0));
        NdOption.wellFormed(scratch, 0, 0);
        InternetChecksum.finish(InternetChecksum.add(0, scratch, 0, 0));
        Bytes.u8(scratch, 0);
        random.below(2);
    }

    // ---------------------------------------------------------------- parts and parameters

    public Kernel kernel() {
        return kernel;
    }

    public Ethernet ethernet() {
        return ethernet;
    }

    public Log log() {
        return log;
    }

    public Randomness random() {
        return random;
    }

    /** Our MAC address (do not change the array). */
    public byte[] mac() {
        return mac;
    }

    public InterfaceAddresses addresses() {
        return addresses;
    }

    public NeighborCache neighbors() {
        return neighbors;
    }

    public NeighborDiscovery neighborDiscovery() {
        return nd;
    }

    public RouterDiscovery routers() {
        return routers;
    }

    public AddressAutoconfiguration autoconfiguration() {
        return autoconf;
    }

    public Mld mld() {
        return mld;
    }

    public Icmp6 icmp() {
        return icmp;
    }

    public Reassembly reassembly() {
        return reassembly;
    }

    /** The longest IPv6 packet (header included) we reassemble or send ({@code ip6ReassemblyBytes}). */
    public int maxPacket() {
        return reassembly.maxPacket();
    }

    /**
     * The MTU our packets are fragmented for: the link MTU, or less for ten minutes after a Packet Too Big (RFC 8201
     * §4, kept for the interface rather than per destination).
     */
    public int mtu() {
        if (pathMtu < linkMtu && nowSeconds() - pathMtuUntilSeconds < 0) {
            return pathMtu;
        }
        return linkMtu;
    }

    /** A Packet Too Big about one of our packets reported this MTU (RFC 8201 §4: never below 1280). */
    void packetTooBig(int reported) {
        int mtu = reported < 0 ? Integer.MAX_VALUE : Math.max(Ip6Header.MIN_MTU, reported);
        if (mtu < mtu()) {
            pathMtu = mtu;
            pathMtuUntilSeconds = nowSeconds() + PMTU_TIMEOUT_SECONDS;
            log.begin().text("ip6: packet too big, MTU ").decimal(mtu).text(" for 10 min").end();
        }
    }

    /** The link MTU (RFC 4861 §6.3.4: from the RA MTU option, at most the Ethernet MTU). */
    public int linkMtu() {
        return linkMtu;
    }

    void setLinkMtu(int mtu) {
        linkMtu = mtu;
    }

    /** The hop limit of our unicast packets (CurHopLimit, RFC 4861 §6.3.2). */
    public int curHopLimit() {
        return curHopLimit;
    }

    void setCurHopLimit(int hopLimit) {
        curHopLimit = hopLimit;
    }

    /**
     * ReachableTime: BaseReachableTime times a random factor of 0.5 to 1.5 (RFC 4861 §6.3.2), drawn again when the
     * base changes. TODO RFC 4861 §6.3.2 SHOULD: draw it again at least every few hours.
     */
    public int reachableTimeMs() {
        return reachableTimeMs;
    }

    /** BaseReachableTime (RFC 4861 §6.3.2). */
    public int baseReachableTimeMs() {
        return baseReachableTimeMs;
    }

    void setBaseReachableTimeMs(int ms) {
        if (ms != baseReachableTimeMs) {
            baseReachableTimeMs = ms;
            reachableTimeMs = randomReachableTime(ms);
        }
    }

    /** RetransTimer (RFC 4861 §6.3.2): between solicitations, and DAD's wait. */
    public int retransTimerMs() {
        return retransTimerMs;
    }

    void setRetransTimerMs(int ms) {
        retransTimerMs = ms;
    }

    private int randomReachableTime(int baseMs) {
        // MIN_RANDOM_FACTOR 0.5 .. MAX_RANDOM_FACTOR 1.5 (RFC 4861 §10), in 1/1024 steps.
        long factor = 512 + random.below(1025);
        return (int) Math.min(Integer.MAX_VALUE / 2, baseMs * factor / 1024);
    }

    /** Seconds since init, for lifetimes; call at least every 24 days (the lifetime timers do). */
    public int nowSeconds() {
        int elapsed = kernel.clock().now() - secondsBaseMs;
        if (elapsed >= 1000) {
            int s = elapsed / 1000;
            seconds += s;
            secondsBaseMs += s * 1000;
        }
        return seconds;
    }

    /** The current time in milliseconds. */
    public int nowMs() {
        return kernel.clock().now();
    }

    /** Tells a listener about address changes (one listener; null for none). */
    public void setAddressListener(AddressListener l) {
        listener = l;
    }

    void addressChanged(int index, int state) {
        if (listener != null) {
            listener.onAddressChanged(index, state);
        }
    }

    /** Whether IPv6 runs (the link is up). */
    public boolean isUp() {
        return up;
    }

    /**
     * Hands packets of an upper-layer protocol to a handler. Init only.
     *
     * @param nextHeader the protocol number (17 for UDP); ICMPv6 is built in
     */
    public void register(int nextHeader, Ip6Handler handler) {
        if (handlerCount == MAX_HANDLERS) {
            throw new IllegalStateException("too many IPv6 protocols (MAX_HANDLERS)");
        }
        protocols[handlerCount] = nextHeader;
        handlers[handlerCount++] = handler;
    }

    /**
     * The next hop of one of our packets (its IPv6 header at {@link #IP6_OFFSET}) could not be resolved: its upper
     * layer hears of it as of an ICMPv6 address unreachable (RFC 4861 §7.2.2). The packet stays the caller's.
     */
    void resolutionFailed(Packet p) {
        Ip6Handler h = handler(Ip6Header.nextHeader(p.data, IP6_OFFSET));
        if (h != null) {
            h.onError(p, Icmp6Header.TYPE_DESTINATION_UNREACHABLE, Icmp6Header.UNREACHABLE_ADDRESS, IP6_OFFSET,
                p.length - IP6_OFFSET);
        }
    }

    Ip6Handler handler(int nextHeader) {
        for (int i = 0; i < handlerCount; i++) {
            if (protocols[i] == nextHeader) {
                return handlers[i];
            }
        }
        return null;
    }

    /** Packets dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    void drop(int reason) {
        drops[reason]++;
    }

    /** Packets received and handed on to a protocol. */
    public int receivedCount() {
        return received;
    }

    /** Packets handed to Ethernet. */
    public int sentCount() {
        return sent;
    }

    /** Packets of ours sent in fragments. */
    public int fragmentedCount() {
        return fragmented;
    }

    /** Fragments sent. */
    public int fragmentsSentCount() {
        return fragmentsSent;
    }

    // ---------------------------------------------------------------- link

    @Override
    public void onLinkChanged(boolean online) {
        if (online && !up) {
            start();
        } else if (!online && up) {
            stop();
        }
    }

    private void start() {
        up = true;
        linkMtu = ETHERNET_MTU;
        pathMtu = ETHERNET_MTU;
        curHopLimit = DEFAULT_HOP_LIMIT;
        autoconf.start();
        routers.start();
    }

    private void stop() {
        up = false;
        routers.reset();
        autoconf.reset();
        neighbors.reset();
        mld.reset();
        reassembly.reset();
        log.line("ip6: link down, addresses forgotten");
    }

    // ---------------------------------------------------------------- input

    /** Whether the packet being handled was sent to a multicast group. */
    public boolean inputToMulticast() {
        return inMulticast;
    }

    /** Whether the frame being handled was sent to an Ethernet group address. */
    boolean inputToLinkGroup() {
        return inLinkGroup;
    }

    /** Whether the packet being handled carried a Router Alert option (RFC 2711). */
    boolean inputRouterAlert() {
        return inRouterAlert;
    }

    /** The index of the tentative address the packet being handled was sent to, or -1. */
    int inputTentative() {
        return inTentative;
    }

    /**
     * Checks an IPv6 packet (RFC 8200 §3, §4) and hands it to ICMPv6 or the registered protocol. The packet stays the
     * caller's.
     */
    @Override
    public void onFrame(Packet p, int off, int len) {
        byte[] b = p.data;
        if (!up) {
            drops[DROP_OFFLINE]++;
            return;
        }
        if (len < Ip6Header.HEADER_LENGTH) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        if (Ip6Header.version(b, off) != 6) {
            drops[DROP_BAD_VERSION]++;
            return;
        }
        int payloadLength = Ip6Header.payloadLength(b, off);
        // A zero payload length with a jumbo payload option (RFC 2675) is not supported: dropped here.
        if (payloadLength > len - Ip6Header.HEADER_LENGTH) {
            drops[DROP_BAD_LENGTH]++;
            return;
        }
        int end = off + Ip6Header.HEADER_LENGTH + payloadLength;
        if (Ip6Address.isMulticast(b, off + Ip6Header.SOURCE_OFFSET)) {
            drops[DROP_SOURCE_MULTICAST]++;
            return;
        }
        int dst = off + Ip6Header.DESTINATION_OFFSET;
        inMulticast = Ip6Address.isMulticast(b, dst);
        inLinkGroup = EthernetHeader.isGroup(b);
        inRouterAlert = false;
        inTentative = -1;
        if (inMulticast) {
            if (!Ip6Address.equal(b, dst, Ip6Address.ALL_NODES, 0) && !mld.isMember(b, dst)) {
                drops[DROP_NOT_FOR_US]++;
                return;
            }
        } else {
            int index = addresses.find(b, dst);
            if (index < 0 || addresses.state(index) == InterfaceAddresses.DUPLICATE) {
                drops[DROP_NOT_FOR_US]++;
                return;
            }
            if (addresses.state(index) == InterfaceAddresses.TENTATIVE) {
                inTentative = index;
            }
        }
        walkAndDispatch(p, off, end, false);
        Packet whole = reassembly.completed();
        if (whole != null) {
            // The fragment completed a packet: it is walked once more, from its fixed header (no recursion).
            walkAndDispatch(whole, reassembly.completedOffset(), reassembly.completedEnd(), true);
            reassembly.releaseCompleted();
        }
    }

    /**
     * Walks the extension headers (RFC 8200 §4) from the fixed header to the upper layer and dispatches. Every header
     * is at least 8 bytes long, so the walk ends within {@code (end - off) / 8} steps.
     *
     * @param reassembled whether the packet was reassembled (a fragment header in it is dropped)
     */
    private void walkAndDispatch(Packet p, int off, int end, boolean reassembled) {
        byte[] b = p.data;
        int nextHeader = Ip6Header.nextHeader(b, off);
        int nextHeaderField = off + Ip6Header.NEXT_HEADER_OFFSET;
        int at = off + Ip6Header.HEADER_LENGTH;
        int maxSteps = (end - off) / 8 + 1;
        for (int step = 0; step < maxSteps; step++) {
            switch (nextHeader) {
                case Ip6Header.NEXT_HOP_BY_HOP:
                case Ip6Header.NEXT_DESTINATION_OPTIONS: {
                    if (nextHeader == Ip6Header.NEXT_HOP_BY_HOP && step != 0) {
                        // RFC 8200 §4.1: only right after the fixed header.
                        drops[DROP_HOP_BY_HOP_NOT_FIRST]++;
                        icmp.sendParameterProblem(p, off, Icmp6Header.PARAMETER_NEXT_HEADER, nextHeaderField - off,
                            false);
                        return;
                    }
                    if (end - at < 8) {
                        drops[DROP_EXTENSION_TRUNCATED]++;
                        return;
                    }
                    int length = (Bytes.u8(b, at + 1) + 1) * 8;
                    if (length > end - at) {
                        drops[DROP_EXTENSION_TRUNCATED]++;
                        return;
                    }
                    if (!options(p, off, at + 2, at + length, nextHeader == Ip6Header.NEXT_HOP_BY_HOP)) {
                        return;
                    }
                    nextHeaderField = at;
                    nextHeader = Bytes.u8(b, at);
                    at += length;
                    break;
                }
                case Ip6Header.NEXT_ROUTING: {
                    if (end - at < 8) {
                        drops[DROP_EXTENSION_TRUNCATED]++;
                        return;
                    }
                    int length = (Bytes.u8(b, at + 1) + 1) * 8;
                    if (length > end - at) {
                        drops[DROP_EXTENSION_TRUNCATED]++;
                        return;
                    }
                    if (Bytes.u8(b, at + 3) != 0) {
                        // RFC 8200 §4.4: segments left, and a host routes nothing: as for an unknown routing type.
                        drops[DROP_ROUTING_HEADER]++;
                        icmp.sendParameterProblem(p, off, Icmp6Header.PARAMETER_HEADER_FIELD, at + 2 - off, false);
                        return;
                    }
                    nextHeaderField = at;
                    nextHeader = Bytes.u8(b, at);
                    at += length;
                    break;
                }
                case Ip6Header.NEXT_FRAGMENT: {
                    if (end - at < 8) {
                        drops[DROP_EXTENSION_TRUNCATED]++;
                        return;
                    }
                    int offsetAndFlags = Bytes.u16(b, at + 2);
                    if ((offsetAndFlags & 0xFFF9) != 0) {
                        if (reassembled) {
                            // A fragment inside a reassembled packet: not reassembled again.
                            drops[DROP_FRAGMENT]++;
                        } else if (inTentative >= 0) {
                            drops[DROP_TO_TENTATIVE]++;
                        } else {
                            reassembly.onFragment(p, off, at, end, nextHeaderField);
                        }
                        return;
                    }
                    // An atomic fragment (offset 0, no more fragments) is processed as is (RFC 6946 §4).
                    nextHeaderField = at;
                    nextHeader = Bytes.u8(b, at);
                    at += 8;
                    break;
                }
                case Ip6Header.NEXT_NONE:
                    drops[DROP_NO_NEXT_HEADER]++;
                    return;
                case Ip6Header.NEXT_ICMP6:
                    received++;
                    icmp.onPacket(p, off, at, end - at);
                    return;
                default: {
                    if (inTentative >= 0) {
                        drops[DROP_TO_TENTATIVE]++;
                        return;
                    }
                    Ip6Handler h = handler(nextHeader);
                    if (h == null) {
                        drops[DROP_UNKNOWN_NEXT_HEADER]++;
                        icmp.sendParameterProblem(p, off, Icmp6Header.PARAMETER_NEXT_HEADER, nextHeaderField - off,
                            false);
                        return;
                    }
                    received++;
                    h.onPacket(p, off, at, end - at);
                    return;
                }
            }
        }
        drops[DROP_EXTENSION_TRUNCATED]++;
    }

    /**
     * Processes the options of a hop-by-hop or destination options header (RFC 8200 §4.2): Pad1, PadN and Router
     * Alert are known; an unknown option is handled by the two high bits of its type. Bounded by the header length.
     *
     * @return whether the packet goes on
     */
    private boolean options(Packet p, int ip6Offset, int from, int to, boolean hopByHop) {
        byte[] b = p.data;
        int at = from;
        while (at < to) {
            int type = Bytes.u8(b, at);
            if (type == 0) {
                at++;
                continue;
            }
            if (to - at < 2) {
                drops[DROP_EXTENSION_TRUNCATED]++;
                return false;
            }
            int length = 2 + Bytes.u8(b, at + 1);
            if (length > to - at) {
                drops[DROP_EXTENSION_TRUNCATED]++;
                return false;
            }
            if (type == 1) {
                at += length;
                continue;
            }
            if (type == 5 && hopByHop && length == 4) {
                inRouterAlert = true;
                at += length;
                continue;
            }
            switch (type >>> 6) {
                case 0:
                    at += length;
                    continue;
                case 1:
                    drops[DROP_OPTION_UNKNOWN]++;
                    return false;
                case 2:
                    drops[DROP_OPTION_UNKNOWN]++;
                    icmp.sendParameterProblem(p, ip6Offset, Icmp6Header.PARAMETER_OPTION, at - ip6Offset, true);
                    return false;
                default:
                    drops[DROP_OPTION_UNKNOWN]++;
                    if (!inMulticast) {
                        icmp.sendParameterProblem(p, ip6Offset, Icmp6Header.PARAMETER_OPTION, at - ip6Offset, false);
                    }
                    return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- output

    /** A free packet for an IPv6 packet, or null when the pool is empty (counted by Ethernet). */
    public Packet acquire() {
        return ethernet.acquire();
    }

    /**
     * A free packet for an IPv6 packet of {@code ip6Length} bytes (header included): a frame when it fits in one,
     * else the output buffer for packets up to {@link #maxPacket()} (there is one: null while it is in use), or null.
     */
    public Packet acquireFor(int ip6Length) {
        if (IP6_OFFSET + ip6Length <= ethernet.pool().capacity()) {
            return ethernet.acquire();
        }
        if (ip6Length <= reassembly.maxPacket()) {
            return output.acquire();
        }
        return null;
    }

    /** Gives back a packet that will not be sent. */
    public void release(Packet p) {
        if (output.owns(p)) {
            output.release(p);
        } else {
            ethernet.pool().release(p);
        }
    }

    /**
     * Writes the IPv6 header of an outgoing packet at {@link #IP6_OFFSET} and sets the packet's length.
     *
     * @param payloadLength the bytes after the fixed header (extension headers included)
     */
    public static void writeHeader(Packet p, int payloadLength, int nextHeader, int hopLimit, byte[] src, int srcOff,
                                   byte[] dst, int dstOff) {
        Ip6Header.write(p.data, IP6_OFFSET, payloadLength, nextHeader, hopLimit, src, srcOff, dst, dstOff);
        p.length = IP6_OFFSET + Ip6Header.HEADER_LENGTH + payloadLength;
    }

    /**
     * Sends a complete IPv6 packet (header at {@link #IP6_OFFSET}, checksums set): to the group's Ethernet address for
     * multicast, otherwise to the next hop (the destination if on-link, else a default router, RFC 4861 §5.2) through
     * the neighbour cache. Takes the packet (callee frees), also when it is dropped.
     *
     * @param priority an {@link Ethernet} send priority
     * @return false when the packet was dropped at once (no route, too big, link down)
     */
    public boolean send(Packet p, int priority) {
        byte[] b = p.data;
        if (!up) {
            drops[DROP_OFFLINE]++;
            release(p);
            return false;
        }
        if (p.length - IP6_OFFSET > reassembly.maxPacket()) {
            drops[DROP_TOO_BIG]++;
            release(p);
            return false;
        }
        int dst = IP6_OFFSET + Ip6Header.DESTINATION_OFFSET;
        if (Ip6Address.isMulticast(b, dst)) {
            Ip6Address.multicastMac(b, dst, groupMac, 0);
            sendToMac(p, groupMac, 0, priority);
            return true;
        }
        if (!routers.nextHop(b, dst, nextHop, 0)) {
            drops[DROP_NO_ROUTE]++;
            release(p);
            return false;
        }
        neighbors.send(p, nextHop, 0, priority);
        return true;
    }

    /**
     * Sends a complete IPv6 packet to a multicast group (its Ethernet group address, RFC 2464 §7), never through the
     * neighbour cache. Takes the packet.
     */
    public void sendMulticast(Packet p, int priority) {
        if (!up) {
            drops[DROP_OFFLINE]++;
            release(p);
            return;
        }
        Ip6Address.multicastMac(p.data, IP6_OFFSET + Ip6Header.DESTINATION_OFFSET, groupMac, 0);
        sendToMac(p, groupMac, 0, priority);
    }

    /**
     * Sends a packet straight to a MAC address, bypassing the neighbour cache; in fragments when it is longer than the
     * MTU (RFC 8200 §5). Takes the packet.
     */
    public void sendToMac(Packet p, byte[] dstMac, int macOff, int priority) {
        if (p.length - IP6_OFFSET > mtu() || output.owns(p)) {
            fragmentToMac(p, dstMac, macOff, priority);
            return;
        }
        transmit(p, dstMac, macOff, priority);
    }

    private void transmit(Packet p, byte[] dstMac, int macOff, int priority) {
        EthernetHeader.write(p.data, dstMac, macOff, mac, 0, EthernetHeader.TYPE_IPV6);
        sent++;
        ethernet.send(p, priority);
    }

    /**
     * Sends a packet of the output buffer or one longer than the MTU: copied into one frame when it fits the MTU,
     * otherwise split into fragments of a multiple of 8 bytes, each with a fragment header right after the fixed
     * header and one identification drawn at random (RFC 7739), each in a frame of its own. When the pool cannot give
     * all the frames, nothing is sent (counted). Takes the packet.
     */
    private void fragmentToMac(Packet p, byte[] dstMac, int macOff, int priority) {
        byte[] b = p.data;
        int ip6Length = p.length - IP6_OFFSET;
        int mtu = Math.min(mtu(), ethernet.pool().capacity() - IP6_OFFSET);
        int nextHeader = Ip6Header.nextHeader(b, IP6_OFFSET);
        if (ip6Length <= mtu) {
            Packet q = ethernet.acquire();
            if (q == null) {
                drops[DROP_FRAGMENTS_NO_BUFFER]++;
                release(p);
                return;
            }
            System.arraycopy(b, IP6_OFFSET, q.data, IP6_OFFSET, ip6Length);
            q.length = p.length;
            release(p);
            transmit(q, dstMac, macOff, priority);
            return;
        }
        if (nextHeader == Ip6Header.NEXT_HOP_BY_HOP || nextHeader == Ip6Header.NEXT_ROUTING
            || nextHeader == Ip6Header.NEXT_FRAGMENT) {
            // We build no long packet with extension headers; their unfragmentable part is not looked for.
            drops[DROP_TOO_BIG]++;
            release(p);
            return;
        }
        int payload = ip6Length - Ip6Header.HEADER_LENGTH;
        int chunk = (mtu - Ip6Header.HEADER_LENGTH - 8) & ~7;
        int count = (payload + chunk - 1) / chunk;
        if (count > fragmentOut.length) {
            drops[DROP_TOO_BIG]++;
            release(p);
            return;
        }
        for (int k = 0; k < count; k++) {
            fragmentOut[k] = ethernet.acquire();
            if (fragmentOut[k] == null) {
                for (int j = 0; j < k; j++) {
                    ethernet.pool().release(fragmentOut[j]);
                    fragmentOut[j] = null;
                }
                drops[DROP_FRAGMENTS_NO_BUFFER]++;
                release(p);
                return;
            }
        }
        int id = random.nextInt();
        int fragment = IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        for (int k = 0; k < count; k++) {
            Packet q = fragmentOut[k];
            fragmentOut[k] = null;
            int offset = k * chunk;
            int length = Math.min(chunk, payload - offset);
            byte[] d = q.data;
            System.arraycopy(b, IP6_OFFSET, d, IP6_OFFSET, Ip6Header.HEADER_LENGTH);
            Bytes.put16(d, IP6_OFFSET + Ip6Header.PAYLOAD_LENGTH_OFFSET, 8 + length);
            d[IP6_OFFSET + Ip6Header.NEXT_HEADER_OFFSET] = (byte) Ip6Header.NEXT_FRAGMENT;
            d[fragment] = (byte) nextHeader;
            d[fragment + 1] = 0;
            Bytes.put16(d, fragment + 2, offset | (k + 1 < count ? 1 : 0));
            Bytes.put32(d, fragment + 4, id);
            System.arraycopy(b, fragment + offset, d, fragment + 8, length);
            q.length = fragment + 8 + length;
            fragmentsSent++;
            transmit(q, dstMac, macOff, priority);
        }
        fragmented++;
        release(p);
    }
}
