package org.firmerware.top.sip.auth;

/**
 * SHA-256 (FIPS 180-4 §6.2), written from the standard: 64-byte blocks, a 64-word message schedule, big-endian words,
 * the length in bits appended. HTTP digest's SHA-256 algorithm (RFC 7616, for SIP RFC 8760). No allocation after
 * construction.
 */
public final class Sha256 implements MessageDigest {

    /** The digest's length in bytes. */
    public static final int LENGTH = 32;

    /** The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4 §4.2.2). */
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    private final int[] h = new int[8];
    private final int[] w = new int[64];
    private final byte[] block = new byte[64];
    private int blockLen;
    private long count;

    /** A fresh SHA-256. Init only. */
    public Sha256() {
        reset();
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public void reset() {
        // The first 32 bits of the fractional parts of the square roots of the first 8 primes (§5.3.3).
        h[0] = 0x6a09e667;
        h[1] = 0xbb67ae85;
        h[2] = 0x3c6ef372;
        h[3] = 0xa54ff53a;
        h[4] = 0x510e527f;
        h[5] = 0x9b05688c;
        h[6] = 0x1f83d9ab;
        h[7] = 0x5be0cd19;
        blockLen = 0;
        count = 0;
    }

    @Override
    public void update(int b) {
        block[blockLen++] = (byte) b;
        count++;
        if (blockLen == 64) {
            transform();
            blockLen = 0;
        }
    }

    @Override
    public void update(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            update(b[off + i]);
        }
    }

    @Override
    public void update(String s) {
        for (int i = 0; i < s.length(); i++) {
            update(s.charAt(i));
        }
    }

    @Override
    public void digest(byte[] out, int off) {
        long bits = count << 3;
        update(0x80);
        while (blockLen != 56) {
            update(0);
        }
        for (int i = 7; i >= 0; i--) {
            update((int) (bits >>> (8 * i)));
        }
        for (int i = 0; i < 8; i++) {
            int v = h[i];
            out[off + 4 * i] = (byte) (v >>> 24);
            out[off + 4 * i + 1] = (byte) (v >>> 16);
            out[off + 4 * i + 2] = (byte) (v >>> 8);
            out[off + 4 * i + 3] = (byte) v;
        }
        reset();
    }

    private void transform() {
        for (int t = 0; t < 16; t++) {
            w[t] = (block[4 * t] & 0xFF) << 24 | (block[4 * t + 1] & 0xFF) << 16 | (block[4 * t + 2] & 0xFF) << 8
                | block[4 * t + 3] & 0xFF;
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ w[t - 15] >>> 3;
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ w[t - 2] >>> 10;
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int t = 0; t < 64; t++) {
            int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int ch = e & f ^ ~e & g;
            int t1 = hh + s1 + ch + K[t] + w[t];
            int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int maj = a & b ^ a & c ^ b & c;
            int t2 = s0 + maj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
}
