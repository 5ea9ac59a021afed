package org.firmerware.top.sip.media.codec.bench;

import org.firmerware.top.sip.media.codec.G722Decoder;
import org.firmerware.top.sip.media.codec.G722Encoder;

/**
 * Encodes and decodes {@code warm + measured} 20 ms frames of {@link BenchInput}; run under valgrind's callgrind
 * twice with different {@code measured} counts, the difference of the instruction totals divided by the difference of
 * the counts is the JIT-compiled code's instructions per frame, without JVM start-up and compilation (docs/media.md).
 *
 * <p>Arguments: warm-up frames, measured frames.
 */
public final class G722FrameLoop {

    private G722FrameLoop() {
    }

    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        short[] pcm = BenchInput.signal();
        G722Encoder encoder = new G722Encoder();
        G722Decoder decoder = new G722Decoder();
        byte[] code = new byte[160];
        short[] out = new short[320];
        int frames = pcm.length / 320;
        long sum = 0;
        for (int f = 0; f < warm + measured; f++) {
            int at = f % frames * 320;
            encoder.encode(pcm, at, 320, code, 0);
            decoder.decode(code, 0, 160, out, 0);
            sum += out[319];
        }
        System.out.println((warm + measured) + " frames, checksum " + sum);
    }
}
