package org.firmerware.top.sip.media.codec;

/** G.722 at 64 kbit/s as an {@link AudioCodec}: 16000 Hz, one octet per two samples. */
public final class G722Codec implements AudioCodec {

    private final G722Encoder encoder = new G722Encoder();
    private final G722Decoder decoder = new G722Decoder();

    @Override
    public int sampleRate() {
        return 16000;
    }

    @Override
    public int encode(short[] pcm, int off, int samples, byte[] dst, int dstOff) {
        return encoder.encode(pcm, off, samples, dst, dstOff);
    }

    @Override
    public int decode(byte[] src, int off, int len, short[] pcm, int pcmOff) {
        return decoder.decode(src, off, len, pcm, pcmOff);
    }

    @Override
    public void reset() {
        encoder.reset();
        decoder.reset();
    }
}
