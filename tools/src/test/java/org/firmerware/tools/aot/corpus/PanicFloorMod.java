package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: the site must match HotSpot's exception, kind and line. */
public final class PanicFloorMod {

    static int zero;

    public static void mission() {
        Out.i("floorMod", Math.floorMod(7, zero));
    }
}
