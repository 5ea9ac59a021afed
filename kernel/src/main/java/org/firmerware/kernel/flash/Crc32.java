package org.firmerware.kernel.flash;

/**
 * CRC-32 as IEEE 802.3 and zlib compute it (reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF),
 * four bits at a time from a 16-entry table built when the class is initialised (at build time on AOT images): 64
 * bytes of flash where a byte-wise table takes 1 KiB, which matters more to a bootloader than the second lookup per
 * byte (a 300 kB image is still checked in milliseconds). Check value: {@code "123456789"} gives 0xCBF43926.
 *
 * <pre>
 *   int crc = Crc32.START;
 *   crc = Crc32.update(crc, buf, off, len);   // as often as there are pieces
 *   int value = Crc32.finish(crc);
 * </pre>
 */
public final class Crc32 {

    /** The running value to start from. */
    public static final int START = 0xFFFFFFFF;

    /** The CRC of each 4-bit value: TABLE[n] is what shifting n through the register four times leaves. */
    private static final int[] TABLE = new int[16];

    static {
        for (int n = 0; n < 16; n++) {
            int c = n;
            for (int k = 0; k < 4; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc32() {
    }

    /** Feeds {@code buf[off..off+len)} into a running value. */
    public static int update(int crc, byte[] buf, int off, int len) {
        int c = crc;
        for (int i = off; i < off + len; i++) {
            c ^= buf[i] & 0xFF;
            c = TABLE[c & 0xF] ^ (c >>> 4);
            c = TABLE[c & 0xF] ^ (c >>> 4);
        }
        return c;
    }

    /** Feeds {@code count} bytes of value {@code b} into a running value. */
    public static int updateRepeated(int crc, int b, int count) {
        int c = crc;
        for (int i = 0; i < count; i++) {
            c ^= b & 0xFF;
            c = TABLE[c & 0xF] ^ (c >>> 4);
            c = TABLE[c & 0xF] ^ (c >>> 4);
        }
        return c;
    }

    /** The CRC of a running value. */
    public static int finish(int crc) {
        return ~crc;
    }

    /** The CRC of {@code buf[off..off+len)} in one piece. */
    public static int of(byte[] buf, int off, int len) {
        return finish(update(START, buf, off, len));
    }
}
