package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicNegativeIndex {

    static final byte[] B = new byte[8];

    public static void mission() {
        int i = -1;
        B[i] = 1;
    }
}
