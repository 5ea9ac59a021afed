package org.firmerware.top.sip.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitterBufferTest {

    private final JitterBuffer jb = new JitterBuffer(16, 160);
    private final byte[] frame = new byte[160];
    private final byte[] out = new byte[160];

    private boolean put(int seq) {
        frame[0] = (byte) seq;
        frame[1] = (byte) (seq >> 8);
        return jb.put(seq & 0xFFFF, frame, 0, 160);
    }

    /** The sequence number of the frame taken, LOST (-1) or EMPTY (-2). */
    private int take() {
        int r = jb.take(out, 0);
        return r == JitterBuffer.FRAME ? (out[0] & 0xFF | (out[1] & 0xFF) << 8) : r == JitterBuffer.LOST ? -1 : -2;
    }

    @Test
    void inOrderFramesPlayAfterTheTargetDelay() {
        jb.reset(160, 2, 6);
        assertEquals(-2, take(), "nothing before the first packet");
        put(100);
        assertEquals(-2, take(), "buffering: one frame, target two");
        put(101);
        assertEquals(100, take());
        put(102);
        assertEquals(101, take());
        put(103);
        assertEquals(102, take());
        assertEquals(3, jb.playedCount());
    }

    @Test
    void reorderedFramesPlayInOrderAndDuplicatesAndLateOnesAreDropped() {
        jb.reset(160, 2, 6);
        put(11);
        put(10);
        assertEquals(10, take());
        put(13);
        put(12);
        assertFalse(put(12), "duplicate");
        assertEquals(11, take());
        assertEquals(12, take());
        assertFalse(put(11), "late: already played");
        assertEquals(13, take());
        assertEquals(1, jb.duplicateCount());
        assertEquals(1, jb.lateCount());
    }

    @Test
    void aMissingFrameWithLaterOnesIsLostAndPlayoutMovesOn() {
        jb.reset(160, 1, 6);
        put(1);
        assertEquals(1, take());
        put(3);
        assertEquals(-1, take(), "2 is lost");
        assertEquals(3, take());
        assertEquals(1, jb.lostCount());
        assertFalse(put(2), "2 arriving now is late");
    }

    @Test
    void anUnderrunWaitsForTheFrameAndSoGrowsTheDelay() {
        jb.reset(160, 1, 6);
        put(1);
        assertEquals(1, take());
        assertEquals(-1, take(), "underrun: conceal");
        assertEquals(1, jb.underrunCount());
        put(2);
        put(3);
        assertEquals(2, take(), "2 was late but not lost: it plays");
        assertEquals(3, take());
        assertEquals(0, jb.lostCount());
    }

    @Test
    void aStoppedStreamBuffersAgain() {
        jb.reset(160, 2, 6);
        put(1);
        put(2);
        assertEquals(1, take());
        assertEquals(2, take());
        for (int i = 0; i < JitterBuffer.MAX_UNDERRUNS; i++) {
            assertEquals(-1, take());
        }
        assertFalse(jb.isPlaying());
        put(500);
        assertEquals(-2, take(), "buffering again");
        put(501);
        assertEquals(500, take());
    }

    @Test
    void theTargetFollowsTheJitterAndExcessDelayIsShed() {
        jb.reset(160, 1, 6);
        assertEquals(1, jb.targetFrames());
        jb.setJitter(160);
        assertEquals(4, jb.targetFrames(), "1 + ceil(3 * 160 / 160)");
        jb.setJitter(10_000);
        assertEquals(6, jb.targetFrames(), "at most the maximum");
        jb.setJitter(0);
        // Ten frames arrive at once: the delay is too long; one frame is dropped every SHRINK_TAKES takes.
        int seq = 0;
        for (; seq < 10; seq++) {
            put(seq);
        }
        for (int i = 0; i < 3 * JitterBuffer.SHRINK_TAKES; i++) {
            take();
            put(seq++);
        }
        assertTrue(jb.shrinkCount() >= 2, "shrunk " + jb.shrinkCount());
        assertTrue(jb.depth() <= 9, "depth " + jb.depth());
    }

    @Test
    void sequenceNumbersWrapAround() {
        jb.reset(160, 1, 6);
        put(65534);
        assertEquals(65534, take());
        put(65535);
        put(0);
        put(1);
        assertEquals(65535, take());
        assertEquals(0, take());
        assertEquals(1, take());
    }

    @Test
    void aJumpRestartsTheBuffer() {
        jb.reset(160, 1, 6);
        put(1);
        assertEquals(1, take());
        put(1000);
        assertEquals(1, jb.restartCount());
        assertEquals(1000 & 0xFF, take() & 0xFF);
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(12, 160));
    }
}
