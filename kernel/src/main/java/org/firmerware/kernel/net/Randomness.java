package org.firmerware.kernel.net;

import org.firmerware.bottom.hal.Entropy;

/**
 * Random numbers for protocol timing and nonces (random delays of RFC 4861 and RFC 3810, DAD nonces of RFC 7527): a
 * xorshift64* generator seeded from the board's {@link Entropy} and stirred with fresh entropy whenever the board has
 * gathered some. Not for keys or secrets. Main loop only.
 */
public final class Randomness {

    private final Entropy entropy;
    private final byte[] fresh = new byte[8];
    private long state = 0x9E3779B97F4A7C15L;

    /** @param entropy the board's noise source, or null (then the sequence is fixed) */
    public Randomness(Entropy entropy) {
        this.entropy = entropy;
        stir();
    }

    /** Mixes whatever entropy the board gathered since the last call into the state. */
    public void stir() {
        if (entropy == null) {
            return;
        }
        int n = entropy.read(fresh, 0, fresh.length);
        for (int i = 0; i < n; i++) {
            state = (state ^ (fresh[i] & 0xFFL)) * 0x100000001B3L;
            state = Long.rotateLeft(state, 8);
        }
        if (state == 0) {
            state = 0x9E3779B97F4A7C15L;
        }
    }

    /** The next 32 random bits. */
    public int nextInt() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return (int) ((state * 0x2545F4914F6CDD1DL) >>> 32);
    }

    /** A random number from 0 to {@code bound} - 1 ({@code bound} at least 1). */
    public int below(int bound) {
        if (bound <= 1) {
            return 0;
        }
        return (int) (((nextInt() & 0xFFFFFFFFL) * bound) >>> 32);
    }

    /** A random number from {@code min} to {@code max}, both included. */
    public int between(int min, int max) {
        return min + below(max - min + 1);
    }

    /** Fills {@code len} bytes with random bytes. */
    public void fill(byte[] dst, int off, int len) {
        stir();
        for (int i = 0; i < len; i++) {
            dst[off + i] = (byte) nextInt();
        }
    }
}
