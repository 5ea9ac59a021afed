package org.firmerware.kernel.net.udp;

import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.ip6.InterfaceAddresses;
import org.firmerware.kernel.net.ip6.InternetChecksum;
import org.firmerware.kernel.net.ip6.Ip6;
import org.firmerware.kernel.net.ip6.Ip6Address;
import org.firmerware.kernel.net.ip6.Ip6Handler;
import org.firmerware.kernel.net.ip6.Ip6Header;

/**
 * UDP over IPv6 (RFC 768, RFC 8200 §8.1): a table of sockets (at most {@code udpSockets} of the board's sizes), each
 * created during init with its own receive buffer; checksums checked on input (a zero checksum is invalid over IPv6)
 * and generated on output; a datagram for a port without a socket is answered with an ICMPv6 port unreachable
 * (RFC 4443 §3.1), except when it was sent to a group.
 *
 * <p>Main loop only.
 */
public final class Udp implements Ip6Handler {

    /** The first ephemeral port (RFC 6335 §6). */
    public static final int EPHEMERAL_FIRST = 49152;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_TOO_SHORT = 0, DROP_BAD_LENGTH = 1, DROP_CHECKSUM = 2, DROP_NO_SOCKET = 3,
        DROP_QUEUE_FULL = 4, DROP_SEND_NO_SOURCE = 5, DROP_SEND_TOO_LONG = 6, DROP_SEND_NO_BUFFER = 7,
        DROP_REASONS = 8;

    private final Ip6 ip6;
    private final UdpSocket[] sockets;
    private int socketCount;
    private final int queueLength;
    private final int[] drops = new int[DROP_REASONS];
    private int nextEphemeral = EPHEMERAL_FIRST;
    private int errorsReceived;

    /** UDP on an IPv6 interface, with room for the board's {@code udpSockets} sockets. Init only. */
    public Udp(Ip6 ip6) {
        this.ip6 = ip6;
        this.sockets = new UdpSocket[ip6.kernel().board().sizes().udpSockets()];
        this.queueLength = ip6.kernel().board().sizes().udpQueue();
        ip6.register(Ip6Header.NEXT_UDP, this);
        // Load the header class during init (see Ip6's constructor).
        UdpHeader.length(new byte[UdpHeader.HEADER_LENGTH], 0);
    }

    /**
     * The longest payload we send or receive: in a packet of {@code ip6ReassemblyBytes} (the board's sizes), sent in
     * fragments above the MTU (RFC 8200 §5) and reassembled on input (§4.5).
     */
    public int maxPayload() {
        return ip6.maxPacket() - Ip6Header.HEADER_LENGTH - UdpHeader.HEADER_LENGTH;
    }

    /** The longest payload that fits in one of our frames without fragments. */
    public int framePayload() {
        return Math.min(ip6.ethernet().pool().capacity(), Ip6.IP6_OFFSET + Ip6.ETHERNET_MTU) - Ip6.IP6_OFFSET
            - Ip6Header.HEADER_LENGTH - UdpHeader.HEADER_LENGTH;
    }

    /**
     * Creates a socket that queues up to {@code udpQueue} datagrams in a buffer of {@code bufferBytes}. Init only.
     *
     * @throws IllegalStateException when all {@code udpSockets} sockets exist
     */
    public UdpSocket socket(int bufferBytes) {
        if (socketCount == sockets.length) {
            throw new IllegalStateException("more UDP sockets than the board's udpSockets");
        }
        UdpSocket s = new UdpSocket(this, queueLength, bufferBytes);
        sockets[socketCount++] = s;
        return s;
    }

    /**
     * A socket with room for {@code udpQueue} datagrams of a frame's payload (fewer when they are longer, up to
     * {@link #maxPayload()}). Init only.
     */
    public UdpSocket socket() {
        return socket(Math.max(queueLength * framePayload(), maxPayload()));
    }

    /** Datagrams dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** ICMPv6 errors received about our datagrams. */
    public int errorsReceived() {
        return errorsReceived;
    }

    boolean bind(UdpSocket s, int port) {
        if (port == 0) {
            // Bounded: at most one pass over the ephemeral range.
            for (int k = 0; k < 65536 - EPHEMERAL_FIRST; k++) {
                int candidate = nextEphemeral;
                nextEphemeral = nextEphemeral == 65535 ? EPHEMERAL_FIRST : nextEphemeral + 1;
                if (find(candidate) == null) {
                    s.setPort(candidate);
                    return true;
                }
            }
            return false;
        }
        UdpSocket other = find(port);
        if (other != null && other != s) {
            return false;
        }
        s.setPort(port);
        return true;
    }

