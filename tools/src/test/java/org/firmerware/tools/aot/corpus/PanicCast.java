package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicCast {

    static final Object O = new int[1];

    public static void mission() {
        Out.s("casting");
        String s = (String) O;
        Out.i("never", s.length());
    }
}
