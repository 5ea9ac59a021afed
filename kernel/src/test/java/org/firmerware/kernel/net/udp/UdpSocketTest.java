package org.firmerware.kernel.net.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receive queue of a socket: datagrams copied into its own buffer, in order, with drops when it is full. */
class UdpSocketTest {

    /** A packet image: source address at 8, payload at 48. */
    static byte[] packet(int sourceLastByte, byte[] payload) {
        byte[] b = new byte[48 + payload.length];
        b[8] = (byte) 0xfe;
        b[9] = (byte) 0x80;
        b[23] = (byte) sourceLastByte;
        System.arraycopy(payload, 0, b, 48, payload.length);
        return b;
    }

    static boolean put(UdpSocket s, int source, int port, byte[] payload) {
        return s.enqueue(packet(source, payload), 8, port, 48, payload.length, false);
    }

    @Test
    void datagramsComeOutInOrderWithTheirSenders() {
        UdpSocket s = new UdpSocket(null, 3, 32);
        assertTrue(put(s, 1, 1000, "one".getBytes()));
        assertTrue(put(s, 2, 2000, "two".getBytes()));
        byte[] out = new byte[16];
        assertEquals(3, s.receive(out, 0, out.length));
        assertEquals("one", new String(out, 0, 3));
        assertEquals(1000, s.lastSourcePort());
        byte[] src = new byte[16];
        s.lastSource(src, 0);
        assertEquals(1, src[15]);
        assertEquals(3, s.receive(out, 0, 2) + 1, "cut to max");
        assertEquals(-1, s.receive(out, 0, out.length));
    }

    @Test
    void fullBySlotsOrBytesDropsAndCounts() {
        UdpSocket s = new UdpSocket(null, 2, 20);
        assertTrue(put(s, 1, 1, new byte[8]));
        assertTrue(put(s, 1, 1, new byte[8]));
        assertFalse(put(s, 1, 1, new byte[1]), "no slot");
        s.receive(new byte[8], 0, 8);
        assertFalse(put(s, 1, 1, new byte[13]), "no room: 8 used of 20, 12 free but not contiguous enough");
        assertTrue(put(s, 1, 1, new byte[4]));
        assertEquals(2, s.droppedCount());
        assertFalse(put(s, 1, 1, new byte[21]), "larger than the buffer");
    }

    @Test
    void theRingWrapsWithoutCorruptingPayloads() {
        UdpSocket s = new UdpSocket(null, 4, 50);
        Random random = new Random(768);
        java.util.ArrayDeque<byte[]> expected = new java.util.ArrayDeque<>();
        byte[] out = new byte[64];
        for (int i = 0; i < 10_000; i++) {
            if (random.nextBoolean()) {
                byte[] p = new byte[random.nextInt(30)];
                random.nextBytes(p);
                if (put(s, 1, 1, p)) {
                    expected.add(p);
                }
            } else {
                int n = s.receive(out, 0, out.length);
                if (expected.isEmpty()) {
                    assertEquals(-1, n);
                } else {
                    assertArrayEquals(expected.poll(), Arrays.copyOf(out, n));
                }
            }
        }
        assertTrue(s.receivedCount() > 1000 && s.droppedCount() > 0);
    }
}
