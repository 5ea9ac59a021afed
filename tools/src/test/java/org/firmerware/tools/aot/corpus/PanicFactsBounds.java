package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: a loop over an array of known length that reads one past it on its last turn. */
public final class PanicFactsBounds {

    static final class Holder {
        final int[] values = new int[4];
    }

    static final Holder ONE = new Holder();
    static final Holder TWO = new Holder();

    public static void mission() {
        int s = 0;
        for (int i = 0; i <= ONE.values.length; i++) {
            s += TWO.values[i] + i;
            Out.i("turn", s);
        }
    }
}
