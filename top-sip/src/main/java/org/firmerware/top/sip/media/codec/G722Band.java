package org.firmerware.top.sip.media.codec;

/**
 * The adaptive predictor and the scale factor of one G.722 sub-band (ITU-T G.722 §3.5, §3.6 and the blocks of §6:
 * LOGSCL/LOGSCH, SCALEL/SCALEH, RECONS, PARREC, UPPOL1, UPPOL2, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC), shared by the
 * encoder and the decoder, which run it on the same quantized difference and so stay in step.
 *
 * <p>Every quantity is a 16-bit two's complement value of the Recommendation held in an {@code int}; sums are limited
 * to 16 bits where G.722 limits them, products of two 16-bit values are shifted right by 15 (arithmetic shift).
 */
final class G722Band {

    /** The inverse logarithm of SCALEL/SCALEH: 2048 · 2^(i/32), i = 0..31 (G.722 Table 15, ILB). */
    private static final short[] ILB = {
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
        2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};

    /** The logarithmic scale factor (NBL or NBH). */
    int logScale;
    /** The scale factor (DETL or DETH). */
    int scale;
    /** The signal estimate (SL or SH) for the next sample. */
    int estimate;
    /** The zero section's part of the estimate (SZL or SZH). */
    private int zeroEstimate;
    /** Reconstructed signal RLT1, RLT2 (index 1, 2). */
    private final int[] reconstructed = new int[3];
    /** Partially reconstructed signal PLT1, PLT2 (index 1, 2). */
    private final int[] partial = new int[3];
    /** Pole coefficients AL1, AL2 (index 1, 2). */
    private final int[] pole = new int[3];
    /** Zero coefficients BL1..BL6 (index 1..6). */
    private final int[] zero = new int[7];
    /** Quantized difference signals DLT1..DLT6 (index 1..6). */
    private final int[] difference = new int[7];

    private final int initialScale;

    /** @param initialScale DETL's (32) or DETH's (8) value after reset */
    G722Band(int initialScale) {
        this.initialScale = initialScale;
        reset();
    }

    /** The state after reset (G.722 §6.2.2: every variable 0 except DETL = 32 and DETH = 8). */
    void reset() {
        logScale = 0;
        scale = initialScale;
        estimate = 0;
        zeroEstimate = 0;
        for (int i = 0; i < 7; i++) {
            difference[i] = 0;
            zero[i] = 0;
        }
        for (int i = 0; i < 3; i++) {
            reconstructed[i] = 0;
            partial[i] = 0;
            pole[i] = 0;
        }
    }

    /** Limits to a 16-bit two's complement value. */
    static int limit16(int x) {
        return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
    }

    /**
     * LOGSCL/LOGSCH and SCALEL/SCALEH: adapts the scale factor to the last code.
     *
     * @param weight the logarithmic weight of the code (WL or WH)
     * @param maxLog the upper limit of the log scale factor (18432 lower, 22528 higher)
     * @param shiftBase 8 for the lower band, 10 for the higher
     */
    void adaptScale(int weight, int maxLog, int shiftBase) {
        int nb = ((logScale * 32512) >> 15) + weight;
        logScale = nb < 0 ? 0 : Math.min(nb, maxLog);
        int mantissa = ILB[(logScale >> 6) & 31];
        int shift = shiftBase - (logScale >> 11);
        int det = shift < 0 ? mantissa << -shift : mantissa >> shift;
        scale = det << 2;
    }

    /**
     * RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ and PREDIC: updates the predictor with the quantized
     * difference {@code d} (DLT or DH) and computes the estimate of the next sample.
     */
    void updatePredictor(int d) {
        // RECONS and PARREC.
        int r = limit16(estimate + d);
        int p = limit16(zeroEstimate + d);

        // UPPOL2: the second pole coefficient, from the signs of PLT, PLT1, PLT2.
        int s0 = p >> 15;
        int s1 = partial[1] >> 15;
        int s2 = partial[2] >> 15;
        int wd1 = limit16(pole[1] << 2);
        int wd2 = s0 == s1 ? -wd1 : wd1;
        if (wd2 > 32767) {
            wd2 = 32767;
        }
        int a2 = (wd2 >> 7) + (s0 == s2 ? 128 : -128) + ((pole[2] * 32512) >> 15);
        a2 = Math.max(-12288, Math.min(12288, a2));

        // UPPOL1: the first pole coefficient, kept within 15360 - |AL2|.
        int a1 = limit16((s0 == s1 ? 192 : -192) + ((pole[1] * 32640) >> 15));
        int bound = limit16(15360 - a2);
        a1 = Math.max(-bound, Math.min(bound, a1));

        // UPZERO: the zero coefficients, from the signs of DLT and DLT1..DLT6.
        int step = d == 0 ? 0 : 128;
        int sd = d >> 15;
        for (int i = 1; i < 7; i++) {
            int wd = (difference[i] >> 15) == sd ? step : -step;
            zero[i] = limit16(wd + ((zero[i] * 32640) >> 15));
        }

        // DELAYA.
        for (int i = 6; i > 1; i--) {
            difference[i] = difference[i - 1];
        }
        difference[1] = d;
        reconstructed[2] = reconstructed[1];
        reconstructed[1] = r;
        partial[2] = partial[1];
        partial[1] = p;
        pole[1] = a1;
        pole[2] = a2;

        // FILTEP: the pole section's estimate.
        int sp = limit16(((pole[1] * limit16(reconstructed[1] << 1)) >> 15)
            + ((pole[2] * limit16(reconstructed[2] << 1)) >> 15));
        // FILTEZ: the zero section's estimate.
        int sz = 0;
        for (int i = 6; i > 0; i--) {
            sz += (zero[i] * limit16(difference[i] << 1)) >> 15;
        }
        zeroEstimate = limit16(sz);
        // PREDIC.
        estimate = limit16(sp + zeroEstimate);
    }
}
