package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.net.udp.UdpSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fragments both ways: reassembly (RFC 8200 §4.5, RFC 5722), fragmentation of ours (§5), Packet Too Big (RFC 8201).
 * The fragments the test sends are cut here from whole packets; those the phone sends are put together here.
 */
class FragmentTest {

    final Ip6FuzzTest.TestBoard board = new Ip6FuzzTest.TestBoard();
    final Kernel kernel = new Kernel(board);
    final Network network = new Network(kernel);
    final Ip6 ip6 = new Ip6(network);
    final Udp udp = new Udp(ip6);
    final UdpSocket socket = udp.socket(8192);
    final Reassembly reassembly = ip6.reassembly();
    final byte[] ll = Ip6AddressTest.a("fe80::ff:fe00:1");
    final byte[] peer = Ip6AddressTest.a("fe80::10");
    final byte[] other = Ip6AddressTest.a("fe80::20");

    @BeforeEach
    void linkLocalFormed() {
        advance(3000);
        assertEquals(InterfaceAddresses.PREFERRED, ip6.addresses().state(InterfaceAddresses.LINK_LOCAL));
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 255, 58, Ip6FuzzTest.cat(
            NdOptionTest.b(135, 0, 0, 0, 0, 0, 0, 0), ll, NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10))));
        board.port.sent.clear();
    }

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

    /** A whole packet (Ethernet frame) with an echo request of {@code dataLength} bytes of data, checksum set. */
    static byte[] echoRequest(byte[] src, byte[] dst, int dataLength, int seed) {
        byte[] icmp = new byte[8 + dataLength];
        icmp[0] = (byte) 128;
        icmp[4] = 0x12;
        icmp[7] = 1;
        Random r = new Random(seed);
        for (int i = 8; i < icmp.length; i++) {
            icmp[i] = (byte) r.nextInt();
        }
        return Ip6FuzzTest.frame(Ip6FuzzTest.MAC, src, dst, 64, 58, icmp);
    }

    /** The fragment of a whole frame's payload from {@code offset}, {@code length} bytes, with M as given. */
    static byte[] fragment(byte[] whole, int id, int offset, int length, boolean more) {
        byte[] f = new byte[54 + 8 + length];
        System.arraycopy(whole, 0, f, 0, 54);
        Bytes.put16(f, 18, 8 + length);
        f[20] = 44;
        f[54] = whole[20];
        Bytes.put16(f, 56, offset | (more ? 1 : 0));
        Bytes.put32(f, 58, id);
        System.arraycopy(whole, 54 + offset, f, 62, length);
        return f;
    }

    /** The ICMPv6 messages (not fragmented) the phone sent but RS, NS and MLD reports: type/code/parameter. */
    List<String> sentIcmp() {
        List<String> out = new ArrayList<>();
        for (byte[] f : board.port.sent) {
            int type = f.length > 54 ? f[54] & 0xFF : 0;
            if ((f[20] & 0xFF) == 58 && type != 133 && type != 135 && type != 143) {
                assertTrue(InternetChecksum.isValid(f, 14, 54, Bytes.u16(f, 18), 58));
                out.add((f[54] & 0xFF) + "/" + (f[55] & 0xFF) + "/" + Bytes.u32(f, 58));
            }
        }
        return out;
    }

    /**
     * Puts the phone's fragments back together (all of one identification, checked: offsets contiguous, M set on all
     * but the last, each frame within the MTU) and returns the whole packet from its IPv6 header.
     */
    static byte[] reassembleSent(List<byte[]> sent, int mtu) {
        List<byte[]> frags = new ArrayList<>();
        for (byte[] f : sent) {
            if ((f[20] & 0xFF) == 44) {
                frags.add(f);
            }
        }
        assertTrue(frags.size() >= 2, "fragments sent: " + frags.size());
        frags.sort((a, b) -> Integer.compare(Bytes.u16(a, 56) & 0xFFF8, Bytes.u16(b, 56) & 0xFFF8));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int id = Bytes.u32(frags.get(0), 58);
        for (int k = 0; k < frags.size(); k++) {
            byte[] f = frags.get(k);
            assertTrue(f.length - 14 <= mtu, "a fragment within the MTU: " + (f.length - 14));
            assertEquals(id, Bytes.u32(f, 58));
            assertEquals(data.size(), Bytes.u16(f, 56) & 0xFFF8, "offsets without holes");
            assertEquals(k + 1 < frags.size() ? 1 : 0, Bytes.u16(f, 56) & 1, "M");
            int length = Bytes.u16(f, 18) - 8;
            if (k + 1 < frags.size()) {
                assertEquals(0, length % 8);
            }
            data.write(f, 62, length);
        }
        byte[] first = frags.get(0);
        byte[] whole = new byte[40 + data.size()];
        System.arraycopy(first, 14, whole, 0, 40);
        whole[6] = first[54];
        Bytes.put16(whole, 4, data.size());
        System.arraycopy(data.toByteArray(), 0, whole, 40, data.size());
        return whole;
    }

    @Test
    void aPingOf1600BytesInFragmentsOutOfOrderIsAnsweredInFragments() {
        byte[] whole = echoRequest(peer, ll, 1600, 1);
        int payload = 1608;
        deliver(fragment(whole, 77, 1232, payload - 1232, false));
        deliver(fragment(whole, 77, 0, 616, true));
        assertEquals(List.of(), board.port.sent);
        deliver(fragment(whole, 77, 616, 616, true));
        assertEquals(1, reassembly.reassembledCount());
        assertEquals(2, board.port.sent.size(), "the reply in two fragments");
        byte[] reply = reassembleSent(board.port.sent, 1500);
        assertEquals(58, reply[6]);
        assertEquals(129, reply[40] & 0xFF);
        assertTrue(InternetChecksum.isValid(reply, 0, 40, reply.length - 40, 58));
        for (int i = 44; i < reply.length; i++) {
            assertEquals(whole[54 + i - 40], reply[i], "echo data at " + i);
        }
        assertEquals(1, ip6.fragmentedCount());
        assertEquals(0, reassembly.activeCount());
    }

    @Test
    void theUnfragmentablePartComesFromTheOffsetZeroFragmentAndItsNextHeaderCounts() {
        // A destination options header before the fragment header (unfragmentable part 48 bytes); the second
        // fragment says next header 17, the first 58: only the offset-0 fragment's counts.
        byte[] whole = echoRequest(peer, ll, 100, 2);
        byte[] a = withDestinationOptions(fragment(whole, 5, 0, 56, true));
        byte[] b = fragment(whole, 5, 56, 108 - 56, false);
        b[54] = 17;
        deliver(b);
        deliver(a);
        assertEquals(List.of("129/0/" + 0x12000001), sentIcmp());
    }

    /** Puts an empty destination options header between the fixed header and the fragment header. */
    static byte[] withDestinationOptions(byte[] f) {
        byte[] g = new byte[f.length + 8];
        System.arraycopy(f, 0, g, 0, 54);
        g[54] = 44;
        g[56] = 1;
        g[57] = 4;
        System.arraycopy(f, 54, g, 62, f.length - 54);
        g[20] = 60;
        Bytes.put16(g, 18, Bytes.u16(f, 18) + 8);
        return g;
    }

    @Test
    void overlappingFragmentsDiscardTheWholePacketSilentlyAndTheRestOfIt() {
        byte[] whole = echoRequest(peer, ll, 1600, 3);
        deliver(fragment(whole, 9, 0, 800, true));
        deliver(fragment(whole, 9, 792, 800, true));
        deliver(fragment(whole, 9, 1592, 16, false));
        deliver(fragment(whole, 9, 800, 792, true));
        assertEquals(List.of(), board.port.sent);
        assertEquals(1, reassembly.drops(Reassembly.DROP_OVERLAP));
        assertEquals(2, reassembly.drops(Reassembly.DROP_DISCARDED));
        assertEquals(0, reassembly.reassembledCount());
        assertEquals(0, reassembly.activeCount(), "the slot is free at once");
        advance(61_000);
        assertEquals(List.of(), sentIcmp(), "no time exceeded for a discarded packet");
        // 60 s after its first fragment the key is forgotten: the same identification starts afresh.
        deliver(fragment(whole, 9, 0, 800, true));
        deliver(fragment(whole, 9, 800, 808, false));
        assertEquals(1, reassembly.reassembledCount());
    }

    @Test
    void discardedPacketsDoNotHoldTheSlots() {
        // Two pings too big for a slot (ping -s 2001), then one that fits: answered.
        for (int id = 30; id < 32; id++) {
            byte[] big = echoRequest(peer, ll, 2001, id);
            deliver(fragment(big, id, 0, 1448, true));
            deliver(fragment(big, id, 1448, 2009 - 1448, false));
        }
        assertEquals(2, reassembly.drops(Reassembly.DROP_TOO_BIG));
        assertEquals(0, reassembly.activeCount());
        byte[] whole = echoRequest(peer, ll, 1600, 32);
        deliver(fragment(whole, 32, 0, 1448, true));
        deliver(fragment(whole, 32, 1448, 1608 - 1448, false));
        assertEquals(129, reassembleSent(board.port.sent, 1500)[40] & 0xFF);
    }

    @Test
    void anExactDuplicateIsTolerated() {
        byte[] whole = echoRequest(peer, ll, 1600, 4);
        deliver(fragment(whole, 10, 0, 800, true));
        deliver(fragment(whole, 10, 0, 800, true));
        deliver(fragment(whole, 10, 800, 808, false));
        assertEquals(1, reassembly.drops(Reassembly.DROP_DUPLICATE));
        assertEquals(1, reassembly.reassembledCount());
        assertEquals(129, reassembleSent(board.port.sent, 1500)[40] & 0xFF);
    }

    @Test
    void fragmentsOfDifferentSourcesOrIdentificationsAreKeptApart() {
        byte[] one = echoRequest(peer, ll, 1600, 5);
        byte[] two = echoRequest(peer, ll, 1600, 6);
        deliver(fragment(one, 1, 0, 800, true));
        deliver(fragment(two, 2, 800, 808, false));
        deliver(fragment(one, 1, 800, 808, false));
        deliver(fragment(two, 2, 0, 800, true));
        assertEquals(2, reassembly.reassembledCount());
        assertEquals(4, board.port.sent.size());
        // A third at once finds no slot (two by default): dropped and counted.
        deliver(fragment(one, 3, 0, 800, true));
        deliver(fragment(one, 4, 0, 800, true));
        deliver(fragment(echoRequest(other, ll, 1600, 7), 3, 0, 800, true));
        assertEquals(1, reassembly.drops(Reassembly.DROP_NO_SLOT));
    }

    /**
     * An echo request whose payload starts with a 16-byte destination options header (a PadN of 12 bytes), so that
     * the header chain runs 24 bytes into the fragmentable part: ICMPv6 begins at its byte 16.
     */
    static byte[] echoWithDestinationOptions(byte[] src, byte[] dst, int dataLength, int seed) {
        byte[] echo = echoRequest(src, dst, dataLength, seed);
        int icmp = echo.length - 54;
        byte[] payload = new byte[16 + icmp];
        payload[0] = 58;
        payload[1] = 1;
        payload[2] = 1;
        payload[3] = 12;
        System.arraycopy(echo, 54, payload, 16, icmp);
        return Ip6FuzzTest.frame(Ip6FuzzTest.MAC, src, dst, 64, 60, payload);
    }

    @Test
    void aFirstFragmentWithoutTheWholeHeaderChainDiscardsThePacketWithAParameterProblem() {
        // RFC 7112 §5: 8 bytes of the 16-byte destination options header in the first fragment, the rest and the
        // ICMPv6 header in the second. Parameter problem code 3, pointer 0; the second fragment completes nothing.
        byte[] whole = echoWithDestinationOptions(peer, ll, 100, 12);
        int payload = whole.length - 54;
        deliver(fragment(whole, 21, 0, 8, true));
        deliver(fragment(whole, 21, 8, payload - 8, false));
        assertEquals(List.of("4/3/0"), sentIcmp());
        assertEquals(1, reassembly.drops(Reassembly.DROP_INCOMPLETE_CHAIN));
        assertEquals(1, reassembly.drops(Reassembly.DROP_DISCARDED), "the second fragment of the discarded packet");

        // The same packet with the chain and the ICMPv6 header in its first fragment is reassembled and answered.
        board.port.sent.clear();
        deliver(fragment(whole, 22, 0, 24, true));
        deliver(fragment(whole, 22, 24, payload - 24, false));
        assertEquals(List.of("129/0/" + 0x12000001), sentIcmp());
    }

    @Test
    void theHeaderChainCheckFollowsEachExtensionHeaderToTheUpperLayer() {
        byte[] b = new byte[64];
        b[0] = 43;
        b[1] = 0;
        b[8] = 17;
        b[9] = 1;
        // destination options (8 bytes) -> routing (16 bytes) -> UDP, which needs 8 bytes: from byte 24.
        assertTrue(Reassembly.chainComplete(b, 60, 0, 32));
        assertTrue(!Reassembly.chainComplete(b, 60, 0, 31));
        assertTrue(!Reassembly.chainComplete(b, 60, 0, 20), "the routing header cut");
        assertTrue(!Reassembly.chainComplete(b, 60, 0, 1), "not even the first header's length");
        assertTrue(Reassembly.chainComplete(b, 59, 0, 0), "no next header");
        assertTrue(Reassembly.chainComplete(b, 50, 0, 0), "ESP: what follows cannot be read");
        assertTrue(Reassembly.chainComplete(b, 58, 0, 4) && !Reassembly.chainComplete(b, 58, 0, 3), "ICMPv6: 4 bytes");
        assertTrue(Reassembly.chainComplete(b, 6, 0, 20) && !Reassembly.chainComplete(b, 6, 0, 19), "TCP: 20 bytes");
        byte[] loop = new byte[80];
        for (int k = 0; k < 10; k++) {
            loop[8 * k] = 60;
        }
        assertTrue(!Reassembly.chainComplete(loop, 60, 0, 80), "more than eight extension headers");
    }

    @Test
    void aMoreFragmentsLengthNotAMultipleOf8GetsAParameterProblemAtThePayloadLength() {
        byte[] whole = echoRequest(peer, ll, 1600, 8);
        deliver(fragment(whole, 11, 0, 801, true));
        assertEquals(List.of("4/0/4"), sentIcmp());
        assertEquals(1, reassembly.drops(Reassembly.DROP_BAD_LENGTH));
    }

    @Test
    void aFragmentReachingBeyond65535GetsAParameterProblemAtTheFragmentOffset() {
        byte[] whole = echoRequest(peer, ll, 1600, 9);
        byte[] f = fragment(whole, 12, 0, 800, false);
        Bytes.put16(f, 56, 65000);
        deliver(f);
        assertEquals(List.of("4/0/42"), sentIcmp());
        assertEquals(1, reassembly.drops(Reassembly.DROP_BEYOND_65535));
    }

    @Test
    void aTimeoutSendsTimeExceededOnlyWhenTheFirstFragmentArrived() {
        byte[] one = echoRequest(peer, ll, 1600, 10);
        byte[] two = echoRequest(peer, ll, 1600, 11);
        deliver(fragment(one, 13, 0, 800, true));
        deliver(fragment(two, 14, 800, 808, false));
        advance(59_000);
        assertEquals(List.of(), sentIcmp());
        advance(2_000);
        assertEquals(List.of("3/1/0"), sentIcmp());
        byte[] te = board.port.sent.stream().filter(f -> (f[54] & 0xFF) == 3).findFirst().orElseThrow();
        // It quotes the first fragment: its fragment header with identification 13.
        assertEquals(44, te[62 + 6]);
        assertEquals(13, Bytes.u32(te, 62 + 40 + 4));
        assertEquals(2, reassembly.drops(Reassembly.DROP_TIMEOUT));
        assertEquals(0, reassembly.activeCount());
    }

    @Test
    void aPacketTooBigForTheSlotIsDroppedAndCounted() {
        byte[] whole = echoRequest(peer, ll, 2100, 12);
        deliver(fragment(whole, 15, 0, 1200, true));
        deliver(fragment(whole, 15, 1200, 2108 - 1200, false));
        assertEquals(1, reassembly.drops(Reassembly.DROP_TOO_BIG));
        assertEquals(List.of(), board.port.sent);
    }

    @Test
    void aFragmentHeaderInsideAReassembledPacketIsDropped() {
        // The reassembled payload starts with another (non-atomic) fragment header.
        byte[] inner = fragment(echoRequest(peer, ll, 1600, 13), 99, 0, 1600, true);
        byte[] whole = Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 44, java.util.Arrays.copyOfRange(inner, 54,
            inner.length));
        int payload = whole.length - 54;
        deliver(fragment(whole, 16, 0, 800, true));
        deliver(fragment(whole, 16, 800, payload - 800, false));
        assertEquals(1, reassembly.reassembledCount());
        assertEquals(1, ip6.drops(Ip6.DROP_FRAGMENT));
        assertEquals(List.of(), board.port.sent);
    }

    @Test
    void anAtomicFragmentIsProcessedAsItIs() {
        byte[] whole = echoRequest(peer, ll, 8, 14);
        deliver(fragment(whole, 17, 0, 16, false));
        assertEquals(List.of("129/0/" + 0x12000001), sentIcmp());
        assertEquals(0, reassembly.fragmentCount());
    }

    @Test
    void aUdpDatagramAboveTheMtuArrivesWholeAndOneOfOursGoesOutInFragments() {
        socket.bind(7);
        byte[] data = new byte[1800];
        new Random(15).nextBytes(data);
        byte[] upper = new byte[8 + data.length];
        Bytes.put16(upper, 0, 5060);
        Bytes.put16(upper, 2, 7);
        Bytes.put16(upper, 4, upper.length);
        System.arraycopy(data, 0, upper, 8, data.length);
        byte[] whole = Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 17, upper);
        deliver(fragment(whole, 20, 1448, upper.length - 1448, false));
        deliver(fragment(whole, 20, 0, 1448, true));
        byte[] got = new byte[4096];
        assertEquals(1800, socket.receive(got, 0, got.length));
        assertArrayEquals(data, java.util.Arrays.copyOf(got, 1800));

        assertTrue(socket.send(peer, 0, 5060, data, 0, data.length));
        byte[] sent = reassembleSent(board.port.sent, 1500);
        assertEquals(17, sent[6]);
        assertTrue(InternetChecksum.isValid(sent, 0, 40, sent.length - 40, 17));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(sent, 48, sent.length));
        assertEquals(2, ip6.fragmentsSentCount());
    }

    @Test
    void anErrorQuotingTheFirstFragmentOfOursReachesTheSocket() {
        socket.bind(7);
        byte[] data = new byte[1800];
        assertTrue(socket.send(peer, 0, 5060, data, 0, data.length));
        byte[] first = board.port.sent.stream().filter(f -> (f[20] & 0xFF) == 44 && (Bytes.u16(f, 56) & 0xFFF8) == 0)
            .findFirst().orElseThrow();
        byte[] quote = java.util.Arrays.copyOfRange(first, 14, 14 + 1000);
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, Ip6FuzzTest.cat(
            NdOptionTest.b(1, 4, 0, 0, 0, 0, 0, 0), quote)));
        assertEquals(1, socket.errorCount());
        assertEquals(1, socket.lastErrorType());
        assertEquals(4, socket.lastErrorCode());
        assertEquals(5060, socket.lastErrorPort());
    }

    @Test
    void whenThePoolCannotGiveEveryFragmentNothingIsSent() {
        List<Packet> held = new ArrayList<>();
        while (network.ethernet().pool().freeCount() > 1) {
            held.add(ip6.acquire());
        }
        byte[] data = new byte[1800];
        socket.bind(7);
        socket.send(peer, 0, 5060, data, 0, data.length);
        assertEquals(List.of(), board.port.sent);
        assertEquals(1, ip6.drops(Ip6.DROP_FRAGMENTS_NO_BUFFER));
        assertEquals(1, network.ethernet().pool().freeCount(), "the one frame taken was given back");
        for (Packet p : held) {
            ip6.release(p);
        }
        socket.send(peer, 0, 5060, data, 0, data.length);
        assertEquals(2, board.port.sent.size(), "the output buffer was given back too");
    }

    @Test
    void theFragmentsOfADatagramWaitTogetherForAddressResolution() {
        byte[] data = new byte[1800];
        new Random(16).nextBytes(data);
        socket.bind(7);
        assertTrue(socket.send(other, 0, 5060, data, 0, data.length));
        assertEquals(1, board.port.sent.size());
        assertEquals(135, board.port.sent.get(0)[54] & 0xFF, "a neighbour solicitation, the datagram waits");
        board.port.sent.clear();
        // The neighbour answers (solicited, override, TLLA).
        deliver(Ip6FuzzTest.frame(Ip6FuzzTest.MAC, other, ll, 255, 58, Ip6FuzzTest.cat(
            NdOptionTest.b(136, 0, 0, 0, 0x60, 0, 0, 0), other, NdOptionTest.b(2, 1, 2, 0, 0, 0, 0, 0x20))));
        byte[] sent = reassembleSent(board.port.sent, 1500);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(sent, 48, sent.length));
    }

    @Test
    void aPacketTooBigLowersTheMtuForTenMinutesButNeverBelow1280() {
        socket.bind(7);
        byte[] data = new byte[1400];
        assertTrue(socket.send(peer, 0, 5060, data, 0, data.length));
        byte[] ours = board.port.sent.get(0);
        assertEquals(17, ours[20], "1448 bytes go whole at MTU 1500");
        board.port.sent.clear();
        // A router says 1000: taken as 1280 (RFC 8200 §5).
        byte[] quote = java.util.Arrays.copyOfRange(ours, 14, 14 + 1000);
        byte[] ptb = Ip6FuzzTest.frame(Ip6FuzzTest.MAC, peer, ll, 64, 58, Ip6FuzzTest.cat(
            NdOptionTest.b(2, 0, 0, 0, 0, 0, 0x03, 0xE8), quote));
        deliver(ptb);
        assertEquals(1280, ip6.mtu());
        assertTrue(socket.send(peer, 0, 5060, data, 0, data.length));
        byte[] sent = reassembleSent(board.port.sent, 1280);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(sent, 48, sent.length));
        advance(599_000);
        assertEquals(1280, ip6.mtu());
        advance(2_000);
        assertEquals(1500, ip6.mtu());
        // A Packet Too Big quoting a packet that is not ours changes nothing.
        System.arraycopy(other, 0, ptb, 62 + 8, 16);
        InternetChecksum.setUpperLayer(ptb, 14, 54, ptb.length - 54, 58, 56, false);
        deliver(ptb);
        assertEquals(1500, ip6.mtu());
    }
}
