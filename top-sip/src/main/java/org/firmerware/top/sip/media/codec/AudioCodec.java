package org.firmerware.top.sip.media.codec;

/**
 * A speech codec as the media engine uses it: one packet interval of samples at {@link #sampleRate()} in, octets out,
 * and back. Implementations keep their state (G.722) or none (G.711); none allocates after construction.
 */
public interface AudioCodec {

    /** Samples per second the codec works at (8000 or 16000). */
    int sampleRate();

    /** Encodes {@code samples} samples; returns the octets written. */
    int encode(short[] pcm, int off, int samples, byte[] dst, int dstOff);

    /** Decodes {@code len} octets; returns the samples written. */
    int decode(byte[] src, int off, int len, short[] pcm, int pcmOff);

    /** Back to the initial state (a new call). */
    void reset();
}
