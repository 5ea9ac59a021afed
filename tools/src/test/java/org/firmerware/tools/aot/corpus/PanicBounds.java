package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicBounds {

    static final int[] A = new int[3];

    public static void mission() {
        Out.i("before", A.length);
        int i = A.length;
        Out.i("read", A[i]);
    }
}
