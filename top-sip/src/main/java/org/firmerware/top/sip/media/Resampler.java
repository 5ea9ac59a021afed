package org.firmerware.top.sip.media;

/**
 * Sample-rate conversion by two between 8000 and 16000 Hz with a 31-tap half-band FIR filter in Q15 (Kaiser window,
 * beta 7: flat within 0.2 dB to 3.2 kHz, -6 dB at 4 kHz, below -33 dB from 4.8 kHz). Upsampling passes every input
 * sample through and computes the one between; downsampling filters and keeps every other sample. Both delay by 8
 * samples at 8 kHz (1 ms). One object per direction of a stream, for its history; {@link #process} allocates
 * nothing. Main loop only.
 */
public final class Resampler {

    /** Copies (same rates). */
    public static final int COPY = 0;
    /** 8000 to 16000 Hz. */
    public static final int UP = 1;
    /** 16000 to 8000 Hz. */
    public static final int DOWN = 2;

    /** The odd taps h(±1), h(±3), ... h(±15) of the half-band filter, times 2^16 (twice Q15, the upsampler's gain). */
    private static final short[] ODD_TAPS = {20600, -6199, 3018, -1556, 762, -330, 115, -26};
    private static final int K = ODD_TAPS.length;

    private final int[] history = new int[4 * K];
    private int mode;

    /** Sets the direction and clears the history. */
    public void configure(int direction) {
        mode = direction;
        for (int i = 0; i < history.length; i++) {
            history[i] = 0;
        }
    }

    /** The direction. */
    public int mode() {
        return mode;
    }

    /** Output samples for {@code n} input samples. */
    public int outputLength(int n) {
        return mode == UP ? 2 * n : mode == DOWN ? n / 2 : n;
    }

    /**
     * Converts {@code n} samples (even for {@link #DOWN}).
     *
     * @return the number of samples written to {@code dst}
     */
    public int process(short[] src, int off, int n, short[] dst, int dstOff) {
        if (mode == UP) {
            for (int i = 0; i < n; i++) {
                // History of 2K inputs, newest last: output the one K back, then the point half-way to the next.
                System.arraycopy(history, 1, history, 0, 2 * K - 1);
                history[2 * K - 1] = src[off + i];
                long mid = 0;
                for (int j = 0; j < K; j++) {
                    mid += ODD_TAPS[j] * (long) (history[K - 1 - j] + history[K + j]);
                }
                dst[dstOff + 2 * i] = (short) history[K - 1];
                dst[dstOff + 2 * i + 1] = saturate((mid + (1 << 14)) >> 15);
            }
            return 2 * n;
        }
        if (mode == DOWN) {
            int out = n / 2;
            int center = 2 * K - 1;
            for (int i = 0; i < out; i++) {
                System.arraycopy(history, 2, history, 0, 4 * K - 2);
                history[4 * K - 2] = src[off + 2 * i];
                history[4 * K - 1] = src[off + 2 * i + 1];
                long acc = (long) history[center] << 15;
                for (int j = 0; j < K; j++) {
                    acc += ODD_TAPS[j] * (long) (history[center - 1 - 2 * j] + history[center + 1 + 2 * j]);
                }
                dst[dstOff + i] = saturate((acc + (1 << 15)) >> 16);
            }
            return out;
        }
        System.arraycopy(src, off, dst, dstOff, n);
        return n;
    }

    private static short saturate(long v) {
        return (short) (v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
}
