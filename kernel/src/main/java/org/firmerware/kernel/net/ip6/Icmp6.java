package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.Packet;

/**
 * ICMPv6 (RFC 4443): checks every message (length, checksum), answers echo requests (§4.2, also those sent to a group
 * we listen to), sends error messages (§3) with the rules of §2.4 (e) and a token-bucket rate limit (§2.4 (f)), and
 * hands neighbour discovery and MLD messages to their classes.
 *
 * <p>Errors are never sent about an ICMPv6 error, about a packet from {@code ::} or a group, nor about a packet sent
 * to a group (IPv6 or Ethernet) except a parameter problem for an unknown option whose type asks for it (§2.4 (e.3)).
 * The token bucket holds {@link #ERROR_BURST} errors and refills one every {@link #ERROR_INTERVAL_MS}.
 *
 * <p>Main loop only.
 */
public final class Icmp6 {

    /** Errors that may be sent at once. */
    public static final int ERROR_BURST = 10;
    /** One more error may be sent per this many milliseconds (10 per second on average). */
    public static final int ERROR_INTERVAL_MS = 100;
    /** The identifier, sequence and data of an echo start here. */
    public static final int ECHO_IDENTIFIER_OFFSET = 4;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_TOO_SHORT = 0, DROP_CHECKSUM = 1, DROP_TO_TENTATIVE = 2, DROP_UNKNOWN_TYPE = 3,
        DROP_ECHO_NO_SOURCE = 4, DROP_ERROR_RATE_LIMITED = 5, DROP_ERROR_SUPPRESSED = 6, DROP_ECHO_NO_BUFFER = 7,
        DROP_REASONS = 8;

    private final Ip6 ip6;
    private final InterfaceAddresses addresses;
    private final int[] drops = new int[DROP_REASONS];
    private int tokens = ERROR_BURST;
    private int lastRefillMs;
    private int echoRequests;
    private int echoReplies;
    private int errorsSent;
    private int errorsReceived;

    Icmp6(Ip6 ip6) {
        this.ip6 = ip6;
        this.addresses = ip6.addresses();
        this.lastRefillMs = ip6.nowMs();
    }

    /** Messages dropped or errors not sent, by reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    public int echoRequestCount() {
        return echoRequests;
    }

    public int echoReplyCount() {
        return echoReplies;
    }

    public int errorsSent() {
        return errorsSent;
    }

    public int errorsReceived() {
        return errorsReceived;
    }

    /** Sets the ICMPv6 checksum of a packet built by {@link Ip6#writeHeader}, the message right after the header. */
    static void setChecksum(Packet p) {
        int icmp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        InternetChecksum.setUpperLayer(p.data, Ip6.IP6_OFFSET, icmp, p.length - icmp, Ip6Header.NEXT_ICMP6,
            icmp + Icmp6Header.CHECKSUM_OFFSET, false);
    }

    /** An ICMPv6 message for us; the packet stays the caller's. */
    void onPacket(Packet p, int ip6Offset, int icmp, int len) {
        byte[] b = p.data;
        if (len < Icmp6Header.HEADER_LENGTH) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        if (!InternetChecksum.isValid(b, ip6Offset, icmp, len, Ip6Header.NEXT_ICMP6)) {
            drops[DROP_CHECKSUM]++;
            return;
        }
        int type = Icmp6Header.type(b, icmp);
        if (ip6.inputTentative() >= 0 && type != Icmp6Header.TYPE_NEIGHBOR_SOLICITATION
            && type != Icmp6Header.TYPE_NEIGHBOR_ADVERTISEMENT) {
            // RFC 4862 §5.4: packets to a tentative address are dropped, except for DAD.
            drops[DROP_TO_TENTATIVE]++;
            return;
        }
        switch (type) {
            case Icmp6Header.TYPE_ECHO_REQUEST:
                onEchoRequest(p, ip6Offset, icmp, len);
                return;
            case Icmp6Header.TYPE_NEIGHBOR_SOLICITATION:
                ip6.neighborDiscovery().onSolicitation(p, ip6Offset, icmp, len);
                return;
            case Icmp6Header.TYPE_NEIGHBOR_ADVERTISEMENT:
                ip6.neighborDiscovery().onAdvertisement(p, ip6Offset, icmp, len);
                return;
            case Icmp6Header.TYPE_ROUTER_ADVERTISEMENT:
                ip6.routers().onAdvertisement(p, ip6Offset, icmp, len);
                return;
            case Icmp6Header.TYPE_MLD_QUERY:
                ip6.mld().onQuery(p, ip6Offset, icmp, len);
                return;
            case Icmp6Header.TYPE_MLD1_REPORT:
                ip6.mld().onV1Report(p, ip6Offset, icmp, len);
                return;
            case Icmp6Header.TYPE_DESTINATION_UNREACHABLE:
            case Icmp6Header.TYPE_PACKET_TOO_BIG:
            case Icmp6Header.TYPE_TIME_EXCEEDED:
            case Icmp6Header.TYPE_PARAMETER_PROBLEM:
                onError(p, icmp, len, type);
                return;
            default:
                // §2.4 (b): unknown informational messages are dropped silently; echo replies, solicitations from
                // other hosts, other hosts' MLDv2 reports and redirects end here too.
                // TODO RFC 4861 §8.3 SHOULD: redirects; we always send to the router we chose.
                drops[DROP_UNKNOWN_TYPE]++;
                return;
        }
    }

