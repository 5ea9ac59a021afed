package org.firmerware.boards.sim.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects everything one phone plays, with silence where nothing was played, and writes it as a WAV file at the
 * rate of the first block. A later change of rate is written as it comes (and said on standard error).
 */
final class SoundRecorder {

    private final Path file;
    private int rate;
    private long startUs = -1;
    private short[] samples = new short[8000];
    private int length;
    private boolean warned;

    SoundRecorder(Path file) {
        this.file = file;
    }

    void played(int blockRate, short[] block, int off, int len, long timeUs) {
        if (startUs < 0) {
            startUs = timeUs;
            rate = blockRate;
        } else if (blockRate != rate && !warned) {
            warned = true;
            System.err.println("fw: " + file + ": the sample rate changed from " + rate + " to " + blockRate
                + " Hz; later sound is written at the first rate");
        }
        long at = (timeUs - startUs) * rate / 1_000_000L;
        if (at > length) {
            ensure((int) at);
            length = (int) at;
        }
        ensure(length + len);
        System.arraycopy(block, off, samples, length, len);
        length += len;
    }

    private void ensure(int size) {
        if (size > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(size, samples.length * 2));
        }
    }

    void write() throws IOException {
        new WavFile(rate == 0 ? 8000 : rate, Arrays.copyOf(samples, length)).write(file);
    }
}
