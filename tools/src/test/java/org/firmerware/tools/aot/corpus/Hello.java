package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;

/** The smallest program: a String constant, an int, a long and an object built at init. */
public final class Hello {

    private static final int[] TABLE = {1, 2, 3};
    private static int counter = 40;

    public static void init() {
        Debug.print("init ran");
        Debug.println();
    }

    public static void mission() {
        Debug.print("hello, world ");
        Debug.print(counter + TABLE[2] - 1);
        Debug.print(' ');
        Debug.print(Long.MIN_VALUE);
        Debug.println();
        counter++;
        Debug.print(counter);
        Debug.println();
    }
}
