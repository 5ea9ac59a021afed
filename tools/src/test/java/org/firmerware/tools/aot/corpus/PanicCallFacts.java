package org.firmerware.tools.aot.corpus;

/** A program that ends in a panic: a call one of whose targets returns null keeps the null check of its result. */
public final class PanicCallFacts {

    public static void mission() {
        CallFacts.Step last = CallFacts.STEPS[1];
        Out.i("seen", last.next(4).seen);
        Out.i("then", last.next(7).next(1).seen);
    }
}
