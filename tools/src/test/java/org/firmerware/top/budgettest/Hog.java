package org.firmerware.top.budgettest;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;

/** A test-only top that allocates 300 KiB at init, more than the sim board's 256 KiB: {@code fw budget} must fail. */
public final class Hog implements Top {

    /** What init allocates. */
    public static final int BYTES = 300 * 1024;

    private static byte[] hoard;

    @Override
    public void init(Kernel kernel) {
        hoard = new byte[BYTES];
        kernel.log().line("hog: 300 KiB hoarded");
    }
}
