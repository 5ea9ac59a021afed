package org.firmerware.tools.aot.corpus;

/** The bytecodes the other programs miss: pop2 (a long result dropped), areturn and ifnonnull, nested ternaries. */
public final class Leftovers {

    static final class Box {
        final long value;
        Box next;

        Box(long value) {
            this.value = value;
        }
    }

    static final Box FIRST = new Box(5);
    static long calls;

    static {
        FIRST.next = new Box(-9);
    }

    public static void mission() {
        sideEffect(3);
        sideEffect(4);
        Out.l("calls", calls);
        Box b = pick(true);
        Box c = pick(false);
        Out.l("picked", b.value * 100 + (c == null ? -1 : c.value));
        Box d = FIRST;
        int n = 0;
        while (d != null) {
            n++;
            d = d.next;
        }
        Out.i("chain", n);
        long x = calls > 5 ? calls < 10 ? 1 : 2 : 3;
        Out.l("ternary", x);
        boolean t = n == 2 && calls != 0 || x < 0;
        Out.z("logic", t);
    }

    static long sideEffect(int k) {
        calls += k;
        return calls * 2;
    }

    static Box pick(boolean first) {
        if (first) {
            return FIRST;
        }
        return FIRST.next.next != null ? FIRST : null;
    }
}
