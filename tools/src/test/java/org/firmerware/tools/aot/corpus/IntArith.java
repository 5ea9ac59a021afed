package org.firmerware.tools.aot.corpus;

/** int arithmetic at its edges: overflow, MIN_VALUE, division and remainder signs, shifts by any count. */
public final class IntArith {

    static final int[] VALUES = {0, 1, -1, 2, -2, 7, -7, 13, 100, -100, 46341, 65535, 65536, 0x7FFF_FFFF,
        0x8000_0000, 0x8000_0001, 0x7FFF_FFFE, 123456789, -987654321, 0x5555_5555, 0xAAAA_AAAA};
    static final int[] SHIFTS = {0, 1, 5, 31, 32, 33, 63, 64, -1, -31, -32, 100, Integer.MIN_VALUE};

    public static void mission() {
        int[] v = VALUES;
        int acc = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                int a = v[i];
                int b = v[j];
                int sum = a + b;
                int diff = a - b;
                int prod = a * b;
                int q = b != 0 ? a / b : 0;
                int r = b != 0 ? a % b : 0;
                acc = acc * 31 + sum;
                acc = acc * 31 + diff;
                acc = acc * 31 + prod;
                acc = acc * 31 + q;
                acc = acc * 31 + r;
                acc ^= (a & b) + (a | b) * 3 - (a ^ b);
                acc += a < b ? 1 : a == b ? 2 : 3;
                acc += Integer.compareUnsigned(a, b);
            }
            Out.i("row " + 0, acc);
        }
        Out.i("MIN / -1", Integer.MIN_VALUE / minusOne());
        Out.i("MIN % -1", Integer.MIN_VALUE % minusOne());
        Out.i("-MIN", -Integer.MIN_VALUE);
        Out.i("MAX + 1", Integer.MAX_VALUE + one());
        Out.i("MIN - 1", Integer.MIN_VALUE - one());
        Out.i("MAX * MAX", Integer.MAX_VALUE * Integer.MAX_VALUE * one());
        Out.i("-7 / 2", -7 / two());
        Out.i("-7 % 2", -7 % two());
        Out.i("7 % -2", 7 % -two());
        Out.i("-7 % -2", -7 % -two());
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < SHIFTS.length; k++) {
                int s = SHIFTS[k];
                acc = acc * 31 + (v[i] << s);
                acc = acc * 31 + (v[i] >> s);
                acc = acc * 31 + (v[i] >>> s);
            }
        }
        Out.i("shifts", acc);
        int x = 5;
        x += 100000;
        x -= 3;
        x++;
        x--;
        x *= -3;
        x /= 7;
        x %= 1000;
        x <<= 3;
        x >>= 1;
        x >>>= 1;
        Out.i("compound", x);
        int c = 0;
        for (int i = -200; i < 200; i += 7) {
            c += i;
        }
        Out.i("iinc loop", c);
        Out.i("abs MIN", Math.abs(Integer.MIN_VALUE));
        Out.i("abs -5", Math.abs(-5 * one()));
        Out.i("min", Math.min(-3, one()));
        Out.i("max", Math.max(-3, one()));
        Out.i("floorDiv -7 2", Math.floorDiv(-7, two()));
        Out.i("floorMod -7 2", Math.floorMod(-7, two()));
        Out.i("floorMod 7 -2", Math.floorMod(7, -two()));
        Out.i("floorDiv MIN -1", Math.floorDiv(Integer.MIN_VALUE, minusOne()));
        Out.i("divideUnsigned", Integer.divideUnsigned(-1, 3 * one()));
        Out.i("remainderUnsigned", Integer.remainderUnsigned(-1, 7 * one()));
        Out.l("toUnsignedLong", Integer.toUnsignedLong(-2 * one()));
        for (int i = 0; i < v.length; i++) {
            int a = v[i];
            acc = acc * 31 + Integer.numberOfLeadingZeros(a);
            acc = acc * 31 + Integer.numberOfTrailingZeros(a);
            acc = acc * 31 + Integer.bitCount(a);
            acc = acc * 31 + Integer.reverseBytes(a);
            acc = acc * 31 + Integer.rotateLeft(a, i * 5 - 40);
            acc = acc * 31 + Integer.rotateRight(a, i * 3 - 7);
            acc = acc * 31 + Integer.highestOneBit(a);
            acc = acc * 31 + Integer.lowestOneBit(a);
            acc = acc * 31 + Integer.signum(a);
        }
        Out.i("bit helpers", acc);
    }

    static int one() {
        return 1;
    }

    static int two() {
        return 2;
    }

    static int minusOne() {
        return -1;
    }
}
