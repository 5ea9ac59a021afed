package org.firmerware.top.sip.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 3550 Appendix A.1, A.3 and A.8 on constructed arrivals. */
class ReceptionStatisticsTest {

    private final ReceptionStatistics s = new ReceptionStatistics();

    @Test
    void constantTransitHasNoJitter() {
        for (int i = 0; i < 100; i++) {
            s.update(7, i, 1000 + 160 * i, 5000 + 160 * i, true);
        }
        assertEquals(0, s.jitter());
        assertEquals(100, s.expected());
        assertEquals(0, s.cumulativeLost());
        assertEquals(99, s.extendedMax());
    }

    @Test
    void jitterFollowsTheEstimatorOfA8() {
        // Arrivals alternate 0 and 80 ticks late: |D| = 80 every packet after the first.
        double j = 0;
        int lastTransit = 0;
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            int delay = r.nextInt(240);
            int ts = 160 * i;
            int arrival = 10_000 + ts + delay;
            s.update(1, i, ts, arrival, true);
            int transit = arrival - ts;
            if (i > 0) {
                j += (Math.abs(transit - lastTransit) - j) / 16;
            }
            lastTransit = transit;
        }
        assertTrue(Math.abs(s.jitter() - j) <= 1, "ours " + s.jitter() + ", A.8 in floating point " + j);
        assertTrue(s.jitter() > 50, "jitter " + s.jitter());
    }

    @Test
    void lossAndTheFractionLostPerInterval() {
        for (int i = 0; i < 100; i++) {
            if (i % 10 != 3) {
                s.update(1, i, 160 * i, 160 * i, true);
            }
        }
        assertEquals(100, s.expected());
        assertEquals(10, s.cumulativeLost());
        assertEquals(10 * 256 / 100, s.takeFractionLost());
        for (int i = 100; i < 200; i++) {
            s.update(1, i, 160 * i, 160 * i, true);
        }
        assertEquals(0, s.takeFractionLost(), "nothing lost in the second interval");
        assertEquals(10, s.cumulativeLost());
    }

    @Test
    void duplicatesMakeTheCountNegativeAndTheFractionZero() {
        for (int i = 0; i < 10; i++) {
            s.update(1, i, 0, 0, true);
            s.update(1, i, 0, 0, true);
        }
        assertEquals(-10, s.cumulativeLost());
        assertEquals(0, s.takeFractionLost());
    }

    @Test
    void cyclesCountWrapsOfTheSequenceNumber() {
        for (int i = 65530; i < 65536 + 10; i++) {
            s.update(1, i & 0xFFFF, 0, 0, true);
        }
        assertEquals(65536 + 9, s.extendedMax());
        assertEquals(16, s.expected());
        assertEquals(0, s.cumulativeLost());
    }

    @Test
    void aBigJumpIsIgnoredUntilTheSourceProvesItRestarted() {
        s.update(1, 10, 0, 0, true);
        s.update(1, 11, 0, 0, true);
        assertFalse(s.update(1, 20_000, 0, 0, true), "a jump of 20 000");
        assertTrue(s.update(1, 20_001, 0, 0, true), "the next in sequence after it: a restart");
        assertEquals(20_001, s.extendedMax());
        assertEquals(1, s.expected());
    }

    @Test
    void eventsCountForLossButNotForJitter() {
        s.update(1, 0, 0, 0, true);
        s.update(1, 1, 0, 5000, false);
        s.update(1, 2, 320, 320, true);
        assertEquals(0, s.jitter());
        assertEquals(3, s.received());
    }
}
