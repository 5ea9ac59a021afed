package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.machine.Debug;

/** String constants in flash: length, charAt, comparing bytes against them, Latin-1 beyond ASCII, bytes printed. */
public final class Strings {

    static final String GREETING = "Gr\u00fc\u00dfe aus Firmerware";
    static final String[] WORDS = {"INVITE", "ACK", "BYE", "", "REGISTER"};
    static final byte[] LINE = new byte[64];
    static int lineLength;

    public static void init() {
        byte[] text = {'b', 'y', 'e', ' ', 's', 'i', 'p'};
        System.arraycopy(text, 0, LINE, 0, text.length);
        lineLength = text.length;
    }

    public static void mission() {
        Out.i("length", GREETING.length());
        int h = 0;
        for (int i = 0; i < GREETING.length(); i++) {
            h = h * 31 + GREETING.charAt(i);
        }
        Out.i("hash", h);
        Debug.print(GREETING);
        Debug.println();
        for (int w = 0; w < WORDS.length; w++) {
            Out.z(WORDS[w], startsWithIgnoreCase(LINE, 0, lineLength, WORDS[w]));
        }
        Debug.print(LINE, 0, lineLength);
        Debug.println();
        Debug.print(LINE, 4, 3);
        Debug.println();
        Out.z("same constant", WORDS[2] == "BYE");
        String local = "local constant";
        Out.i("local", local.length() + local.charAt(6));
    }

    static boolean startsWithIgnoreCase(byte[] buf, int off, int len, String word) {
        if (len < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            int a = buf[off + i] & 0xFF;
            int b = word.charAt(i);
            if (a >= 'a' && a <= 'z') {
                a -= 32;
            }
            if (a != b) {
                return false;
            }
        }
        return true;
    }
}
