package org.firmerware.tools.aot.corpus;

/**
 * The facts the code generator takes from the closed world (a field no mission code writes is never null when no
 * object's value is null; its arrays' common length; a primitive array's type) and the edges where they must not
 * hold: instances with different lengths, a null in one instance, an array field the mission reassigns inside the
 * loop that reads it, arrays that alias, and System.arraycopy of every primitive type onto itself both ways.
 */
public final class FieldFacts {

    static final class Band {
        /** Length 7 in every Band: bounds checked against the constant. */
        final int[] taps = new int[7];
        /** Length differs between the two Bands: no length fact. */
        final short[] history;
        /** Null in one Band: no non-null fact. */
        final long[] extra;
        /** Reassigned by the mission: no fact at all. */
        int[] current;
        /** The same array as another Band's, or this one's own taps. */
        final int[] shared;

        Band(int historyLength, boolean withExtra, int[] shared) {
            history = new short[historyLength];
            extra = withExtra ? new long[3] : null;
            current = taps;
            this.shared = shared == null ? taps : shared;
        }

        int step(int d) {
            for (int i = 6; i > 0; i--) {
                taps[i] = taps[i - 1] + (d >> i);
            }
            taps[0] = d;
            for (int i = 0; i < history.length - 1; i++) {
                history[i] = (short) (history[i + 1] + taps[i % 7]);
            }
            history[history.length - 1] = (short) d;
            int s = 0;
            for (int i = 0; i < taps.length; i++) {
                s += taps[i] * shared[i];
                shared[6 - i] += 1;
            }
            if (extra != null) {
                extra[d & 1] += s;
            }
            return s + history[0];
        }

        /** Reads fields of this twice around a store through another reference, which may be this. */
        int twice(Band other, int[] to) {
            int a = current.length * 100 + taps[1] + shared[2];
            other.current = to;
            to[1] += 5;
            return a * 10 + current.length + current[1] + taps[1] + shared[2] + history.length;
        }
    }

    static final Band A = new Band(5, true, null);
    static final Band B = new Band(9, false, A.taps);
    static final int[] OTHER = new int[2];
    static final int[] INTS = new int[16];
    static final short[] SHORTS = new short[16];
    static final char[] CHARS = new char[16];
    static final long[] LONGS = new long[16];
    static final byte[] BYTES = new byte[16];
    static final boolean[] BOOLS = new boolean[16];

    public static void init() {
        for (int i = 0; i < 16; i++) {
            INTS[i] = i * 1000 - 3;
            SHORTS[i] = (short) (i * 4099);
            CHARS[i] = (char) (i * 4111 + 7);
            LONGS[i] = (long) i << 40 | i;
            BYTES[i] = (byte) (i * 37);
            BOOLS[i] = (i & 3) == 1;
        }
    }

    public static void mission() {
        int acc = 0;
        for (int k = 0; k < 40; k++) {
            acc = acc * 31 + A.step(k * 977 - 20000);
            acc = acc * 31 + B.step(k * 1313 - 7000);
        }
        Out.i("bands", acc);
        Out.sum("A.taps", A.taps);
        Out.sum("B.taps", B.taps);
        Out.l("A.extra", A.extra[0] * 3 + A.extra[1]);
        Out.i("history", A.history[0] * 7 + B.history[8] + A.history.length * 100 + B.history.length);

        // A field the loop itself reassigns: each read sees the array stored last.
        int t = 0;
        for (int i = 0; i < 20; i++) {
            A.current = (i & 1) == 0 ? A.taps : OTHER;
            t = t * 7 + A.current.length + A.current[i % A.current.length];
            A.current[0] = i;
        }
        Out.i("current", t);
        Out.i("twice A A", A.twice(A, OTHER));
        Out.i("twice A B", A.twice(B, A.taps));
        Out.i("twice B B", B.twice(B, B.taps));
        Out.i("twice B A", B.twice(A, OTHER));

        // arraycopy onto itself, forwards and backwards, and between arrays, for every primitive type.
        System.arraycopy(INTS, 2, INTS, 0, 14);
        System.arraycopy(INTS, 0, INTS, 3, 13);
        System.arraycopy(INTS, 5, INTS, 5, 4);
        System.arraycopy(INTS, 0, A.taps, 0, 0);
        System.arraycopy(INTS, 9, A.taps, 0, 7);
        Out.sum("ints", INTS);
        Out.sum("taps", A.taps);
        System.arraycopy(SHORTS, 1, SHORTS, 0, 15);
        System.arraycopy(SHORTS, 0, SHORTS, 1, 15);
        System.arraycopy(CHARS, 3, CHARS, 0, 13);
        System.arraycopy(CHARS, 0, CHARS, 2, 14);
        System.arraycopy(LONGS, 1, LONGS, 0, 15);
        System.arraycopy(LONGS, 0, LONGS, 4, 12);
        System.arraycopy(BYTES, 1, BYTES, 0, 15);
        System.arraycopy(BYTES, 0, BYTES, 3, 13);
        System.arraycopy(BOOLS, 2, BOOLS, 0, 14);
        System.arraycopy(BOOLS, 0, BOOLS, 1, 15);
        int h = 0;
        long l = 0;
        for (int i = 0; i < 16; i++) {
            h = h * 31 + SHORTS[i];
            h = h * 31 + CHARS[i];
            h = h * 31 + BYTES[i];
            h = h * 31 + (BOOLS[i] ? 1 : 0);
            l = l * 31 + LONGS[i];
        }
        Out.i("copies", h);
        Out.l("longs", l);
        copyInto(A.history, B.history);
        Out.i("typed parameters", B.history[0] + B.history[4] * 3 + B.history[8] * 7);
    }

    /** Arrays of a known type through parameters; lengths differ. */
    static void copyInto(short[] from, short[] to) {
        System.arraycopy(from, 0, to, to.length - from.length, from.length);
    }
}
