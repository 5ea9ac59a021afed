package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Entropy;

/** Deterministic "randomness" from a seeded generator, so that every simulation run repeats exactly. */
public final class SimEntropy implements Entropy {

    private long state;

    SimEntropy(long seed) {
        state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    @Override
    public int read(byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) {
            // xorshift64*
            state ^= state >>> 12;
            state ^= state << 25;
            state ^= state >>> 27;
            dst[off + i] = (byte) ((state * 0x2545F4914F6CDD1DL) >>> 56);
        }
        return len;
    }
}
