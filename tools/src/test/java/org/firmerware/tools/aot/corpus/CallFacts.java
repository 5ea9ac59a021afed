package org.firmerware.tools.aot.corpus;

/**
 * Calls whose every target returns an object need no null check of their result (a builder's {@code return this},
 * chained), and calls where one target may return null keep it: {@link HostBuildTest} reads the C of
 * {@link #chain()}, and PanicCallFacts ends in the null that the second case lets through.
 */
public final class CallFacts {

    static final class Line {
        int n;

        Line add(int v) {
            n = n * 10 + v;
            return this;
        }

        /** Two more digits through a call to itself: still this. */
        Line pair(int a, int b) {
            return add(a).add(b);
        }
    }

    static class Step {
        int seen;

        Step next(int v) {
            seen += v;
            return this;
        }
    }

    /** A second target of {@link Step#next}: it may return null, so no call of next is known to give an object. */
    static final class LastStep extends Step {
        @Override
        Step next(int v) {
            seen += v * 100;
            return seen > 1000 ? null : this;
        }
    }

    static final Line LINE = new Line();
    static final Step[] STEPS = {new Step(), new LastStep()};

    static int chain() {
        return LINE.add(1).pair(2, 3).add(4).n;
    }

    public static void mission() {
        Out.i("chain", chain());
        Out.i("steps", STEPS[0].next(1).next(2).seen + STEPS[1].next(3).next(4).seen);
    }
}
