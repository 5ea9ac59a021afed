package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.net.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IPv6 receive path: extension headers (RFC 8200 §4), the errors they cause and the drop counters. */
class Ip6InputTest {

    final Ip6FuzzTest.TestBoard board = new Ip6FuzzTest.TestBoard();
    final Kernel kernel = new Kernel(board);
    final Network network = new Network(kernel);
    final Ip6 ip6 = new Ip6(network);
    final byte[] ll = Ip6AddressTest.a("fe80::ff:fe00:1");
    final byte[] peer = Ip6AddressTest.a("fe80::10");
    final byte[] allNodes = Ip6AddressTest.a("ff02::1");
    final byte[] allNodesMac = {0x33, 0x33, 0, 0, 0, 1};

    @BeforeEach
    void linkLocalFormed() {
        for (int t = 0; t < 300; t++) {
            board.clock.nowMs += 10;
            kernel.onAlarm();
            for (int i = 0; i < 100 && kernel.scheduler().runOne(); i++) {
                // run
            }
        }
        assertEquals(InterfaceAddresses.PREFERRED, ip6.addresses().state(InterfaceAddresses.LINK_LOCAL));
        // The peer is a known neighbour, so that answers go out at once.
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 255, 58, Ip6FuzzTest.cat(
            NdOptionTest.b(135, 0, 0, 0, 0, 0, 0, 0), ll, NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10))));
        board.port.sent.clear();
    }

    void deliver(byte[] frame) {
        board.port.incoming.add(frame);
        network.ethernet().onFramesWaiting();
    }

    /** The ICMPv6 messages the phone sent: type, code and the 32-bit parameter, as text. */
    List<String> sentIcmp() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (byte[] f : board.port.sent) {
            if ((f[20] & 0xFF) == 58) {
                assertTrue(InternetChecksum.isValid(f, 14, 54, ((f[18] & 0xFF) << 8 | f[19] & 0xFF), 58));
                out.add((f[54] & 0xFF) + "/" + (f[55] & 0xFF) + "/" + ((f[58] & 0xFF) << 24 | (f[59] & 0xFF) << 16
                    | (f[60] & 0xFF) << 8 | f[61] & 0xFF));
            }
        }
        return out;
    }

    /** A frame with extension headers before an echo request whose ICMPv6 checksum is right. */
    static byte[] ext(byte[] dstMac, byte[] src, byte[] dst, int hopLimit, int firstNext, byte[] headers) {
        byte[] f = Ip6FuzzTest.frame(dstMac, src, dst, hopLimit, firstNext, Ip6FuzzTest.cat(headers, ECHO));
        int icmp = 54 + headers.length;
        InternetChecksum.setUpperLayer(f, 14, icmp, ECHO.length, 58, icmp + 2, false);
        return f;
    }

    static final byte[] ECHO = NdOptionTest.b(128, 0, 0, 0, 0, 1, 0, 1);

    @Test
    void knownOptionsAndPaddingArePassed() {
        // Hop-by-hop with PadN and Pad1s, destination options with PadN, then an echo request: answered.
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 0,
            Ip6FuzzTest.cat(NdOptionTest.b(60, 0, 1, 2, 0, 0, 0, 0), NdOptionTest.b(58, 0, 0, 0, 1, 2, 0, 0))));
        assertEquals(List.of("129/0/65537"), sentIcmp());
    }

    @Test
    void unknownOptionsAreHandledByTheirHighBits() {
        // 00: skipped; 01: dropped silently; 10: parameter problem code 2 even to a group; 11: only to unicast.
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 60, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0x1E, 4, 0, 0, 0, 0))));
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 60, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0x5E, 4, 0, 0, 0, 0))));
        deliver(ext(allNodesMac, peer, allNodes, 64, 60, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0x9E, 4, 0, 0, 0, 0))));
        deliver(ext(allNodesMac, peer, allNodes, 64, 60, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0xDE, 4, 0, 0, 0, 0))));
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 60, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0xDE, 4, 0, 0, 0, 0))));
        // The pointer is the option's offset from the start of the IPv6 header: 40 + 2.
        assertEquals(List.of("129/0/65537", "4/2/42", "4/2/42"), sentIcmp());
        assertEquals(4, ip6.drops(Ip6.DROP_OPTION_UNKNOWN));
    }

    @Test
    void routingHeadersFragmentsAndUnknownHeaders() {
        // Routing header, segments left 0: ignored. Segments left 1: parameter problem code 0 at the type field.
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 43, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 4, 0, 0, 0, 0, 0))));
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 43, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 4, 1, 0, 0, 0, 0))));
        // An atomic fragment is processed; a real fragment waits for the rest (FragmentTest has the rest).
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 44, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0, 0, 0, 0, 0, 1))));
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 44, Ip6FuzzTest.cat(NdOptionTest.b(58, 0, 0, 1, 0, 0, 0, 2))));
        // An unknown next header (TCP here): parameter problem code 1 at the next header field (offset 6).
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 6, new byte[20]));
        // A hop-by-hop header after another header: parameter problem code 1 at the field that named it.
        deliver(ext(Ip6FuzzTest.MAC, peer, ll, 64, 60,
            Ip6FuzzTest.cat(NdOptionTest.b(0, 0, 1, 4, 0, 0, 0, 0), NdOptionTest.b(58, 0, 1, 4, 0, 0, 0, 0))));
        // No next header: dropped silently.
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 59, new byte[8]));
        assertEquals(List.of("129/0/65537", "4/0/42", "129/0/65537", "4/1/6", "4/1/40"), sentIcmp());
        assertEquals(1, ip6.drops(Ip6.DROP_ROUTING_HEADER));
        assertEquals(0, ip6.drops(Ip6.DROP_FRAGMENT));
        assertEquals(1, ip6.reassembly().fragmentCount());
        assertEquals(1, ip6.reassembly().activeCount());
        assertEquals(1, ip6.drops(Ip6.DROP_UNKNOWN_NEXT_HEADER));
        assertEquals(1, ip6.drops(Ip6.DROP_HOP_BY_HOP_NOT_FIRST));
        assertEquals(1, ip6.drops(Ip6.DROP_NO_NEXT_HEADER));
    }

    @Test
    void noErrorAboutAnErrorAMulticastOrFromNowhere() {
        // A datagram for an unknown protocol inside... an ICMPv6 error: its own problem is not reported.
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, NdOptionTest.b(1, 4, 0, 0, 0, 0, 0, 0)));
        // To a group, or from ::, an unknown next header gets no error.
        deliver(Ip6FuzzTest.frame(allNodesMac, peer, allNodes, 64, 6, new byte[20]));
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, Ip6Address.UNSPECIFIED, ll, 64, 6, new byte[20]));
        assertEquals(List.of(), sentIcmp());
        assertEquals(2, ip6.icmp().drops(Icmp6.DROP_ERROR_SUPPRESSED));
    }

    @Test
    void truncatedAndInconsistentHeadersAreCounted() {
        deliver(java.util.Arrays.copyOf(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, ECHO), 40));
        byte[] longer = Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, ECHO);
        longer[19] += 8;
        deliver(longer);
        byte[] v4 = Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, ECHO);
        v4[14] = 0x45;
        deliver(v4);
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 60, NdOptionTest.b(58, 3, 1, 4, 0, 0, 0, 0)));
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, Ip6AddressTest.a("fe80::99"), 64, 58, ECHO));
        byte[] badSum = Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, ECHO);
        badSum[60] ^= 1;
        deliver(badSum);
        assertEquals(List.of(), sentIcmp());
        assertEquals(1, ip6.drops(Ip6.DROP_TOO_SHORT));
        assertEquals(1, ip6.drops(Ip6.DROP_BAD_LENGTH));
        assertEquals(1, ip6.drops(Ip6.DROP_BAD_VERSION));
        assertEquals(1, ip6.drops(Ip6.DROP_EXTENSION_TRUNCATED));
        assertEquals(1, ip6.drops(Ip6.DROP_NOT_FOR_US));
        assertEquals(1, ip6.icmp().drops(Icmp6.DROP_CHECKSUM));
    }
}
