package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicArrayStore {

    static final Object[] POINTS = new Arrays.Point[2];

    public static void mission() {
        Object[] a = POINTS;
        Out.i("storing", a.length);
        a[0] = "not a Point";
    }
}
