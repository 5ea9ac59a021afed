package org.firmerware.tools.aot.corpus;

/**
 * long arithmetic at its edges (also division by constants, which 32-bit CPUs do in 16-bit digits), lcmp, shifts by any
 * count, and conversions between int and long.
 */
public final class LongArith {

    static final long[] VALUES = {0L, 1L, -1L, 2L, -3L, 1000000007L, -999999999999L, 0x7FFF_FFFFL, 0x8000_0000L,
        0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0x5555_5555_5555_5555L,
        -0x0123_4567_89AB_CDEFL, 3037000499L, 3037000500L};
    static final int[] SHIFTS = {0, 1, 31, 32, 33, 63, 64, 65, -1, -63, -64, 127, Integer.MIN_VALUE};
    static long field = Long.MIN_VALUE;

    public static void mission() {
        long[] v = VALUES;
        long acc = 0;
        int cmp = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                long a = v[i];
                long b = v[j];
                acc = acc * 31 + (a + b);
                acc = acc * 31 + (a - b);
                acc = acc * 31 + a * b;
                if (b != 0) {
                    acc = acc * 31 + a / b;
                    acc = acc * 31 + a % b;
                    acc = acc * 31 + Long.divideUnsigned(a, b);
                    acc = acc * 31 + Long.remainderUnsigned(a, b);
                    acc = acc * 31 + Math.floorDiv(a, b);
                    acc = acc * 31 + Math.floorMod(a, b);
                }
                acc ^= (a & b) | (a ^ ~b);
                cmp = cmp * 3 + (a < b ? 0 : a == b ? 1 : 2);
                cmp += Long.compareUnsigned(a, b);
            }
            Out.l("row", acc);
        }
        Out.i("compares", cmp);
        for (int i = 0; i < v.length; i++) {
            long a = v[i];
            Out.l("/ 10", a / 10);
            Out.l("% 10", a % 10);
            Out.l("/ 1000", a / 1000);
            Out.l("% 1000", a % 1000);
            Out.l("/ 7 % 7", (a / 7) * 31 + a % 7);
            Out.l("/ 1 % 1", (a / 1) * 31 + a % 1);
            Out.l("/ 65535 % 65535", (a / 65535) * 31 + a % 65535);
            Out.l("/ 65536 % 65536", (a / 65536) * 31 + a % 65536);
            Out.l("/ -10 % -10", (a / -10) * 31 + a % -10);
        }
        Out.l("MIN / -1", Long.MIN_VALUE / minusOne());
        Out.l("MIN % -1", Long.MIN_VALUE % minusOne());
        Out.l("-MIN", -field);
        Out.l("MAX + 1", Long.MAX_VALUE + one());
        Out.l("-7 / 2", -7L / two());
        Out.l("-7 % 2", -7L % two());
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < SHIFTS.length; k++) {
                int s = SHIFTS[k];
                acc = acc * 31 + (v[i] << s);
                acc = acc * 31 + (v[i] >> s);
                acc = acc * 31 + (v[i] >>> s);
            }
            acc = acc * 31 + Long.numberOfLeadingZeros(v[i]) + Long.numberOfTrailingZeros(v[i]) * 64
                + Long.bitCount(v[i]) * 4096;
            acc = acc * 31 + Long.reverseBytes(v[i]) + Long.rotateLeft(v[i], i * 7 - 60) - Long.rotateRight(v[i], i);
            acc = acc * 31 + Long.highestOneBit(v[i]) + Long.lowestOneBit(v[i]) + Long.signum(v[i]);
            acc = acc * 31 + Math.abs(v[i]) + Math.min(v[i], acc) - Math.max(v[i], -acc);
        }
        Out.l("shifts and helpers", acc);
        int ints = 0;
        for (int i = 0; i < v.length; i++) {
            int narrowed = (int) v[i];
            long widened = narrowed;
            ints = ints * 31 + narrowed;
            acc = acc * 31 + widened;
            acc += (long) (narrowed * 3) << 40;
        }
        Out.i("l2i", ints);
        Out.l("i2l", acc);
        Out.i("floorMod(long, int)", Math.floorMod(-7L * one(), 3));
        Out.l("floorDiv(long, int)", Math.floorDiv(-7L * one(), 3));
        long f = field;
        f++;
        f += 0x1_0000_0001L;
        f--;
        field = f * 3;
        Out.l("field", field);
        long m = 1;
        for (int i = 0; i < 70; i++) {
            m = m * 3 + i;
        }
        Out.l("powers", m);
    }

    static long one() {
        return 1;
    }

    static long two() {
        return 2;
    }

    static long minusOne() {
        return -1;
    }
}
