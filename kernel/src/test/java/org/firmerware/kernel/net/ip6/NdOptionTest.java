package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NdOptionTest {

    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void wellFormedOptionsFillTheSpaceExactly() {
        byte[] ok = b(1, 1, 2, 0, 0, 0, 0, 1, 14, 1, 9, 9, 9, 9, 9, 9);
        assertTrue(NdOption.wellFormed(ok, 0, ok.length));
        assertTrue(NdOption.wellFormed(ok, 0, 0), "no options");
        assertEquals(0, NdOption.find(ok, 0, ok.length, NdOption.SOURCE_LINK_LAYER));
        assertEquals(8, NdOption.find(ok, 0, ok.length, NdOption.NONCE));
        assertEquals(-1, NdOption.find(ok, 0, ok.length, NdOption.MTU));
        assertEquals(8, NdOption.next(ok, 0, ok.length));
        assertEquals(16, NdOption.next(ok, 8, ok.length));
    }

    @Test
    void zeroLengthTruncationAndOverrunAreRejected() {
        assertFalse(NdOption.wellFormed(b(1, 0, 0, 0, 0, 0, 0, 0), 0, 8), "length 0 (RFC 4861 4.6)");
        assertFalse(NdOption.wellFormed(b(1, 2, 0, 0, 0, 0, 0, 0), 0, 8), "longer than the message");
        assertFalse(NdOption.wellFormed(b(1, 1, 0, 0, 0, 0, 0, 0, 5), 0, 9), "a single trailing byte");
        assertEquals(-1, NdOption.find(b(1, 0, 0, 0, 0, 0, 0, 0), 0, 8, NdOption.MTU));
        assertEquals(8, NdOption.next(b(1, 0, 0, 0, 0, 0, 0, 0), 0, 8), "a zero length ends the walk");
    }

    @Test
    void garbageNeverThrowsAndNeverLeadsOutOfBounds() {
        Random random = new Random(4861);
        for (int i = 0; i < 100_000; i++) {
            byte[] g = new byte[random.nextInt(64)];
            random.nextBytes(g);
            int off = g.length == 0 ? 0 : random.nextInt(g.length);
            int end = off + random.nextInt(g.length - off + 1);
            boolean ok = NdOption.wellFormed(g, off, end);
            int at = NdOption.find(g, off, end, random.nextInt(32));
            assertTrue(at == -1 || (at >= off && at + NdOption.length(g, at) <= end));
            if (ok) {
                int steps = 0;
                for (int o = off; o < end; o = NdOption.next(g, o, end)) {
                    assertTrue(++steps <= 8, "bounded walk");
                }
            }
        }
    }

    @Test
    void mldMaximumResponseCodes() {
        assertEquals(1000, Mld.maxResponseDelayMs(1000));
        assertEquals(32767, Mld.maxResponseDelayMs(32767));
        assertEquals(0x1000 << 3, Mld.maxResponseDelayMs(0x8000), "exp 0, mant 0");
        assertEquals(0x1FFF << 10, Mld.maxResponseDelayMs(0xFFFF), "exp 7, mant fff (RFC 3810 5.1.3)");
    }
}
