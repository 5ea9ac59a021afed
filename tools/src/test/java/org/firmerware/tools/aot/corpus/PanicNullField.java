package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicNullField {

    static int[] missing;

    public static void mission() {
        Out.s("null field next");
        Out.i("length", missing.length);
    }
}
