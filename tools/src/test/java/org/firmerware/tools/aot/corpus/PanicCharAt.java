package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicCharAt {

    static final String S = "abc";

    public static void mission() {
        Out.i("char", S.charAt(2));
        Out.i("char", S.charAt(3));
    }
}
