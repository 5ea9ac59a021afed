package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.firmerware.tools.Fw;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

    private String out;
    private String err;

    private int fw(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return Fw.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void allPrintsOneSummaryLinePerPairAndSucceeds() {
        assertEquals(0, fw("check", "--all"), out + err);
        List<String> lines = out.lines().toList();
        assertEquals(org.firmerware.tools.profile.BoardProfile.all().size()
            * org.firmerware.tools.profile.Tops.all().size(), lines.size(), "one line per pair: " + out);
        for (String board : List.of("bt200", "host", "sim")) {
            for (String top : List.of("echo", "keys2display", "ping6", "switch2led", "timer2led")) {
                assertTrue(lines.stream().anyMatch(l -> l.matches("fw check: " + board + "/" + top
                    + ": \\d+ classes, \\d+ methods \\(\\d+ mission\\); no violation")), out);
            }
        }
    }

    @Test
    void verboseListsTheClasses() {
        assertEquals(0, fw("check", "--top", "timer2led", "-v"), out + err);
        assertTrue(out.contains("org.firmerware.kernel.Kernel "), out);
        assertTrue(out.lines().reduce((a, b) -> b).orElseThrow().startsWith("fw check: sim/timer2led: "), out);
    }

    @Test
    void badInputIsOneLineAndStatusTwo() {
        assertEquals(2, fw("check", "--top", "nosuchtop"));
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("fw check: no top named 'nosuchtop' (tops: "), err);

        assertEquals(2, fw("check", "--board", "nosuchboard", "--top", "echo"));
        assertTrue(err.startsWith("fw check: no board named 'nosuchboard'"), err);

        assertEquals(2, fw("check"));
        assertEquals("fw check: which top? give --top (see 'fw tops') or --all", err.strip());

        assertEquals(2, fw("check", "--all", "--top", "echo"));
        assertEquals("fw check: give either --all or --board and --top, not both", err.strip());
    }
}
