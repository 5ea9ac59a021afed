package org.firmerware.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs the {@code fw} command line in the test's JVM and captures what it prints. */
public final class FwRun {

    private FwRun() {
    }

    /**
     * Runs {@code fw args}, asserts its exit status, and returns what it printed: standard output, then standard
     * error.
     */
    public static String[] run(int status, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int s = Fw.execute(args);
            String[] printed = {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
            assertEquals(status, s, Arrays.toString(printed));
            return printed;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
