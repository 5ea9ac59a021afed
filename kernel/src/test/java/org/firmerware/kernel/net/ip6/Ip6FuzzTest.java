package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Entropy;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Hook;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.LogPort;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.bottom.hal.Sizes;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.bottom.hal.WallClock;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.net.udp.UdpSocket;
import org.firmerware.kernel.testing.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * The whole IPv6 receive path under mutated and truncated packets from a fixed-seed generator: never an exception,
 * and no frame buffer lost from the pool.
 */
class Ip6FuzzTest {

    static final byte[] MAC = {2, 0, 0, 0, 0, 1};
    static final byte[] PEER_MAC = {2, 0, 0, 0, 0, 0x10};

    static final class Port implements NetworkPort {
        final Deque<byte[]> incoming = new ArrayDeque<>();
        final List<byte[]> sent = new ArrayList<>();

        @Override public int maxFrameLength() { return 1518; }
        @Override public void macAddress(byte[] dst, int off) { System.arraycopy(MAC, 0, dst, off, 6); }
        @Override public boolean isOnline() { return true; }
        @Override public boolean canSend() { return true; }
        @Override public boolean send(byte[] frame, int off, int len) {
            sent.add(Arrays.copyOfRange(frame, off, off + len));
            return true;
        }
        @Override public int receive(byte[] dst, int off, int max) {
            byte[] f = incoming.poll();
            if (f == null) {
                return 0;
            }
            int n = Math.min(f.length, max);
            System.arraycopy(f, 0, dst, off, n);
            return n;
        }
        @Override public int droppedFrames() { return 0; }
    }

    static final class TestBoard implements Board {
        final ManualClock clock = new ManualClock(1000);
        final Port port = new Port();
        final Sizes sizes = new Sizes();
        final Random noise = new Random(7527);

        @Override public String name() { return "test"; }
        @Override public Sizes sizes() { return sizes; }
        @Override public Cpu cpu() { return clock; }
        @Override public Clock clock() { return clock; }
        @Override public WallClock wallClock() { return null; }
        @Override public Leds leds() { return null; }
        @Override public Buttons buttons() { return null; }
        @Override public Hook hook() { return null; }
        @Override public Display display() { return null; }
        @Override public Sound sound() { return null; }
        @Override public NetworkPort network() { return port; }
        @Override public Flash flash() { return null; }
        @Override public Entropy entropy() {
            return (dst, off, len) -> {
                for (int i = 0; i < len; i++) {
                    dst[off + i] = (byte) noise.nextInt();
                }
                return len;
            };
        }
        @Override public org.firmerware.bottom.hal.Watchdog watchdog() { return null; }
        @Override public LogPort logPort() { return null; }
        @Override public void attach(Upcalls upcalls) { }
    }

    final TestBoard board = new TestBoard();
    final Kernel kernel = new Kernel(board);
    final Network network = new Network(kernel);
    final Ip6 ip6 = new Ip6(network);
    final Udp udp = new Udp(ip6);
    final UdpSocket echo = udp.socket(2048);

    /** Moves time on by {@code ms} and runs every event and timer that becomes due. */
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

    static byte[] frame(byte[] dstMac, byte[] src, byte[] dst, int hopLimit, int next, byte[] upper) {
        byte[] f = new byte[14 + 40 + upper.length];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(PEER_MAC, 0, f, 6, 6);
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xDD;
        Ip6Header.write(f, 14, upper.length, next, hopLimit, src, 0, dst, 0);
        System.arraycopy(upper, 0, f, 54, upper.length);
        if (next == 58 && upper.length >= 4) {
            InternetChecksum.setUpperLayer(f, 14, 54, upper.length, 58, 56, false);
        } else if (next == 17 && upper.length >= 8) {
            InternetChecksum.setUpperLayer(f, 14, 54, upper.length, 17, 60, true);
        }
        return f;
    }

    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void mutatedAndTruncatedPacketsNeverThrowAndNeverLeakBuffers() {
        echo.bind(7);
        byte[] ll = Ip6AddressTest.a("fe80::ff:fe00:1");
        byte[] peer = Ip6AddressTest.a("fe80::10");
        byte[] allNodes = Ip6AddressTest.a("ff02::1");
        byte[] allNodesMac = {0x33, 0x33, 0, 0, 0, 1};
        advance(3000);
        assertEquals(InterfaceAddresses.PREFERRED, ip6.addresses().state(InterfaceAddresses.LINK_LOCAL));

        byte[] prefix = cat(NdOptionTest.b(3, 4, 64, 0xC0, 0, 1, 0x51, 0x80, 0, 0, 0x38, 0x40, 0, 0, 0, 0),
            Ip6AddressTest.a("2001:db8:1::"));
        byte[] ra = frame(allNodesMac, peer, allNodes, 255, 58, cat(NdOptionTest.b(134, 0, 0, 0, 64, 0, 7, 8, 0, 0,
            0, 0, 0, 0, 0, 0), NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10), NdOptionTest.b(5, 1, 0, 0, 0, 0, 5, 0xc8),
            prefix, NdOptionTest.b(25, 3, 0, 0, 0, 0, 1, 0), Ip6AddressTest.a("2001:db8:1::53"),
            NdOptionTest.b(31, 2, 0, 0, 0, 0, 1, 0, 3, 'a', 'b', 'c', 2, 'd', 'e', 0)));
        deliver(ra);
        advance(3000);
        assertTrue(ip6.addresses().globalAddress() > 0, "SLAAC formed the global address");

