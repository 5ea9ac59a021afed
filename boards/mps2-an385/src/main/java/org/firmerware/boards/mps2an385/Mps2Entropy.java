package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.hal.Entropy;

/**
 * Randomness without a source: the MPS2 (and QEMU's model of it) has no random number generator, and init runs at
 * build time, so this is a fixed-seed xorshift64* sequence, the same on every boot. It serves what needs "random"
 * delays and identifiers to differ between hosts of a LAN (IPv6 DAD and RS delays, LLC), not secrets: a board that
 * needs secrets needs a real source. The seed is the simulator's default (1), so that runs compare with it.
 */
final class Mps2Entropy implements Entropy {

    private long state = 1;

    @Override
    public int read(byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) {
            state ^= state >>> 12;
            state ^= state << 25;
            state ^= state >>> 27;
            dst[off + i] = (byte) (state * 0x2545F4914F6CDD1DL >>> 56);
        }
        return len;
    }
}
