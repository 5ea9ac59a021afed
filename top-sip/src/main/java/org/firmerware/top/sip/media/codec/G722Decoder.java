package org.firmerware.top.sip.media.codec;

/**
 * The ITU-T G.722 decoder at 64 kbit/s (mode 1): one octet to two 16 kHz samples, bit-exact with the
 * Recommendation's fixed-point algorithm (§4 and the computational details of §6).
 *
 * <p>The lower band is reconstructed with the 6-bit inverse quantizer (INVQBL, mode 1) while its predictor and scale
 * factor follow the 4-bit one (INVQAL), exactly as in the encoder; the higher band with the 2-bit one; the receive
 * QMF (§4.4) interleaves the two sub-bands into two output samples. Output samples are 16-bit.
 *
 * <p>Allocation: the state is allocated once; {@link #decode} allocates nothing. Main loop only.
 */
public final class G722Decoder {

    private final G722Band low = new G722Band(32);
    private final G722Band high = new G722Band(8);
    /** The receive QMF's last 12 differences rL - rH and sums rL + rH, newest first. */
    private final int[] differences = new int[G722Qmf.TAPS / 2];
    private final int[] sums = new int[G722Qmf.TAPS / 2];

    /** The decoder in its reset state. Init only. */
    public G722Decoder() {
    }

    /** Back to the reset state (a new call). */
    public void reset() {
        low.reset();
        high.reset();
        for (int i = 0; i < differences.length; i++) {
            differences[i] = 0;
            sums[i] = 0;
        }
    }

    /**
     * Decodes {@code len} octets into {@code 2 * len} samples.
     *
     * @return the number of samples written
     */
    public int decode(byte[] src, int off, int len, short[] pcm, int pcmOff) {
        for (int k = 0; k < len; k++) {
            int code = src[off + k] & 0xFF;
            int rLow = decodeLow(code & 0x3F);
            int rHigh = decodeHigh(code >> 6);
            // Receive QMF.
            System.arraycopy(differences, 0, differences, 1, differences.length - 1);
            System.arraycopy(sums, 0, sums, 1, sums.length - 1);
            differences[0] = rLow - rHigh;
            sums[0] = rLow + rHigh;
            int out1 = 0;
            int out2 = 0;
            for (int i = 0; i < G722Qmf.TAPS / 2; i++) {
                out1 += differences[i] * G722Qmf.H[2 * i];
                out2 += sums[i] * G722Qmf.H[2 * i + 1];
            }
            pcm[pcmOff + 2 * k] = (short) G722Band.limit16(out1 >> G722Qmf.RECEIVE_SHIFT);
            pcm[pcmOff + 2 * k + 1] = (short) G722Band.limit16(out2 >> G722Qmf.RECEIVE_SHIFT);
        }
        return 2 * len;
    }

    /** The lower sub-band: INVQBL (6-bit output), INVQAL (4-bit, for the predictor), LOGSCL, SCALEL; returns RL. */
    int decodeLow(int il) {
        int dl6 = (low.scale * G722Qmf.QM6[il]) >> 15;
        int rl = low.estimate + dl6;
        rl = rl > 16383 ? 16383 : rl < -16384 ? -16384 : rl;
        int ril = il >> 2;
        int dlt = (low.scale * G722Qmf.QM4[ril]) >> 15;
        low.adaptScale(G722Qmf.WL[G722Qmf.RL42[ril]], 18432, 8);
        low.updatePredictor(dlt);
        return rl;
    }

    /** The higher sub-band: INVQAH, LOGSCH, SCALEH; returns RH. */
    int decodeHigh(int ih) {
        int dh = (high.scale * G722Qmf.QM2[ih]) >> 15;
        int rh = high.estimate + dh;
        rh = rh > 16383 ? 16383 : rh < -16384 ? -16384 : rh;
        high.adaptScale(G722Qmf.WH[G722Qmf.RH2[ih]], 22528, 10);
        high.updatePredictor(dh);
        return rh;
    }
}
