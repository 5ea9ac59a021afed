package org.firmerware.top.sip.media.codec;

/** The constants of ITU-T G.722 shared by the encoder and the decoder. */
final class G722Qmf {

    /** Taps of the transmit and receive QMF. */
    static final int TAPS = 24;
    /** The QMF coefficients h0..h23, scaled by 2^13 (G.722 Table 11). */
    static final short[] H = {
        3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, 3876, 951, -805, -210, 362, 32, -156, 12, 53, -11,
        -11, 3};
    /** The transmit QMF's final shift: 16-bit input, 2^13 coefficients. */
    static final int TRANSMIT_SHIFT = 14;
    /** The receive QMF's final shift. */
    static final int RECEIVE_SHIFT = 11;

    /** Output levels of the 4-bit lower-band inverse quantizer, by RIL = IL >> 2, times 8 (G.722 Table 7, QQ4). */
    static final short[] QM4 = {
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0};
    /** Output levels of the 6-bit lower-band inverse quantizer, by IL, times 8 (G.722 Table 6, QQ6). */
    static final short[] QM6 = {
        -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576,
        -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040,
        -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
        4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136};
    /** Output levels of the 2-bit higher-band inverse quantizer, by IH, times 8 (G.722 Table 9, QQ2). */
    static final short[] QM2 = {-7408, -1616, 7408, 1616};
    /** RIL to the 3-bit magnitude index of WL (G.722 Table 8). */
    static final byte[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    /** The lower band's logarithmic scale factor multipliers (G.722 Table 8, WL). */
    static final short[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    /** IH to the index of WH (G.722 Table 10). */
    static final byte[] RH2 = {2, 1, 2, 1};
    /** The higher band's logarithmic scale factor multipliers (G.722 Table 10, WH). */
    static final short[] WH = {0, -214, 798};

    private G722Qmf() {
    }
}
