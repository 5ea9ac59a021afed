package org.firmerware.tools.aot.corpus;

/** tableswitch and lookupswitch, switch on an enum (javac's switch map, built at init), string switch at init only. */
public final class Switches {

    enum Colour { RED, GREEN, BLUE, AMBER }

    static final Colour[] COLOURS = {Colour.BLUE, Colour.RED, Colour.AMBER, Colour.GREEN, Colour.BLUE};
    static int fromStrings;

    public static void init() {
        String[] words = {"alpha", "beta", "gamma", "delta", "beta"};
        for (int i = 0; i < words.length; i++) {
            switch (words[i]) {
                case "alpha" -> fromStrings += 1;
                case "beta" -> fromStrings += 10;
                case "gamma" -> fromStrings += 100;
                default -> fromStrings += 1000;
            }
        }
    }

    public static void mission() {
        int acc = 0;
        for (int i = -3; i < 12; i++) {
            acc = acc * 31 + dense(i);
            acc = acc * 31 + sparse(i * 1000 - 2000);
            acc = acc * 31 + sparse(i);
        }
        Out.i("switches", acc);
        acc = sparse(Integer.MIN_VALUE) + sparse(Integer.MAX_VALUE) * 3;
        Out.i("extremes", acc);
        for (int i = 0; i < COLOURS.length; i++) {
            Colour c = COLOURS[i];
            int v = switch (c) {
                case RED -> 1;
                case GREEN -> 2;
                case BLUE -> 3;
                default -> 4;
            };
            Out.i("colour", v * 10 + c.ordinal());
        }
        Out.i("from strings", fromStrings);
    }

    static int dense(int x) {
        switch (x) {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3:
            case 4: return 34;
            case 6: return 16;
            case 7: return 17;
            default: return -1;
        }
    }

    static int sparse(int x) {
        switch (x) {
            case -2000: return 1;
            case 0: return 2;
            case 7: return 3;
            case 1000: return 4;
            case 100000: return 5;
            case Integer.MIN_VALUE: return 6;
            case Integer.MAX_VALUE: return 7;
            default: return 0;
        }
    }
}
