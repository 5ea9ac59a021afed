package org.firmerware.tools.aot.corpus;

/**
 * long arithmetic for the soft-int64 library, one line per operation: carries and borrows across the 32-bit halves,
 * products whose high halves matter, division by every sign and size of divisor (also MIN_VALUE / -1 and % -1), shifts
 * around 32, conversions, and pseudo-random operands (xorshift64, the same on HotSpot and in C).
 */
public final class LongVectors {

    static final long[] EDGES = {0xFFFF_FFFFL, 0x1_0000_0000L, 0xFFFF_FFFF_0000_0000L, 0x8000_0000L, -0x8000_0000L,
        0x7FFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0000L, -1L, 1L, 10L, -10L, 0x0000_0001_FFFF_FFFFL,
        0x1234_5678_9ABC_DEF0L};
    static long seed = 0x9E37_79B9_7F4A_7C15L;
    static long counter;

    public static void mission() {
        for (int i = 0; i < EDGES.length; i++) {
            long a = EDGES[i];
            long b = EDGES[(i * 5 + 3) % EDGES.length];
            Out.l("add", a + b);
            Out.l("sub", a - b);
            Out.l("mul", a * b);
            Out.l("div", a / b);
            Out.l("rem", a % b);
            Out.l("neg", -a);
            Out.i("cmp", (a < b ? -1 : 0) + (a > b ? 1 : 0) + (a == b ? 10 : 0));
            Out.i("ucmp", Long.compareUnsigned(a, b));
            Out.l("shl 31", a << 31);
            Out.l("shl 32", a << 32);
            Out.l("shr 33", a >> 33);
            Out.l("ushr 32", a >>> 32);
            Out.l("ushr 1", a >>> 1);
            Out.i("l2i", (int) a);
            Out.l("i2l of l2i", (long) (int) a);
        }
        Out.l("MIN / -1", Long.MIN_VALUE / minusOne());
        Out.l("MIN % -1", Long.MIN_VALUE % minusOne());
        Out.l("MIN * -1", Long.MIN_VALUE * minusOne());
        Out.l("MAX + 1", Long.MAX_VALUE + one());
        Out.l("-7 / 2", -7L / two());
        Out.l("-7 % 2", -7L % two());
        Out.l("7 % -2", 7L % -two());
        Out.l("floorDiv -7 2", Math.floorDiv(-7L, two()));
        Out.l("floorMod -7 2", Math.floorMod(-7L, two()));
        Out.i("floorMod long int", Math.floorMod(-7L, 3));
        long h = 0;
        for (int i = 0; i < 200; i++) {
            long a = next();
            long b = next() >> (i % 64);
            h = h * 31 + (a + b);
            h = h * 31 + (a - b);
            h = h * 31 + a * b;
            if (b != 0) {
                h = h * 31 + a / b;
                h = h * 31 + a % b;
                h = h * 31 + Long.divideUnsigned(a, b);
                h = h * 31 + Long.remainderUnsigned(a, b);
            }
            h = h * 31 + (a << i) + (a >> i) + (a >>> i);
            h = h * 31 + Long.rotateLeft(a, i) + Long.numberOfLeadingZeros(b) + Long.bitCount(a);
            h ^= (a < b ? 1 : 0) + (a == b ? 2 : 0) + (a > b ? 4 : 0);
            counter++;
        }
        Out.l("random vectors", h);
        Out.l("counter", counter);
        Out.l("int min widened", (long) Integer.MIN_VALUE);
        Out.l("int to unsigned long", Integer.toUnsignedLong(-1));
        Out.l("min", Long.MIN_VALUE);
        Out.l("max", Long.MAX_VALUE);
    }

    private static long next() {
        long x = seed;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        seed = x;
        return x;
    }

    private static long minusOne() {
        return counter - counter - 1;
    }

    private static long one() {
        return -minusOne();
    }

    private static long two() {
        return one() + one();
    }
}
