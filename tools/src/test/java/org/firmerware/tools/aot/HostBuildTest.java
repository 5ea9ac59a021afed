package org.firmerware.tools.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fw build of real tops for the board host: the trace, the budget table and gate, the link-time allocation check. */
class HostBuildTest {

    @TempDir
    Path dir;

    private static String run(Build build, Path out, int[] status) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        status[0] = BuildCommand.run(build, out, true, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void timer2ledOnHostPrintsTheSimulatorsTraceForTheSameTimeSpan() {
        int[] status = new int[1];
        String printed = run(Build.top(BoardProfile.named("host"), Tops.named("timer2led"), true), dir, status);
        assertEquals(0, status[0], printed);
        Proc.Result image = Proc.run(dir, List.of("./image", "10"), 60);
        assertEquals(0, image.status(), image.output());

        StringBuilder sim = new StringBuilder();
        try (Simulation s = Simulation.of("sim")) {
            s.world().addSink(e -> {
                if (e.isVisible()) {
                    sim.append(HumanTrace.format(e, false)).append('\n');
                }
            });
            s.addPhone("timer2led");
            s.runMs(10_000);
        }
        assertEquals(sim.toString().replace("on board sim", "on board host"), image.output());
        assertEquals(3 + 20, image.output().lines().count(), image.output());

        // The same image's C (kernel code included) under ASan and UBSan, over libc: the same trace.
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-std=c99", "-O1", "-g", "-fno-strict-aliasing",
            "-fsanitize=undefined,address", "-fno-sanitize-recover=all", "-I.", "image.c", "fw_main.c", "fw_rt.c",
            "fw_cpu.c", "host_devices.c"));
        try {
            java.nio.file.Files.writeString(dir.resolve("fw_sys_libc.c"), Build.resource(
                "firmerware/rt/host/fw_sys_libc.c"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        cmd.addAll(List.of("fw_sys_libc.c", "-o", "image-sanitized"));
        Proc.Result cc = Proc.run(dir, cmd);
        assertEquals(0, cc.status(), cc.output());
        Proc.Result sanitized = Proc.run(dir, List.of("./image-sanitized", "10"), 60);
        assertEquals(image.output(), sanitized.output());
        assertEquals(0, sanitized.status());
    }

    @Test
    void everyBuildPrintsTheTableAndABuildOverBudgetFails() {
        int[] status = new int[1];
        String within = run(Build.top(BoardProfile.named("host"), Tops.named("switch2led"), true), dir, status);
        assertEquals(0, status[0], within);
        assertTrue(within.contains("per package") && within.contains("org.firmerware.kernel"), within);
        assertFalse(within.contains("OVER BUDGET"), within);

        BoardProfile tight = BoardProfile.named("host").withBudget("ramBytes", 16 * 1024);
        String over = run(Build.top(tight, Tops.named("switch2led"), true), dir.resolve("tight"), status);
        assertEquals(1, status[0], over);
        assertTrue(over.contains("OVER BUDGET") && over.contains("per package"), over);
    }

    @Test
    void theSimulatorCannotBeCompiledAndSaysWhy() {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            status = org.firmerware.tools.Fw.execute("build", "--board", "sim", "--top", "timer2led", "--out",
                dir.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, status);
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("its hardware is Java-only"), e.toString());
    }

    @Test
    void panicsResetOnlyWhereTheRuntimeCanResetAndABadValueIsNamed() {
        String[] said = new String[1];
        assertEquals(2, fwBuild(said, "--board", "host", "--top", "timer2led", "--on-panic", "reset"));
        assertTrue(said[0].contains("a panic cannot end in a reset with the host runtime (only cortex-m has"
            + " fw_cpu_reset); use halt"), said[0]);
        assertEquals(2, fwBuild(said, "--board", "host", "--top", "timer2led", "--on-panic", "reboot"));
        assertTrue(said[0].contains("--on-panic takes halt or reset, not 'reboot'"), said[0]);
        assertEquals(0, fwBuild(said, "--board", "host", "--top", "timer2led", "--on-panic", "halt"), said[0]);
    }

    /** fw build with the arguments (and --out the test's directory); its exit status, and its standard error. */
    private int fwBuild(String[] stderr, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("build"));
        all.addAll(java.util.List.of(args));
        all.addAll(java.util.List.of("--out", dir.resolve("on-panic").toString()));
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return org.firmerware.tools.Fw.execute(all.toArray(new String[0]));
        } finally {
            System.setErr(err);
            stderr[0] = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void numberedPanicSitesSaveFlash() {
        BoardProfile host = BoardProfile.named("host");
        Build text = Build.top(host, Tops.named("timer2led"), true);
        Build numbered = Build.top(host.with("c", "panicSites", "numbers"), Tops.named("timer2led"), true);
        assertTrue(text.imageC().contains("[] = \"NullPointerException at "), "sites are texts by default");
        assertTrue(numbered.imageC().contains("/* #0: ") && !numbered.imageC().contains("fw_site_0[]"),
            "numbered sites");
        text.writeTo(dir.resolve("text"));
        numbered.writeTo(dir.resolve("numbered"));
        long textFlash = text.compile(dir.resolve("text")).budget().flash();
        long numberedFlash = numbered.compile(dir.resolve("numbered")).budget().flash();
        // The texts of the sites left after the checks the compiler proves redundant: about 1 KB for timer2led.
        assertTrue(numberedFlash < textFlash - 500, textFlash + " -> " + numberedFlash);
    }

    @Test
    void aCallWhoseEveryTargetReturnsAnObjectNeedsNoNullCheck() {
        Build b = Build.program(BoardProfile.named("host"), "org.firmerware.tools.aot.corpus.CallFacts", true,
            Build.ENTRY);
        String chain = function(b.imageC(), "M_CallFacts_chain_");
        assertTrue(chain.contains("_Line_pair_") && !chain.contains("FW_NN("), chain);
        // Step.next has a target that may return null: the result of the first call is checked before the second.
        String mission = function(b.imageC(), "M_CallFacts_mission_");
        assertTrue(mission.contains("FW_NN("), mission);
    }

    /** The C definition of the function whose name starts so. */
    private static String function(String c, String prefix) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n(static )?\\w+\\*? " + prefix + "\\d+\\([^;{]*\\) \\{")
            .matcher(c);
        assertTrue(m.find(), prefix + " not defined");
        return c.substring(m.start(), c.indexOf("\n}\n", m.start()));
    }

    @Test
    void anAllocationThatSlipsPastTheCheckerFailsTheLink() {
        String planted = "org.firmerware.tools.aot.corpus.PlantedAllocation";
        UserError caught = assertThrows(UserError.class,
            () -> Build.program(BoardProfile.named("host"), planted, true, Build.ENTRY));
        assertTrue(caught.getMessage().contains("new int[]"), caught.getMessage());

        int[] status = new int[1];
        String printed = run(Build.program(BoardProfile.named("host"), planted, false, Build.ENTRY), dir, status);
        assertEquals(1, status[0], printed);
        assertTrue(printed.contains("undefined reference to `fw_mission_allocation'"), printed);
        assertTrue(printed.contains("mission code allocates"), printed);
    }
}
