package org.firmerware.top.sip.media.tone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tones' frequencies (Goertzel filters in test code), levels and cadences. */
class ToneGeneratorTest {

    /** The power at {@code hz} relative to the signal's total power (1.0: all of it), by the Goertzel algorithm. */
    static double share(short[] x, int off, int n, int rate, double hz) {
        double w = 2 * Math.PI * hz / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double s0 = x[off + i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
            total += (double) x[off + i] * x[off + i];
        }
        double power = s1 * s1 + s2 * s2 - c * s1 * s2;
        return total == 0 ? 0 : 2 * power / (n * total);
    }

    static double rms(short[] x, int off, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[off + i] * x[off + i];
        }
        return Math.sqrt(sum / n);
    }

    private static short[] run(int tone, int rate, double seconds) {
        ToneGenerator g = new ToneGenerator();
        g.start(tone, rate);
        short[] x = new short[(int) (rate * seconds)];
        // In blocks of 20 ms, as the engine asks.
        for (int at = 0; at < x.length; at += rate / 50) {
            g.generate(x, at, Math.min(rate / 50, x.length - at));
        }
        return x;
    }

    @Test
    void dialToneIs425HzContinuousAtMinus12dBFS() {
        for (int rate : new int[] {8000, 16000}) {
            short[] x = run(ToneGenerator.DIAL, rate, 3);
            for (int s = 0; s < 3; s++) {
                assertTrue(share(x, s * rate, rate, rate, 425) > 0.99, "425 Hz in second " + s + " at " + rate);
                double db = 20 * Math.log10(rms(x, s * rate, rate) * Math.sqrt(2) / 32767);
                assertEquals(-12, db, 0.2);
            }
        }
    }

    @Test
    void ringbackIsOneSecondOnFourOff() {
        int rate = 8000;
        short[] x = run(ToneGenerator.RINGBACK, rate, 10);
        for (int period = 0; period < 2; period++) {
            int start = period * 5 * rate;
            assertTrue(share(x, start + 100, rate - 200, rate, 425) > 0.99);
            assertEquals(0, rms(x, start + rate, 4 * rate), 0.001, "silent for 4 s");
        }
    }

    @Test
    void busyAndCongestionHaveEqualOnAndOffPeriods() {
        int rate = 8000;
        short[] busy = run(ToneGenerator.BUSY, rate, 2);
        short[] congestion = run(ToneGenerator.CONGESTION, rate, 2);
        for (int k = 0; k < 2; k++) {
            assertTrue(share(busy, k * rate, rate / 2, rate, 425) > 0.99, "busy on in second " + k);
            assertEquals(0, rms(busy, k * rate + rate / 2, rate / 2), 0.001, "busy off");
        }
        for (int k = 0; k < 4; k++) {
            assertTrue(share(congestion, k * rate / 2, rate / 4, rate, 425) > 0.99, "congestion on " + k);
            assertEquals(0, rms(congestion, k * rate / 2 + rate / 4, rate / 4), 0.001, "congestion off " + k);
        }
    }

    @Test
    void ringingAlternates1000And1333HzForASecondEveryFive() {
        int rate = 16000;
        short[] x = run(ToneGenerator.RINGING, rate, 5);
        int segment = rate / 20;
        for (int k = 0; k < 20; k++) {
            double hz = k % 2 == 0 ? 1000 : 1333;
            assertTrue(share(x, k * segment + 40, segment - 80, rate, hz) > 0.95, "segment " + k + " at " + hz);
        }
        assertEquals(0, rms(x, rate, 4 * rate), 0.001);
        double db = 20 * Math.log10(rms(x, 0, rate) * Math.sqrt(2) / 32767);
        assertEquals(-6, db, 0.3);
    }

    @Test
    void callWaitingIsTwoShortBurstsEveryFiveSecondsAndIsMixedOverTheCall() {
        int rate = 16000;
        short[] x = run(ToneGenerator.CALL_WAITING, rate, 11.2);
        int ms = rate / 1000;
        for (int period = 0; period < 2; period++) {
            int p = period * 5600 * ms;
            assertTrue(share(x, p + 10 * ms, 180 * ms, rate, 425) > 0.99, "first burst of period " + period);
            assertEquals(0, rms(x, p + 200 * ms, 200 * ms), 0.001, "the gap");
            assertTrue(share(x, p + 410 * ms, 180 * ms, rate, 425) > 0.99, "second burst");
            assertEquals(0, rms(x, p + 600 * ms, 5000 * ms), 0.001, "5 s off");
        }
        assertTrue(ToneGenerator.isOverlay(ToneGenerator.CALL_WAITING));
        assertTrue(!ToneGenerator.isOverlay(ToneGenerator.RINGBACK));
        // Mixed: the call's samples plus the tone, saturating at 16 bits.
        ToneGenerator g = new ToneGenerator();
        g.start(ToneGenerator.CALL_WAITING, rate);
        short[] call = new short[100 * ms];
        java.util.Arrays.fill(call, (short) 30000);
        g.mix(call, 0, call.length);
        short[] tone = run(ToneGenerator.CALL_WAITING, rate, 0.1);
        for (int i = 0; i < call.length; i++) {
            assertEquals(Math.min(32767, 30000 + tone[i]), call[i], "sample " + i);
        }
    }

    @Test
    void sineTableIsAccurate() {
        double worst = 0;
        for (long p = 0; p < 1L << 32; p += 1L << 20) {
            double exact = 32767 * Math.sin(2 * Math.PI * p / 4294967296.0);
            worst = Math.max(worst, Math.abs(ToneGenerator.sine((int) p) - exact));
        }
        assertTrue(worst < 4, "largest error " + worst);
    }

    @Test
    void noToneIsSilence() {
        short[] x = run(ToneGenerator.NONE, 8000, 0.1);
        assertEquals(0, rms(x, 0, x.length));
    }
}
