package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicNullCall {

    static Dispatch.Single nobody;

    public static void mission() {
        Out.s("call on null");
        Out.i("never", nobody.only(1));
    }
}