    /** An error about a packet we sent: handed to the upper layer of the invoking packet (§2.4 (d)). */
    private void onError(Packet p, int icmp, int len, int type) {
        errorsReceived++;
        int invoking = icmp + Icmp6Header.MIN_LENGTH;
        int invokingLength = len - Icmp6Header.MIN_LENGTH;
        if (invokingLength < Ip6Header.HEADER_LENGTH) {
            return;
        }
        byte[] b = p.data;
        if (type == Icmp6Header.TYPE_PACKET_TOO_BIG
            && addresses.find(b, invoking + Ip6Header.SOURCE_OFFSET) >= 0) {
            // RFC 8201 §4: the MTU it reports, never below 1280 (simplified: for the interface, not per path).
            ip6.packetTooBig(Bytes.u32(b, icmp + Icmp6Header.BODY_OFFSET));
        }
        if (Ip6Header.nextHeader(b, invoking) == Ip6Header.NEXT_FRAGMENT
            && invokingLength >= Ip6Header.HEADER_LENGTH + 8
            && (Bytes.u16(b, invoking + Ip6Header.HEADER_LENGTH + 2) & 0xFFF8) == 0) {
            // The first fragment of one of our packets: the fixed header is moved over the fragment header (the
            // packet is ours to change until we return), so the upper layer sees its own header after it.
            int next = Bytes.u8(b, invoking + Ip6Header.HEADER_LENGTH);
            System.arraycopy(b, invoking, b, invoking + 8, Ip6Header.HEADER_LENGTH);
            invoking += 8;
            invokingLength -= 8;
            b[invoking + Ip6Header.NEXT_HEADER_OFFSET] = (byte) next;
        }
        // Only when the upper layer follows the fixed header directly (we send no extension headers but for MLD).
        Ip6Handler h = ip6.handler(Ip6Header.nextHeader(p.data, invoking));
        if (h != null) {
            h.onError(p, type, Icmp6Header.code(p.data, icmp), invoking, invokingLength);
        }
    }

    /** §4.2: the reply carries the request's identifier, sequence and data. */
    private void onEchoRequest(Packet request, int ip6Offset, int icmp, int len) {
        byte[] b = request.data;
        echoRequests++;
        if (len < Icmp6Header.MIN_LENGTH) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        int src = ip6Offset + Ip6Header.SOURCE_OFFSET;
        int dst = ip6Offset + Ip6Header.DESTINATION_OFFSET;
        if (Ip6Address.isUnspecified(b, src)) {
            drops[DROP_ECHO_NO_SOURCE]++;
            return;
        }
        // The reply's source: the request's destination, or for a group one of our unicast addresses (§4.2).
        int source = ip6.inputToMulticast() ? addresses.selectSource(b, src) : addresses.find(b, dst);
        if (source < 0 || !addresses.isUsable(source)) {
            drops[DROP_ECHO_NO_SOURCE]++;
            return;
        }
        Packet p = ip6.acquireFor(Ip6Header.HEADER_LENGTH + len);
        if (p == null) {
            drops[DROP_ECHO_NO_BUFFER]++;
            return;
        }
        Ip6.writeHeader(p, len, Ip6Header.NEXT_ICMP6, ip6.curHopLimit(), addresses.bytes(), addresses.offset(source),
            b, src);
        int out = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        System.arraycopy(b, icmp, p.data, out, len);
        Icmp6Header.write(p.data, out, Icmp6Header.TYPE_ECHO_REPLY, 0);
        setChecksum(p);
        echoReplies++;
        ip6.send(p, Ethernet.SEND_NORMAL);
    }

    /**
     * Sends a parameter problem (§3.4) about the packet being received.
     *
     * @param pointer the offset of the problem from the start of the invoking packet's IPv6 header
     * @param evenToMulticast whether §2.4 (e.3) allows it for a packet sent to a group (unknown option, type 10xxxxxx)
     */
    void sendParameterProblem(Packet invoking, int ip6Offset, int code, int pointer, boolean evenToMulticast) {
        sendError(invoking, ip6Offset, Icmp6Header.TYPE_PARAMETER_PROBLEM, code, pointer, evenToMulticast);
    }

