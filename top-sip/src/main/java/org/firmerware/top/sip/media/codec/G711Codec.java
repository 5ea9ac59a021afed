package org.firmerware.top.sip.media.codec;

/** G.711 as an {@link AudioCodec}: µ-law (PCMU) or A-law (PCMA) at 8000 Hz, one octet per sample, stateless. */
public final class G711Codec implements AudioCodec {

    private final boolean ulaw;

    /** @param ulaw µ-law (PCMU) rather than A-law (PCMA) */
    public G711Codec(boolean ulaw) {
        this.ulaw = ulaw;
    }

    @Override
    public int sampleRate() {
        return 8000;
    }

    @Override
    public int encode(short[] pcm, int off, int samples, byte[] dst, int dstOff) {
        for (int i = 0; i < samples; i++) {
            dst[dstOff + i] = (byte) (ulaw ? G711.linearToUlaw(pcm[off + i]) : G711.linearToAlaw(pcm[off + i]));
        }
        return samples;
    }

    @Override
    public int decode(byte[] src, int off, int len, short[] pcm, int pcmOff) {
        for (int i = 0; i < len; i++) {
            pcm[pcmOff + i] = (short) (ulaw ? G711.ulawToLinear(src[off + i] & 0xFF) : G711.alawToLinear(src[off + i]
                & 0xFF));
        }
        return len;
    }

    @Override
    public void reset() {
    }
}
