package org.firmerware.tools.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.firmerware.tools.Fw;
import org.firmerware.top.budgettest.Hog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetCommandTest {

    private record Run(int status, String out, String err) {
    }

    private static Run fw(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Fw.execute(args);
            return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"switch2led", "timer2led", "keys2display", "echo"})
    void portingTestsFitTheSimBudgetAndShowKernelAndConsoleRing(String top) {
        BudgetReport report = BudgetReport.measure("sim", top);

        assertFalse(report.overBudget(), report.summary());
        assertTrue(report.ramBytes() > 4096, report.summary());
        BudgetReport.Row kernel = report.classes().stream()
            .filter(r -> r.name().equals("org.firmerware.kernel.Kernel")).findFirst().orElseThrow();
        assertEquals(1, kernel.objects());
        HeapWalk.Item ring = report.walk().items().stream()
            .filter(i -> i.path().equals("Kernel.log.ring")).findFirst().orElseThrow();
        assertEquals("byte[4096]", ring.shape());
        assertEquals(2 + 4 + 4096, ring.targetBytes());
        assertEquals("org.firmerware.kernel.console", ring.packageName());
        assertTrue(report.biggest(3).contains(ring));
        assertTrue(report.walk().unexpected().isEmpty(), () -> report.walk().unexpected().toString());
    }

    @Test
    void printsTheTableAndTheVerdict() {
        Run run = fw("budget", "--board", "sim", "--top", "timer2led");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("org.firmerware.kernel.Kernel "), run.out());
        assertTrue(run.out().contains("org.firmerware.porting.timer2led.Timer2Led "), run.out());
        assertTrue(run.out().contains("byte[4096]  Kernel.log.ring"), run.out());
        assertTrue(run.out().matches("(?s).*\nRAM \\(target layout\\): [0-9,]+ B of 262,144 B \\([0-9.]+ %\\)\n"),
            run.out());
        assertFalse(run.out().contains("WARNING"), "JOL's warnings stay out of the report");
    }

    @Test
    void overBudgetExitsOneAndStillPrintsTheTable() {
        Run run = fw("budget", "--board", "sim", "--top", "hog");

        assertEquals(1, run.status(), run.err());
        assertTrue(run.out().contains("class "), run.out());
        assertTrue(run.out().contains("byte[" + Hog.BYTES + "]  Hog.hoard"), run.out());
        assertTrue(run.out().contains("org.firmerware.top.budgettest.Hog statics"), run.out());
        assertTrue(run.out().contains("OVER BUDGET by"), run.out());
    }

    @Test
    void theBt200sEchoFitsItsBudgetInTheC55xLayout() {
        BudgetReport echo = BudgetReport.measure("bt200", "echo");
        assertTrue(!echo.overBudget(), "within 256 KiB");
        assertTrue(echo.classes().stream().anyMatch(r -> r.name().equals(
            "org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2x")), "the codec driver's ring is firmware RAM");
        assertTrue(echo.classes().stream().noneMatch(r -> r.name().startsWith("org.firmerware.boards.bt200.sim")),
            "the simulator's models are not");
    }

    @Test
    void eachRunSeesOnlyItsOwnClasses() {
        BudgetReport echo = BudgetReport.measure("sim", "echo");
        BudgetReport timer = BudgetReport.measure("sim", "timer2led");
        assertTrue(echo.classes().stream().anyMatch(r -> r.name().equals("short[]")));
        assertTrue(timer.classes().stream().noneMatch(r -> r.name().equals("short[]")),
            "Echo's static sine table belongs to echo only");
    }

    @Test
    void allPairsEndWithASummary() {
        Run run = fw("budget", "--all");

        assertEquals(1, run.status(), "the hog is over budget");
        String summary = run.out().substring(run.out().indexOf("summary (board, top, RAM in the target layout):"));
        List<String> lines = summary.lines().skip(1).toList();
        long boards = org.firmerware.tools.profile.BoardProfile.all().values().stream()
            .filter(org.firmerware.tools.run.Simulation::supports).count();
        assertEquals(boards * org.firmerware.tools.profile.Tops.all().size(), lines.size(),
            "one line per pair: " + summary);
        for (String board : List.of("bt200", "sim")) {
            for (String top : List.of("echo", "hog", "keys2display", "ping6", "switch2led", "timer2led")) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(board) && l.contains(" " + top + " ")), summary);
            }
        }
        assertEquals(boards, lines.stream().filter(l -> l.contains("OVER BUDGET")).count(), "the hog, on each board: "
            + summary);
    }

    @Test
    void errorsAreOneLineNamingTheBoardOrTop() {
        Run board = fw("budget", "--board", "nosuch", "--top", "timer2led");
        assertEquals(2, board.status());
        assertEquals("fw budget: no board named 'nosuch' (boards: bt200, host, mps2-an385, sim)", board.err().strip());

        Run top = fw("budget", "--board", "sim", "--top", "nosuch");
        assertEquals(2, top.status());
        assertTrue(top.err().strip().startsWith("fw budget: no top named 'nosuch'"), top.err());
        assertEquals(1, top.err().strip().lines().count());

        assertEquals(2, fw("budget").status());
    }
}
