package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: an int array copied onto itself, one element too many on the second copy. */
public final class PanicArraycopyOverlap {

    static final int[] A = {1, 2, 3, 4, 5, 6};

    public static void mission() {
        System.arraycopy(A, 0, A, 1, 5);
        Out.sum("shifted", A);
        System.arraycopy(A, 0, A, 1, 6);
        Out.sum("never", A);
    }
}
