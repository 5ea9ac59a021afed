package org.firmerware.boards.bt200.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the hardware models found wrong in the firmware's use of the chips. Models report on the firmware thread, in
 * the middle of the firmware's work, so a report allocates nothing: it is a message constant and up to three numbers in
 * a fixed ring; the text is made on the world thread. The first {@value #CAPACITY} reports are kept, then only counted.
 */
final class ModelErrors {

    static final int CAPACITY = 256;

    private final long[] timeUs = new long[CAPACITY];
    private final String[] message = new String[CAPACITY];
    private final long[] a = new long[CAPACITY];
    private final long[] b = new long[CAPACITY];
    private final long[] c = new long[CAPACITY];
    private int count;
    private int lost;

    /**
     * Reports an error. {@code format} is a constant with up to three {@code %x} (hex) or {@code %d} (decimal)
     * placeholders for {@code a}, {@code b}, {@code c}.
     */
    void report(long nowUs, String format, long va, long vb, long vc) {
        if (count == CAPACITY) {
            lost++;
            return;
        }
        timeUs[count] = nowUs;
        message[count] = format;
        a[count] = va;
        b[count] = vb;
        c[count] = vc;
        count++;
    }

    void report(long nowUs, String format) {
        report(nowUs, format, 0, 0, 0);
    }

    /** How many errors were reported. */
    int count() {
        return count + lost;
    }

    /** The reports as text, oldest first (world thread). */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = message[i];
            long[] values = {a[i], b[i], c[i]};
            StringBuilder line = new StringBuilder(String.format("%10.6f  ", timeUs[i] / 1e6));
            int v = 0;
            for (int k = 0; k < text.length(); k++) {
                char ch = text.charAt(k);
                if (ch == '%' && k + 1 < text.length() && v < 3) {
                    char f = text.charAt(++k);
                    line.append(f == 'x' ? "0x" + Long.toHexString(values[v++]) : Long.toString(values[v++]));
                } else {
                    line.append(ch);
                }
            }
            out.add(line.toString());
        }
        if (lost > 0) {
            out.add("... and " + lost + " more");
        }
        return out;
    }
}
