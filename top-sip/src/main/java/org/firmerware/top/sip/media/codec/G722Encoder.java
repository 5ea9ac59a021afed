package org.firmerware.top.sip.media.codec;

/**
 * The ITU-T G.722 encoder at 64 kbit/s (mode 1): 16 kHz samples to one octet per two samples, bit-exact with the
 * Recommendation's fixed-point algorithm (§3 and the computational details of §6).
 *
 * <p>The transmit QMF (§3.1) splits each pair of input samples into a lower and a higher sub-band sample; the lower
 * band is coded with the 6-bit adaptive quantizer (QUANTL, §3.3) and the higher band with the 2-bit one (QUANTH); the
 * octet is IH in bits 7..6 and IL in bits 5..0 (§1.4). Input samples are 16-bit; the Recommendation's 14-bit uniform
 * PCM is their top 14 bits, and the two lower bits take part in the QMF's sums before its final shift (as in spandsp,
 * the test oracle).
 *
 * <p>Allocation: the state is allocated once; {@link #encode} allocates nothing. Main loop only.
 */
public final class G722Encoder {

    /** Decision levels of the 6-bit lower-band quantizer, index MIL 1..29 (G.722 Table 6, Q6). */
    private static final short[] Q6 = {
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219,
        1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919};
    /** IL for a negative difference, by MIL (G.722 Table 6, ILN). */
    private static final byte[] ILN = {
        0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
        5, 4};
    /** IL for a positive difference, by MIL (G.722 Table 6, ILP). */
    private static final byte[] ILP = {
        0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35,
        34, 33, 32};

    private final G722Band low = new G722Band(32);
    private final G722Band high = new G722Band(8);
    /** The transmit QMF's last 24 input samples, oldest first. */
    private final int[] history = new int[G722Qmf.TAPS];

    /** The encoder in its reset state. Init only. */
    public G722Encoder() {
    }

    /** Back to the reset state (a new call). */
    public void reset() {
        low.reset();
        high.reset();
        for (int i = 0; i < history.length; i++) {
            history[i] = 0;
        }
    }

    /**
     * Encodes {@code samples} 16 kHz samples (an even number) into {@code samples / 2} octets.
     *
     * @return the number of octets written
     */
    public int encode(short[] pcm, int off, int samples, byte[] dst, int dstOff) {
        int n = samples >> 1;
        for (int k = 0; k < n; k++) {
            // Transmit QMF (§3.1): the older sample of the pair enters first.
            System.arraycopy(history, 2, history, 0, G722Qmf.TAPS - 2);
            history[G722Qmf.TAPS - 2] = pcm[off + 2 * k];
            history[G722Qmf.TAPS - 1] = pcm[off + 2 * k + 1];
            // xA pairs h(2i) with x(j - 2i), the newest sample and every other one before it; xB the others. The
            // coefficients are symmetric, so each sample meets the coefficient of its own index.
            int xa = 0;
            int xb = 0;
            for (int i = 0; i < G722Qmf.TAPS; i += 2) {
                xb += history[i] * G722Qmf.H[i];
                xa += history[i + 1] * G722Qmf.H[i + 1];
            }
            int xLow = (xa + xb) >> G722Qmf.TRANSMIT_SHIFT;
            int xHigh = (xa - xb) >> G722Qmf.TRANSMIT_SHIFT;
            dst[dstOff + k] = (byte) encodeSubbands(xLow, xHigh);
        }
        return n;
    }

    /** Codes one lower and one higher sub-band sample (the ITU test sequences enter here, QMF by-passed). */
    int encodeSubbands(int xLow, int xHigh) {
        return encodeHigh(xHigh) << 6 | encodeLow(xLow);
    }

    /** The lower sub-band: SUBTRA, QUANTL, INVQAL, LOGSCL, SCALEL and the predictor; returns IL. */
    private int encodeLow(int xLow) {
        int el = G722Band.limit16(xLow - low.estimate);
        int wd = el >= 0 ? el : -(el + 1);
        int mil = 1;
        while (mil < 30 && wd >= (Q6[mil] * low.scale) >> 12) {
            mil++;
        }
        int il = el < 0 ? ILN[mil] : ILP[mil];
        int ril = il >> 2;
        int dlt = (low.scale * G722Qmf.QM4[ril]) >> 15;
        low.adaptScale(G722Qmf.WL[G722Qmf.RL42[ril]], 18432, 8);
        low.updatePredictor(dlt);
        return il;
    }

    /** The higher sub-band: SUBTRA, QUANTH, INVQAH, LOGSCH, SCALEH and the predictor; returns IH. */
    private int encodeHigh(int xHigh) {
        int eh = G722Band.limit16(xHigh - high.estimate);
        int wd = eh >= 0 ? eh : -(eh + 1);
        int mih = wd >= (564 * high.scale) >> 12 ? 2 : 1;
        int ih = eh < 0 ? (mih == 1 ? 1 : 0) : (mih == 1 ? 3 : 2);
        int dh = (high.scale * G722Qmf.QM2[ih]) >> 15;
        high.adaptScale(G722Qmf.WH[G722Qmf.RH2[ih]], 22528, 10);
        high.updatePredictor(dh);
        return ih;
    }
}
