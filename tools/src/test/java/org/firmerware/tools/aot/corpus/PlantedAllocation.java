package org.firmerware.tools.aot.corpus;

/** Not in the corpus: a mission that allocates, for the test that the link fails when the checker is bypassed. */
public final class PlantedAllocation {

    static int[] last;

    public static void mission() {
        last = new int[4];
        Out.i("allocated", last.length);
    }
}
