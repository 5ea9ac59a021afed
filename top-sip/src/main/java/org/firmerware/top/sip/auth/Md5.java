package org.firmerware.top.sip.auth;

/**
 * MD5 (RFC 1321), written from the RFC's description: 64-byte blocks, four rounds of sixteen steps with the sine
 * table, little-endian words, the length in bits appended. Used only as HTTP digest's default algorithm
 * (RFC 2617, RFC 8760 keeps it for compatibility). No allocation after construction.
 */
public final class Md5 implements MessageDigest {

    /** The digest's length in bytes. */
    public static final int LENGTH = 16;

    /** T[i] = floor(abs(sin(i + 1)) * 2^32) (RFC 1321 §3.4). */
    private static final int[] T = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

    /** Per-round shift amounts, four per round. */
    private static final int[] S = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

    private final int[] state = new int[4];
    private final int[] x = new int[16];
    private final byte[] block = new byte[64];
    private int blockLen;
    private long count;

    /** A fresh MD5. Init only. */
    public Md5() {
        reset();
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public void reset() {
        state[0] = 0x67452301;
        state[1] = 0xefcdab89;
        state[2] = 0x98badcfe;
        state[3] = 0x10325476;
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
        for (int i = 0; i < 8; i++) {
            update((int) (bits >>> (8 * i)));
        }
        for (int i = 0; i < 4; i++) {
            int v = state[i];
            out[off + 4 * i] = (byte) v;
            out[off + 4 * i + 1] = (byte) (v >>> 8);
            out[off + 4 * i + 2] = (byte) (v >>> 16);
            out[off + 4 * i + 3] = (byte) (v >>> 24);
        }
        reset();
    }

    private void transform() {
        for (int i = 0; i < 16; i++) {
            x[i] = block[4 * i] & 0xFF | (block[4 * i + 1] & 0xFF) << 8 | (block[4 * i + 2] & 0xFF) << 16
                | (block[4 * i + 3] & 0xFF) << 24;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        for (int i = 0; i < 64; i++) {
            int f;
            int g;
            int round = i >> 4;
            if (round == 0) {
                f = b & c | ~b & d;
                g = i;
            } else if (round == 1) {
                f = d & b | ~d & c;
                g = (5 * i + 1) & 15;
            } else if (round == 2) {
                f = b ^ c ^ d;
                g = (3 * i + 5) & 15;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) & 15;
            }
            int t = d;
            d = c;
            c = b;
            b = b + Integer.rotateLeft(a + f + T[i] + x[g], S[round * 4 + (i & 3)]);
            a = t;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }
}
