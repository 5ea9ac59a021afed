package org.firmerware.top.sip.media.codec.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' input: 10 s at 16 kHz of a speech-like signal (a 180 Hz buzz with harmonics and noise, its level
 * moving at 3 Hz), fixed by a seed. {@code main(FILE)} writes it as native-endian 16-bit samples for the C oracle.
 */
public final class BenchInput {

    private BenchInput() {
    }

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

    public static void main(String[] args) throws IOException {
        short[] x = signal();
        ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.nativeOrder());
        for (short s : x) {
            b.putShort(s);
        }
        Files.write(Path.of(args[0]), b.array());
    }
}
