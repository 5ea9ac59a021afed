package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicArraycopy {

    static final byte[] SRC = new byte[4]; static final byte[] DST = new byte[4];

    public static void mission() {
        System.arraycopy(SRC, 1, DST, 0, 3);
        Out.s("copied 3");
        System.arraycopy(SRC, 2, DST, 0, 3);
    }
}
