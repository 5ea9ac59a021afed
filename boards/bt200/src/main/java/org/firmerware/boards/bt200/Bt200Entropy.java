package org.firmerware.boards.bt200;

import org.firmerware.bottom.chip.tms320vc5501.TimerClock;
import org.firmerware.bottom.hal.Entropy;

/**
 * Randomness from timing jitter: where the millisecond timer's prescaler stands (122 880 counts per millisecond) when
 * the firmware asks, which depends on when frames, keys and sound blocks came. Two bytes per call, the low bits of the
 * prescaler; the kernel stirs them into its generator.
 */
final class Bt200Entropy implements Entropy {

    private final TimerClock clock;

    Bt200Entropy(TimerClock clock) {
        this.clock = clock;
    }

    @Override
    public int read(byte[] dst, int off, int len) {
        int sample = clock.subMillisecond();
        int n = Math.min(len, 2);
        for (int i = 0; i < n; i++) {
            dst[off + i] = (byte) (sample >> 8 * i);
        }
        return n;
    }
}
