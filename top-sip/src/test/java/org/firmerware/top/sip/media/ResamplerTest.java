package org.firmerware.top.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static short[] sine(int rate, double hz, int amplitude, int n) {
        short[] x = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    private static double rms(short[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void upsamplingInterpolatesATone() {
        Resampler r = new Resampler();
        r.configure(Resampler.UP);
        short[] in = sine(8000, 1000, 10000, 1600);
        short[] out = new short[3200];
        for (int at = 0; at < in.length; at += 160) {
            assertEquals(320, r.process(in, at, 160, out, 2 * at));
        }
        // Delayed by 8 input samples (16 output samples): compare with the tone at 16 kHz.
        short[] expected = sine(16000, 1000, 10000, 3200);
        double err = 0;
        for (int i = 400; i < 3200; i++) {
            err = Math.max(err, Math.abs(out[i] - expected[i - 16]));
        }
        assertTrue(err < 150, "largest error " + err);
    }

    @Test
    void downsamplingKeepsSpeechAndRemovesWhatWouldAlias() {
        Resampler r = new Resampler();
        r.configure(Resampler.DOWN);
        short[] low = new short[800];
        r.process(sine(16000, 1000, 10000, 1600), 0, 1600, low, 0);
        assertEquals(10000 / Math.sqrt(2), rms(low, 100, 800), 100);
        r.configure(Resampler.DOWN);
        short[] alias = new short[800];
        r.process(sine(16000, 6000, 10000, 1600), 0, 1600, alias, 0);
        assertTrue(rms(alias, 100, 800) < 10000 / Math.sqrt(2) / 300, "6 kHz leaks " + rms(alias, 100, 800));
    }

    @Test
    void copyCopies() {
        Resampler r = new Resampler();
        r.configure(Resampler.COPY);
        short[] in = sine(8000, 440, 5000, 100);
        short[] out = new short[100];
        assertEquals(100, r.process(in, 0, 100, out, 0));
        assertEquals(in[37], out[37]);
    }
}