    private UdpSocket find(int port) {
        for (int i = 0; i < socketCount; i++) {
            if (sockets[i].port() == port) {
                return sockets[i];
            }
        }
        return null;
    }

    @Override
    public void onPacket(Packet p, int ip6Offset, int udp, int len) {
        byte[] b = p.data;
        if (len < UdpHeader.HEADER_LENGTH) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        int udpLength = UdpHeader.length(b, udp);
        if (udpLength < UdpHeader.HEADER_LENGTH || udpLength > len) {
            drops[DROP_BAD_LENGTH]++;
            return;
        }
        if (UdpHeader.checksum(b, udp) == 0
            || !InternetChecksum.isValid(b, ip6Offset, udp, udpLength, Ip6Header.NEXT_UDP)) {
            drops[DROP_CHECKSUM]++;
            return;
        }
        int port = UdpHeader.destinationPort(b, udp);
        UdpSocket s = port == 0 ? null : find(port);
        if (s == null) {
            drops[DROP_NO_SOCKET]++;
            ip6.icmp().sendPortUnreachable(p, ip6Offset);
            return;
        }
        if (!s.enqueue(b, ip6Offset + Ip6Header.SOURCE_OFFSET, UdpHeader.sourcePort(b, udp),
            udp + UdpHeader.HEADER_LENGTH, udpLength - UdpHeader.HEADER_LENGTH, ip6.inputToMulticast())) {
            drops[DROP_QUEUE_FULL]++;
        }
    }

    @Override
    public void onError(Packet p, int type, int code, int invokingOffset, int invokingLength) {
        // RFC 1122 §4.1.3.3: the error goes to the socket that sent the invoking datagram, found by its source
        // port, when its source is one of our addresses.
        errorsReceived++;
        byte[] b = p.data;
        int udp = invokingOffset + Ip6Header.HEADER_LENGTH;
        if (invokingLength < Ip6Header.HEADER_LENGTH + UdpHeader.HEADER_LENGTH
            || ip6.addresses().find(b, invokingOffset + Ip6Header.SOURCE_OFFSET) < 0) {
            return;
        }
        int port = UdpHeader.sourcePort(b, udp);
        UdpSocket s = port == 0 ? null : find(port);
        if (s != null) {
            s.error(type, code, b, invokingOffset + Ip6Header.DESTINATION_OFFSET, UdpHeader.destinationPort(b, udp));
        }
    }

    /** @param src the source address, or null to choose it by RFC 6724 */
    boolean send(int srcPort, byte[] src, int srcOff, byte[] dst, int dstOff, int dstPort, byte[] payload, int off,
                 int len) {
        if (len > maxPayload()) {
            drops[DROP_SEND_TOO_LONG]++;
            return false;
        }
        InterfaceAddresses addresses = ip6.addresses();
        int source = src == null ? addresses.selectSource(dst, dstOff) : addresses.find(src, srcOff);
        if (source < 0 || !addresses.isUsable(source)) {
            drops[DROP_SEND_NO_SOURCE]++;
            return false;
        }
        Packet p = ip6.acquireFor(Ip6Header.HEADER_LENGTH + UdpHeader.HEADER_LENGTH + len);
        if (p == null) {
            drops[DROP_SEND_NO_BUFFER]++;
            return false;
        }
        int udpLength = UdpHeader.HEADER_LENGTH + len;
        int hopLimit = Ip6Address.isMulticast(dst, dstOff) ? 1 : ip6.curHopLimit();
        Ip6.writeHeader(p, udpLength, Ip6Header.NEXT_UDP, hopLimit, addresses.bytes(), addresses.offset(source),
            dst, dstOff);
        int udp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        UdpHeader.write(p.data, udp, srcPort, dstPort, udpLength);
        System.arraycopy(payload, off, p.data, udp + UdpHeader.HEADER_LENGTH, len);
        InternetChecksum.setUpperLayer(p.data, Ip6.IP6_OFFSET, udp, udpLength, Ip6Header.NEXT_UDP,
            udp + UdpHeader.CHECKSUM_OFFSET, true);
        return ip6.send(p, Ethernet.SEND_NORMAL);
    }
}
