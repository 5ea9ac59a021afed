package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;

/** Benchmark: table-driven CRC-32 (IEEE) over a 4 KiB buffer, 64 times; the same as bench/crc32.c. */
public final class BenchCrc32 {

    static final int[] TABLE = new int[256];
    static final byte[] DATA = new byte[4096];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 31 + 7);
        }
    }

    public static void mission() {
        int crc = 0;
        for (int round = 0; round < 64; round++) {
            crc = crc32(crc, DATA, 0, DATA.length);
        }
        Debug.print(crc);
        Debug.println();
    }

    static int crc32(int crc, byte[] buf, int off, int len) {
        int c = ~crc;
        for (int i = off; i < off + len; i++) {
            c = TABLE[(c ^ buf[i]) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }
}
