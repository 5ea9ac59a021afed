package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicLongRemZero {

    static long zero;

    public static void mission() {
        Out.l("ten % zero", 10L % zero);
    }
}
