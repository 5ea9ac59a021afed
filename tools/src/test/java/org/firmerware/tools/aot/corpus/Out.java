package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;

/** Printing helpers shared by the corpus programs: one labelled value per line. */
final class Out {

    private Out() {
    }

    static void i(String label, int v) {
        Debug.print(label);
        Debug.print(" = ");
        Debug.print(v);
        Debug.println();
    }

    static void l(String label, long v) {
        Debug.print(label);
        Debug.print(" = ");
        Debug.print(v);
        Debug.println();
    }

    static void z(String label, boolean v) {
        Debug.print(label);
        Debug.print(v ? " = true" : " = false");
        Debug.println();
    }

    static void s(String text) {
        Debug.print(text);
        Debug.println();
    }

    /** A checksum of an int array, so that long tables print as one line. */
    static void sum(String label, int[] a) {
        int h = 17;
        for (int i = 0; i < a.length; i++) {
            h = h * 31 + a[i];
        }
        i(label, h);
    }
}
