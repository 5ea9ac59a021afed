package org.firmerware.tools.aot.corpus;

/** Narrowing and widening: i2b, i2c, i2s, l2i, i2l, char arithmetic, sign extension through fields and arrays. */
public final class Casts {

    static final int[] VALUES = {0, 1, 127, 128, 255, 256, -1, -128, -129, 32767, 32768, 65535, 65536, -32768, -32769,
        0x12345678, 0x80000000, 0x7FFFFFFF, 0xDEADBEEF};
    static byte b;
    static short s;
    static char c;

    public static void mission() {
        int acc = 0;
        for (int i = 0; i < VALUES.length; i++) {
            int v = VALUES[i];
            byte vb = (byte) v;
            short vs = (short) v;
            char vc = (char) v;
            b = (byte) (v * 3);
            s = (short) (v + 40000);
            c = (char) (v - 1);
            acc = acc * 31 + vb;
            acc = acc * 31 + vs;
            acc = acc * 31 + vc;
            acc = acc * 31 + b + s + c;
            acc = acc * 31 + (byte) vc + (short) vc + (char) vb + (char) vs;
            long l = (long) v * v * v;
            acc = acc * 31 + (int) l + (int) (l >>> 32);
            acc = acc * 31 + (byte) l + (short) l + (char) l;
            Out.i("v" + "", acc);
        }
        char ch = 'A';
        ch += 2;
        ch++;
        Out.i("char arithmetic", ch);
        char wrap = 0;
        wrap--;
        Out.i("char wrap", wrap);
        byte bw = 127;
        bw++;
        Out.i("byte wrap", bw);
        short sw = Short.MIN_VALUE;
        sw--;
        Out.i("short wrap", sw);
        Out.i("reverseBytes short", Short.reverseBytes((short) 0x1280));
        Out.i("compareUnsigned short", Short.compareUnsigned((short) -1, (short) 1));
        Out.l("toUnsignedLong short", Short.toUnsignedLong((short) -2));
    }
}