        byte[][] seeds = {
            ra,
            frame(MAC, peer, ll, 255, 58, cat(NdOptionTest.b(135, 0, 0, 0, 0, 0, 0, 0), ll,
                NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10))),
            frame(MAC, peer, ll, 255, 58, cat(NdOptionTest.b(136, 0, 0, 0, 0x60, 0, 0, 0), peer,
                NdOptionTest.b(2, 1, 2, 0, 0, 0, 0, 0x10))),
            frame(MAC, peer, ll, 64, 58, NdOptionTest.b(128, 0, 0, 0, 1, 2, 0, 1, 'h', 'i')),
            frame(MAC, peer, ll, 64, 17, NdOptionTest.b(0x13, 0x88, 0, 7, 0, 11, 0, 0, 'a', 'b', 'c')),
            frame(MAC, peer, ll, 64, 17, NdOptionTest.b(0x13, 0x88, 0, 9, 0, 11, 0, 0, 'a', 'b', 'c')),
            frame(MAC, peer, ll, 64, 0, NdOptionTest.b(60, 0, 1, 4, 0, 0, 0, 0, 58, 0, 0xC2, 4, 0, 0, 0, 0, 128, 0,
                0, 0, 0, 0, 0, 0)),
            frame(MAC, peer, ll, 64, 43, NdOptionTest.b(44, 0, 0, 1, 0, 0, 0, 0, 58, 0, 0, 1, 0, 0, 0, 1, 128, 0, 0,
                0, 0, 0, 0, 0)),
            frame(allNodesMac, peer, allNodes, 1, 0, cat(NdOptionTest.b(58, 0, 5, 2, 0, 0, 1, 0),
                NdOptionTest.b(130, 0, 0, 0, 0x83, 0xe8, 0, 0), new byte[16], NdOptionTest.b(2, 125, 0, 0))),
        };
        Random random = new Random(8200);
        for (int i = 0; i < 20_000; i++) {
            byte[] f = seeds[random.nextInt(seeds.length)].clone();
            if (random.nextInt(4) == 0) {
                f = Arrays.copyOf(f, 14 + random.nextInt(f.length - 13));
            }
            int flips = f.length > 14 ? random.nextInt(8) : 0;
            for (int k = 0; k < flips; k++) {
                int at = 14 + random.nextInt(f.length - 14);
                f[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : f[at] ^ (1 << random.nextInt(8)));
            }
            if (random.nextInt(8) == 0 && f.length >= 54) {
                // Keep the checksum right so that the message reaches the option parsers.
                int next = f[20] & 0xFF;
                int len = Math.min(f.length - 54, (f[18] & 0xFF) << 8 | f[19] & 0xFF);
                if (next == 58 && len >= 4) {
                    InternetChecksum.setUpperLayer(f, 14, 54, len, 58, 56, false);
                }
            }
            deliver(f);
            byte[] buffer = new byte[2048];
            while (echo.receive(buffer, 0, buffer.length) >= 0) {
                // drain
            }
            if (i % 50 == 0) {
                advance(100);
            }
        }
        advance(60_000);
        assertTrue(board.port.sent.size() > 100, "the stack kept answering: " + board.port.sent.size());
        network.ethernet().onLinkChanged(false);
        assertEquals(network.pool().size(), network.pool().freeCount(), "every frame buffer is back in the pool");
    }

    /**
     * Random fragments (RFC 8200 §4.5): pieces of echo requests and UDP datagrams up to 2.5 KB cut at random
     * multiples of 8, delivered shuffled, duplicated, overlapping, truncated, with bits flipped and identifications
     * from a small set so that they meet: never an exception, no frame buffer lost, every slot free after the
     * timeout, and a clean fragmented ping answered after it all.
     */
    @Test
    void randomFragmentsNeverThrowAndNeverLeakBuffers() {
        echo.bind(7);
        byte[] ll = Ip6AddressTest.a("fe80::ff:fe00:1");
        byte[] peer = Ip6AddressTest.a("fe80::10");
        advance(3000);
        deliver(frame(MAC, peer, ll, 255, 58, cat(NdOptionTest.b(135, 0, 0, 0, 0, 0, 0, 0), ll,
            NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10))));
        Random random = new Random(5722);
        List<byte[]> pieces = new ArrayList<>();
        for (int round = 0; round < 3000; round++) {
            boolean udpDatagram = random.nextBoolean();
            int length = 8 + random.nextInt(2500);
            byte[] upper = new byte[length];
            random.nextBytes(upper);
            if (udpDatagram) {
                Bytes.put16(upper, 2, 7);
                Bytes.put16(upper, 4, length);
            } else {
                upper[0] = (byte) 128;
                upper[1] = 0;
            }
            byte[] whole = frame(MAC, peer, ll, 64, udpDatagram ? 17 : 58, upper);
            int id = random.nextInt(6);
            boolean mangle = random.nextInt(3) == 0;
            pieces.clear();
            int at = 0;
            while (at < length) {
                int n = Math.min(length - at, 8 * (1 + random.nextInt(200)));
                pieces.add(FragmentTest.fragment(whole, id, at, n, at + n < length));
                at += n;
            }
            if (mangle) {
                int kind = random.nextInt(4);
                byte[] f = pieces.get(random.nextInt(pieces.size())).clone();
                if (kind == 0) {
                    // An overlapping copy shifted by 8.
                    Bytes.put16(f, 56, Bytes.u16(f, 56) + 8);
                } else if (kind == 1) {
                    f = Arrays.copyOf(f, 14 + random.nextInt(f.length - 13));
                } else if (kind == 2) {
                    f[14 + random.nextInt(f.length - 14)] ^= (byte) (1 << random.nextInt(8));
                } else {
                    Bytes.put16(f, 56, random.nextInt(65536));
                }
                pieces.add(random.nextInt(pieces.size() + 1), f);
            }
            java.util.Collections.shuffle(pieces, random);
            if (random.nextInt(4) == 0) {
                pieces.add(pieces.get(random.nextInt(pieces.size())));
            }
            for (byte[] f : pieces) {
                deliver(f);
            }
            byte[] buffer = new byte[4096];
            while (echo.receive(buffer, 0, buffer.length) >= 0) {
                // drain
            }
            if (round % 20 == 0) {
                advance(1000);
            }
        }
        advance(61_000);
        assertEquals(0, ip6.reassembly().activeCount(), "every slot free after the timeout");
        assertTrue(ip6.reassembly().reassembledCount() > 0, "some were reassembled");
        assertTrue(ip6.reassembly().drops(Reassembly.DROP_OVERLAP) > 0, "some overlapped");
        // Afterwards a clean fragmented ping is reassembled and answered in fragments (the peer makes itself known
        // again: it answered none of the probes of neighbour unreachability detection).
        deliver(frame(MAC, peer, ll, 255, 58, cat(NdOptionTest.b(135, 0, 0, 0, 0, 0, 0, 0), ll,
            NdOptionTest.b(1, 1, 2, 0, 0, 0, 0, 0x10))));
        board.port.sent.clear();
        int before = ip6.reassembly().reassembledCount();
        byte[] ping = FragmentTest.echoRequest(peer, ll, 1600, 1);
        deliver(FragmentTest.fragment(ping, 1, 800, 808, false));
        deliver(FragmentTest.fragment(ping, 1, 0, 800, true));
        assertEquals(before + 1, ip6.reassembly().reassembledCount());
        assertEquals(129, FragmentTest.reassembleSent(board.port.sent, 1500)[40] & 0xFF);
        network.ethernet().onLinkChanged(false);
        assertEquals(network.pool().size(), network.pool().freeCount(), "every frame buffer is back in the pool");
    }
}
