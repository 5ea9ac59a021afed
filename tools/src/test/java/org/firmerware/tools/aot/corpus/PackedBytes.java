package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;

/**
 * Byte and boolean arrays where a word-addressed DSP packs two elements per 16-bit word: odd lengths, odd offsets,
 * arraycopy between odd and even offsets (also overlapping, in both directions), sign extension of every byte value,
 * the neighbour of a store left alone, Strings of odd length, and Debug output from odd offsets.
 */
public final class PackedBytes {

    static final byte[] ODD = {1, -2, 3, -4, 5, -6, 7};
    static final byte[] ALL = new byte[256];
    static final byte[] ONE = {-128};
    static final byte[] WORK = new byte[33];
    static final byte[] TEXT = {'h', 'e', 'l', 'l', 'o', ',', ' ', 'w', 'o', 'r', 'l', 'd', '!'};
    static final boolean[] FLAGS = new boolean[13];
    static final byte[][] ROWS = {{1, 2, 3}, {4}, {5, 6, 7, 8, 9}};
    static final String ODD_STRING = "odd-length";
    static final String SEVEN = "seven!!";
    static byte single = -1;

    public static void init() {
        for (int i = 0; i < ALL.length; i++) {
            ALL[i] = (byte) (i - 128);
        }
        FLAGS[0] = true;
        FLAGS[3] = true;
        FLAGS[12] = true;
    }

    public static void mission() {
        int h = 0;
        for (int i = 0; i < ALL.length; i++) {
            h = h * 31 + ALL[i];
            h = h * 31 + (ALL[i] & 0xFF);
            h = h * 31 + (ALL[i] >> 3);
            h = h * 31 + (ALL[i] >>> 3);
        }
        Out.i("every byte value, signed and unsigned", h);
        Out.i("odd length", ODD.length);
        Out.i("last of odd", ODD[6]);
        Out.i("one", ONE[0]);
        ONE[0]--;
        Out.i("one after --", ONE[0]);

        // A store changes its element only, not the other half of the word.
        for (int i = 0; i < WORK.length; i++) {
            WORK[i] = (byte) (0x55 + i);
        }
        WORK[7] = (byte) 0xFF;
        WORK[8] = 0;
        WORK[32] = -7;
        print("stores", WORK);
        for (int i = 1; i < WORK.length; i += 2) {
            WORK[i] = (byte) (WORK[i] * 3 + 200);
        }
        print("odd elements rewritten", WORK);
        for (int i = 0; i < WORK.length; i += 2) {
            WORK[i] ^= (byte) 0x80;
        }
        print("even elements flipped", WORK);

        // arraycopy: every parity of source and destination offset, odd and even lengths.
        for (int sp = 0; sp < 3; sp++) {
            for (int dp = 0; dp < 3; dp++) {
                for (int len = 0; len <= 5; len += 1) {
                    clear();
                    System.arraycopy(ODD, sp, WORK, dp, Math.min(len, ODD.length - sp));
                    h = h * 31 + hash(WORK);
                }
            }
        }
        Out.i("arraycopy parities", h);
        fill();
        System.arraycopy(WORK, 0, WORK, 1, 20);
        print("overlap forward by 1", WORK);
        fill();
        System.arraycopy(WORK, 3, WORK, 0, 20);
        print("overlap backward by 3", WORK);
        fill();
        System.arraycopy(WORK, 5, WORK, 8, 11);
        print("overlap forward by 3", WORK);
        fill();
        System.arraycopy(WORK, 2, WORK, 2, 9);
        print("onto itself", WORK);
        System.arraycopy(TEXT, 7, WORK, 1, 6);
        print("text into odd offset", WORK);

        // Booleans, packed the same way.
        int f = 0;
        for (int i = 0; i < FLAGS.length; i++) {
            f = f * 2 + (FLAGS[i] ? 1 : 0);
            FLAGS[i] = !FLAGS[i] ^ (i % 3 == 0);
        }
        for (int i = 0; i < FLAGS.length; i++) {
            f = f * 2 + (FLAGS[i] ? 1 : 0);
        }
        Out.i("flags", f);

        int r = 0;
        for (int i = 0; i < ROWS.length; i++) {
            for (int j = 0; j < ROWS[i].length; j++) {
                r = r * 10 + ROWS[i][j];
                ROWS[i][j] += 10;
            }
        }
        Out.i("ragged rows", r + ROWS[2][4]);

        for (int i = 0; i < ODD_STRING.length(); i++) {
            r = r * 31 + ODD_STRING.charAt(i);
        }
        Out.i("odd string", r);
        Out.s(SEVEN);
        Debug.print(TEXT, 1, 5);
        Debug.println();
        Debug.print(TEXT, 7, 6);
        Debug.println();
        Debug.print(TEXT, 12, 1);
        Debug.println();
        single += 2;
        Out.i("byte field", single);
        single = (byte) (single + 254);
        Out.i("byte field wraps", single);
    }

    private static void clear() {
        for (int i = 0; i < WORK.length; i++) {
            WORK[i] = 0;
        }
    }

    private static void fill() {
        for (int i = 0; i < WORK.length; i++) {
            WORK[i] = (byte) (i * 7 - 100);
        }
    }

    private static int hash(byte[] a) {
        int h = 1;
        for (int i = 0; i < a.length; i++) {
            h = h * 31 + a[i];
        }
        return h;
    }

    private static void print(String label, byte[] a) {
        Debug.print(label);
        Debug.print(":");
        for (int i = 0; i < a.length; i++) {
            Debug.print(" ");
            Debug.print(a[i]);
        }
        Debug.println();
    }
}
