package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;
import org.firmerware.top.sip.media.codec.G722Decoder;
import org.firmerware.top.sip.media.codec.G722Encoder;

/**
 * Benchmark: the firmware's G.722 encoder and decoder on 500 frames of 20 ms (10 s at 16 kHz), the input of top-sip's
 * {@code BenchInput} (the same generator, seed and length), on which spandsp was measured (docs/media.md). The input is
 * made at build time (the snapshot); the mission encodes and decodes each frame and prints a checksum of the output.
 */
public final class BenchG722 {

    public static final int FRAMES = 500;
    static final short[] PCM = signal();
    static final G722Encoder ENCODER = new G722Encoder();
    static final G722Decoder DECODER = new G722Decoder();
    static final byte[] CODE = new byte[160];
    static final short[] OUT = new short[320];

    /** A copy of top-sip's {@code BenchInput.signal()}: 10 s of a speech-like signal, fixed by a seed. */
    public static short[] signal() {
        short[] x = new short[160_000];
        java.util.Random r = new java.util.Random(722);
        for (int i = 0; i < x.length; i++) {
            double t = i / 16000.0;
            double v = 9000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t)) * (Math.sin(2 * Math.PI * 180 * t)
                + 0.5 * Math.sin(2 * Math.PI * 540 * t) + 0.3 * Math.sin(2 * Math.PI * 2340 * t)
                + 0.2 * r.nextGaussian());
            x[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return x;
    }

    public static void mission() {
        int sum = 0;
        for (int f = 0; f < FRAMES; f++) {
            ENCODER.encode(PCM, f * 320, 320, CODE, 0);
            DECODER.decode(CODE, 0, 160, OUT, 0);
            sum = sum * 31 + OUT[319] + CODE[159];
        }
        Debug.print(sum);
        Debug.println();
    }
}