    /** Sends a port unreachable (§3.1 code 4) about a UDP packet being received for which no socket is bound. */
    public void sendPortUnreachable(Packet invoking, int ip6Offset) {
        sendError(invoking, ip6Offset, Icmp6Header.TYPE_DESTINATION_UNREACHABLE, Icmp6Header.UNREACHABLE_PORT, 0,
            false);
    }

    /**
     * Sends an error about the packet being received (§2.4): as much of it as fits in the minimum MTU, from the
     * address it was sent to if that is ours, else from the best source for its sender.
     *
     * @param param the 32-bit field after the checksum (the pointer, the MTU, or 0)
     */
    private void sendError(Packet invoking, int ip6Offset, int type, int code, int param, boolean evenToMulticast) {
        sendError(invoking, ip6Offset, type, code, param, evenToMulticast, ip6.inputToMulticast(),
            ip6.inputToLinkGroup());
    }

    /**
     * Sends a Time Exceeded code 1 (§3.3) about a packet whose reassembly timed out, quoting its first fragment (RFC
     * 8200 §4.5); not about one sent to a group.
     */
    void sendReassemblyTimeExceeded(Packet firstFragment, int ip6Offset) {
        boolean toGroup = Ip6Address.isMulticast(firstFragment.data, ip6Offset + Ip6Header.DESTINATION_OFFSET);
        sendError(firstFragment, ip6Offset, Icmp6Header.TYPE_TIME_EXCEEDED, 1, 0, false, toGroup, toGroup);
    }

    private void sendError(Packet invoking, int ip6Offset, int type, int code, int param, boolean evenToMulticast,
                           boolean toMulticast, boolean toLinkGroup) {
        byte[] b = invoking.data;
        int src = ip6Offset + Ip6Header.SOURCE_OFFSET;
        int dst = ip6Offset + Ip6Header.DESTINATION_OFFSET;
        if (Ip6Address.isUnspecified(b, src) || Ip6Address.isMulticast(b, src)
            || (!evenToMulticast && (toMulticast || toLinkGroup))
            || isIcmpError(b, ip6Offset)) {
            drops[DROP_ERROR_SUPPRESSED]++;
            return;
        }
        if (!takeToken()) {
            drops[DROP_ERROR_RATE_LIMITED]++;
            return;
        }
        int source = toMulticast ? -1 : addresses.find(b, dst);
        if (source < 0 || !addresses.isUsable(source)) {
            source = addresses.selectSource(b, src);
        }
        if (source < 0) {
            drops[DROP_ERROR_SUPPRESSED]++;
            return;
        }
        int invokingLength = Math.min(Ip6Header.HEADER_LENGTH + Ip6Header.payloadLength(b, ip6Offset),
            Ip6Header.MIN_MTU - Ip6Header.HEADER_LENGTH - Icmp6Header.MIN_LENGTH);
        Packet p = ip6.acquire();
        if (p == null) {
            return;
        }
        Ip6.writeHeader(p, Icmp6Header.MIN_LENGTH + invokingLength, Ip6Header.NEXT_ICMP6, ip6.curHopLimit(),
            addresses.bytes(), addresses.offset(source), b, src);
        int icmp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        Icmp6Header.write(p.data, icmp, type, code);
        Bytes.put32(p.data, icmp + Icmp6Header.BODY_OFFSET, param);
        System.arraycopy(b, ip6Offset, p.data, icmp + Icmp6Header.MIN_LENGTH, invokingLength);
        setChecksum(p);
        errorsSent++;
        ip6.send(p, Ethernet.SEND_NORMAL);
    }

    /** Whether a packet is an ICMPv6 error right after its fixed header (§2.4 (e.1)). */
    private static boolean isIcmpError(byte[] b, int ip6Offset) {
        return Ip6Header.nextHeader(b, ip6Offset) == Ip6Header.NEXT_ICMP6
            && Ip6Header.payloadLength(b, ip6Offset) >= 1
            && Icmp6Header.isError(Icmp6Header.type(b, ip6Offset + Ip6Header.HEADER_LENGTH));
    }

    /** The token bucket of §2.4 (f), refilled from the clock when asked (no timer). */
    private boolean takeToken() {
        int now = ip6.nowMs();
        int elapsed = now - lastRefillMs;
        if (elapsed < 0 || elapsed >= ERROR_BURST * ERROR_INTERVAL_MS) {
            tokens = ERROR_BURST;
            lastRefillMs = now;
        } else if (elapsed >= ERROR_INTERVAL_MS) {
            int add = elapsed / ERROR_INTERVAL_MS;
            tokens = Math.min(ERROR_BURST, tokens + add);
            lastRefillMs += add * ERROR_INTERVAL_MS;
        }
        if (tokens <= 0) {
            return false;
        }
        tokens--;
        return true;
    }
}
