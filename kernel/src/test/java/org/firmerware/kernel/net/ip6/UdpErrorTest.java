package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.net.udp.UdpListener;
import org.firmerware.kernel.net.udp.UdpSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors reach the UDP socket that sent the datagram: an ICMPv6 error that quotes it (RFC 1122 §4.1.3.3, RFC 4443
 * §2.4(d)), and address resolution that fails for its next hop (RFC 4861 §7.2.2).
 */
class UdpErrorTest {

    final Ip6FuzzTest.TestBoard board = new Ip6FuzzTest.TestBoard();
    final Kernel kernel = new Kernel(board);
    final Network network = new Network(kernel);
    final Ip6 ip6 = new Ip6(network);
    final Udp udp = new Udp(ip6);
    final UdpSocket socket = udp.socket(512);
    final UdpSocket other = udp.socket(512);
    final byte[] ll = Ip6AddressTest.a("fe80::ff:fe00:1");
    final byte[] peer = Ip6AddressTest.a("fe80::10");
    final byte[] absent = Ip6AddressTest.a("fe80::99");
    int heard;
    UdpSocket heardOn;

    void advance(int ms) {
        for (int step = 0; step < ms; step += 10) {
            board.clock.nowMs += 10;
            kernel.onAlarm();
            for (int i = 0; i < 1000 && kernel.scheduler().runOne(); i++) {
                // run
            }
        }
    }

    void deliver(byte[] frame) {
        board.port.incoming.add(frame);
        network.ethernet().onFramesWaiting();
    }

    @BeforeEach
    void linkLocalFormedAndSocketsBound() {
        advance(3000);
        assertEquals(InterfaceAddresses.PREFERRED, ip6.addresses().state(InterfaceAddresses.LINK_LOCAL));
        UdpListener listener = new UdpListener() {
            @Override
            public void onDatagram(UdpSocket s) {
            }

            @Override
            public void onError(UdpSocket s) {
                heard++;
                heardOn = s;
            }
        };
        socket.bind(5060);
        socket.setListener(listener);
        other.bind(5062);
        other.setListener(listener);
        // The peer is a known neighbour.
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 255, 58, Ip6FuzzTest.cat(
            NdOptionTest.b(135, 0, 0, 0, 0, 0, 0, 0), ll, NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10))));
        board.port.sent.clear();
    }

    @Test
    void aPortUnreachableReachesTheSendingSocket() {
        byte[] payload = "OPTIONS".getBytes();
        socket.send(peer, 0, 5070, payload, 0, payload.length);
        assertEquals(1, board.port.sent.size());
        byte[] sent = board.port.sent.get(0);
        // The peer's answer: destination unreachable, port (4), quoting our datagram from its IPv6 header on.
        byte[] quoted = Arrays.copyOfRange(sent, 14, sent.length);
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58,
            Ip6FuzzTest.cat(NdOptionTest.b(1, 4, 0, 0, 0, 0, 0, 0), quoted)));
        assertEquals(1, heard);
        assertEquals(socket, heardOn);
        assertEquals(1, socket.errorCount());
        assertEquals(0, other.errorCount());
        assertEquals(1, socket.lastErrorType());
        assertEquals(4, socket.lastErrorCode());
        assertEquals(5070, socket.lastErrorPort());
        byte[] to = new byte[16];
        socket.lastErrorAddress(to, 0);
        assertArrayEquals(peer, to);
    }

    @Test
    void anErrorQuotingAnotherSourceOrTooLittleIsIgnored() {
        byte[] payload = "x".getBytes();
        socket.send(peer, 0, 5070, payload, 0, payload.length);
        byte[] quoted = Arrays.copyOfRange(board.port.sent.get(0), 14, board.port.sent.get(0).length);
        byte[] spoofed = quoted.clone();
        System.arraycopy(absent, 0, spoofed, 8, 16);
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58,
            Ip6FuzzTest.cat(NdOptionTest.b(1, 4, 0, 0, 0, 0, 0, 0), spoofed)));
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58,
            Ip6FuzzTest.cat(NdOptionTest.b(1, 4, 0, 0, 0, 0, 0, 0), Arrays.copyOf(quoted, 44))));
        assertEquals(0, heard);
        assertEquals(0, socket.errorCount());
    }

    @Test
    void aNeighbourThatNeverAnswersIsAddressUnreachableForTheSocket() {
        byte[] payload = "INVITE".getBytes();
        other.send(absent, 0, 5060, payload, 0, payload.length);
        // Three solicitations a second apart (MAX_MULTICAST_SOLICIT, RetransTimer), then the entry fails.
        advance(2500);
        assertEquals(0, heard);
        advance(1000);
        assertEquals(1, heard);
        assertEquals(other, heardOn);
        assertEquals(1, other.lastErrorType());
        assertEquals(3, other.lastErrorCode());
        assertEquals(5060, other.lastErrorPort());
        byte[] to = new byte[16];
        other.lastErrorAddress(to, 0);
        assertArrayEquals(absent, to);
        assertEquals(0, socket.errorCount());
    }
}
