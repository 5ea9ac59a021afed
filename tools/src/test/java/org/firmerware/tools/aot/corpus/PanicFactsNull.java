package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: arraycopy of a known primitive type into an array field that is null. */
public final class PanicFactsNull {

    static final class Holder {
        final int[] values;

        Holder(int[] values) {
            this.values = values;
        }
    }

    static final Holder FULL = new Holder(new int[] {1, 2, 3});
    static final Holder EMPTY = new Holder(null);

    public static void mission() {
        System.arraycopy(FULL.values, 1, FULL.values, 0, 2);
        Out.i("copied", FULL.values[0] * 10 + FULL.values[1]);
        System.arraycopy(FULL.values, 0, EMPTY.values, 0, 1);
    }
}
