package org.firmerware.top.sip.media;

/**
 * Packet loss concealment at the sample level, our own simple design: a lost frame is the last good frame played
 * again, faded from the gain of the frame before to a gain that falls with each loss in a row (0.75, 0.5, 0.25, then
 * silence), so a single loss is barely heard and a long gap fades out instead of buzzing. For G.711 this is the whole
 * concealment; for G.722 the decoder's state simply continues with the next frame received (its adaptive predictor
 * and scale factors recover within a few milliseconds). Allocation: one frame of history, at init.
 */
public final class Concealment {

    private static final int[] GAINS_Q15 = {32768, 24576, 16384, 8192, 0};

    private final short[] last;
    private int lastLength;
    private int lostInARow;
    private int concealed;

    /** @param maxFrame the longest frame, in samples */
    public Concealment(int maxFrame) {
        last = new short[maxFrame];
    }

    /** Forgets the history (a new call). */
    public void reset() {
        lastLength = 0;
        lostInARow = 0;
    }

    /** Remembers a good frame (after it was decoded). */
    public void remember(short[] pcm, int off, int n) {
        int len = Math.min(n, last.length);
        System.arraycopy(pcm, off, last, 0, len);
        lastLength = len;
        lostInARow = 0;
    }

    /** Fills a lost frame of {@code n} samples. */
    public void conceal(short[] dst, int off, int n) {
        concealed++;
        int from = GAINS_Q15[Math.min(lostInARow, GAINS_Q15.length - 1)];
        lostInARow++;
        int to = GAINS_Q15[Math.min(lostInARow, GAINS_Q15.length - 1)];
        for (int i = 0; i < n; i++) {
            int s = lastLength == 0 ? 0 : last[i % lastLength];
            long gain = from + (long) (to - from) * i / n;
            dst[off + i] = (short) ((s * gain) >> 15);
        }
    }

    /** Frames concealed since init. */
    public int concealedCount() {
        return concealed;
    }
}
