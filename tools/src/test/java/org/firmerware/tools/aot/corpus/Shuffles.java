package org.firmerware.tools.aot.corpus;

/**
 * The stack shuffles javac writes for chained assignments and post-increments on fields and array elements of int and
 * long (dup_x1, dup_x2, dup2_x1, dup2_x2), and try/finally in the mission (its handler never runs).
 */
public final class Shuffles {

    int i;
    long l;
    static long sl;
    static int si;
    static final int[] IA = new int[4];
    static final long[] LA = new long[4];
    static final Shuffles S = new Shuffles();

    public static void mission() {
        Shuffles s = S;
        int a = s.i++;
        int b = ++s.i;
        long c = s.l++;
        long d = ++s.l;
        long e = s.l = 5;
        int f = s.i = 9;
        long g = sl++;
        int h = si--;
        int x = IA[1]++;
        long y = LA[2]++;
        long z = LA[3] = LA[2] = -4;
        int w = IA[0] = IA[2] = 6;
        long v = (s.l += 10) * 2;
        int u = (s.i *= 3) + 1;
        Out.l("results", a + b * 10L + c * 100 + d * 1000 + e * 10000 + f * 100000L + g + h + x + y + z + w + v + u);
        Out.l("state", s.i + s.l + sl + si + IA[0] + IA[1] + IA[2] + LA[2] + LA[3]);
        int k = 0;
        try {
            k = finallyCounted(3);
        } finally {
            k += 100;
        }
        Out.i("finally", k);
        long big = 1L << 40;
        long[] arr = LA;
        arr[0] = big;
        arr[0] <<= 2;
        arr[1] += arr[0]--;
        Out.l("long array ops", arr[0] + arr[1]);
    }

    static int finallyCounted(int n) {
        int r = 0;
        for (int j = 0; j < n; j++) {
            try {
                r += j;
                if (j == 1) {
                    continue;
                }
                r *= 2;
            } finally {
                r++;
            }
        }
        return r;
    }
}
