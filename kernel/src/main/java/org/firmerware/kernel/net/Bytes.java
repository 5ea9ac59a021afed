package org.firmerware.kernel.net;

/** Big-endian (network order) access to byte arrays: the only way protocol code reads and writes fields. */
public final class Bytes {

    private Bytes() {
    }

    /** The unsigned byte at {@code off}. */
    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    /** The unsigned 16-bit value at {@code off}. */
    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    /** The 32-bit value at {@code off}. */
    public static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }

    /** Writes a byte. */
    public static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    /** Writes a 16-bit value. */
    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    /** Writes a 32-bit value. */
    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    /** Whether {@code len} bytes at {@code aOff} equal those at {@code bOff}. */
    public static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code len} bytes. */
    public static void copy(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        System.arraycopy(src, srcOff, dst, dstOff, len);
    }

    /** Sets {@code len} bytes to {@code value}. */
    public static void fill(byte[] b, int off, int len, int value) {
        for (int i = 0; i < len; i++) {
            b[off + i] = (byte) value;
        }
    }
}
