package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;

/** Benchmark: a 64-bit multiply-accumulate over two int arrays of 1024, 64 times; the same as bench/mac64.c. */
public final class BenchMac64 {

    static final int[] A = new int[1024];
    static final int[] B = new int[1024];

    static {
        int seed = 12345;
        for (int i = 0; i < A.length; i++) {
            seed = seed * 1103515245 + 12345;
            A[i] = seed >> 8;
            seed = seed * 1103515245 + 12345;
            B[i] = seed >> 4;
        }
    }

    public static void mission() {
        long acc = 0;
        for (int round = 0; round < 64; round++) {
            acc = mac(acc, A, B, A.length);
        }
        Debug.print(acc);
        Debug.println();
    }

    static long mac(long acc, int[] a, int[] b, int n) {
        for (int i = 0; i < n; i++) {
            acc += (long) a[i] * b[i];
        }
        return acc;
    }
}
