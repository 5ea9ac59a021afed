package org.firmerware.tools.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.boards.sim.world.Script;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The porting tests on the board mps2-an385: each is built by fw build (arm-none-eabi-gcc), run under
 * qemu-system-arm -M mps2-an385 by the fw run path, with the same script as on the simulator, and must print exactly
 * the simulator's trace for the same time span (but for the board's name in the kernel's first line; the simulator
 * keeps the watchdog counting as the board's profile does), and its core
 * must have been woken as often as the simulated phone's (the kernel's wake-ups: the CMSDK timebase's wrap and the
 * LAN9118's bring-up interrupt wake the core without waking the kernel). The script's
 * keys and hook switch reach the board through its run file. {@code echo} is left out: the MPS2 has no codec (its
 * image says "no sound", which the simulator's phone never does). Skipped without qemu-system-arm or
 * arm-none-eabi-gcc, except when CI=true, where it fails.
 */
class PortingTestsOnMps2Test {

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsTools() {
        boolean tools = runs("arm-none-eabi-gcc", "--version") && runs("qemu-system-arm", "--version");
        if (!tools && "true".equals(System.getenv("CI"))) {
            fail("CI=true, but arm-none-eabi-gcc or qemu-system-arm is missing");
        }
        assumeTrue(tools, "arm-none-eabi-gcc or qemu-system-arm missing");
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The simulator's trace of {@code top} for {@code ms} with the script (may be null); its wake-ups in wakes[0]. */
    private static String onSim(String top, Path script, long ms, long[] wakes) throws Exception {
        StringBuilder out = new StringBuilder();
        // The simulator's profile leaves the watchdog stopped after a trial; with mps2-an385's kept count it does the
        // same as the board.
        int keep = BoardProfile.named("mps2-an385").sizes().watchdogMs();
        try (Simulation s = new Simulation(BoardProfile.named("sim").with("sizes", "watchdogMs", (long) keep))) {
            s.world().addSink(e -> {
                if (e.isVisible()) {
                    out.append(HumanTrace.format(e, false)).append('\n');
                }
            });
            s.addPhone(top);
            if (script != null) {
                Script.parse(script).schedule(s.world());
            }
            s.runMs(ms);
            wakes[0] = s.world().wakeUps();
        }
        return out.toString();
    }

    /** The trace mps2-an385 prints for {@code top} under QEMU, through the fw run path. */
    private static QemuRun.Result onMps2(String top, Path script, long ms, StringBuilder trace) throws Exception {
        List<Script.Input> inputs = script == null ? List.of() : Script.parse(script).inputs("mps2-an385");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        QemuRun.Result r;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            r = QemuRun.run(BoardProfile.named("mps2-an385"), Tops.named(top), dir.resolve(top), inputs, ms, null, o,
                e);
        }
        trace.append(out.toString(StandardCharsets.UTF_8));
        assertEquals(0, r.status(), top + ": " + err.toString(StandardCharsets.UTF_8) + "\n" + trace);
        return r;
    }

    private static void same(String top, String script, long ms, int minLines) throws Exception {
        Path file = null;
        if (script != null) {
            file = dir.resolve(top + ".script");
            Files.writeString(file, script);
        }
        long[] wakes = new long[1];
        String sim = onSim(top, file, ms, wakes).replace("on board sim", "on board mps2-an385");
        StringBuilder mps2 = new StringBuilder();
        QemuRun.Result r = onMps2(top, file, ms, mps2);
        assertEquals(sim, mps2.toString(), top + " on mps2-an385 against sim");
        assertTrue(sim.lines().count() >= minLines, top + " printed too little to prove anything:\n" + sim);
        assertEquals(ms, r.endMs(), "the run ended at its end");
        assertEquals(wakes[0], r.wakes(), top + ": the board's core slept and woke as often as the simulated phone");
    }

    @Test
    void timer2ledTogglesEvery500msAsOnTheSimulatorAndWakesTwiceASecond() throws Exception {
        same("timer2led", null, 10_000, 23);
    }

    /** fw run with the arguments; its standard output and exit status. */
    private static String fwRun(int[] status, String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            status[0] = org.firmerware.tools.Fw.execute(args);
        } finally {
            System.setOut(stdout);
        }
        return o.toString(StandardCharsets.UTF_8);
    }

    /** netconsole built for mps2-an385 and wrapped as a firmware image of that version (the build done once). */
    private static synchronized Path netconsoleImage(String version) throws Exception {
        Path nc = dir.resolve("nc-image");
        if (!Files.exists(nc.resolve("image.bin"))) {
            // fw build writes image.bin, the raw binary (the board's profile names an objcopy).
            assertEquals(0, org.firmerware.tools.Fw.execute("build", "--board", "mps2-an385", "--top", "netconsole",
                "--out", nc.toString()), "fw build netconsole");
        }
        Path img = nc.resolve("nc-" + version + ".img");
        assertEquals(0, org.firmerware.tools.Fw.execute("image", "--board", "mps2-an385", "--top", "netconsole",
            "--version", version, "--payload", nc.resolve("image.bin").toString(), "-o", img.toString()));
        return img;
    }

    /**
     * The bootloader on the Cortex-M with netconsole's image installed in firmware-a before power-up (fw run --image,
     * as a factory would): on the hook it checks the slot and starts netconsole, whose payload it copies over itself;
     * off the hook (--offhook) it stays in bootloader mode.
     */
    @Test
    void theBootloaderStartsAnInstalledImageOnTheHookAndStaysOffTheHook() throws Exception {
        Path img = netconsoleImage("3.1.0");
        int[] status = new int[1];
        String onHook = fwRun(status, "run", "--board", "mps2-an385", "--top", "bootloader", "--image",
            "firmware-a=" + img, "--seconds", "2", "--out", dir.resolve("bl-image").toString());
        assertEquals(0, status[0], onHook);
        int start = onHook.indexOf("bootloader: starting firmware-a: netconsole 3.1.0");
        assertTrue(onHook.contains("firmware-a: netconsole 3.1.0, sequence 1, confirmed") && start > 0, onHook);
        assertTrue(onHook.indexOf("netconsole: console on LLC SAP 14 at 02:00:00:00:00:01", start) > 0, onHook);

        String offHook = fwRun(status, "run", "--board", "mps2-an385", "--top", "bootloader", "--image",
            "firmware-a=" + img, "--offhook", "--seconds", "2", "--out",
            dir.resolve("bl-image").toString());
        assertEquals(0, status[0], offHook);
        assertTrue(offHook.contains("bootloader mode: tftp on LLC SAP 44") && !offHook.contains("starting"), offHook);
    }

    /**
     * Powers the bootloader up on the Cortex-M for {@code seconds} with the flash kept in {@code flash}: the first time
     * ({@code install}) with {@code factory} in firmware-a (confirmed) and {@code update} in firmware-b (on trial);
     * returns what fw run printed.
     */
    private static String powerUp(int[] status, Path flash, int seconds, boolean install, Path factory, Path update) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--board", "mps2-an385", "--top", "bootloader",
            "--flash", flash.toString(), "--seconds", Integer.toString(seconds), "--out",
            dir.resolve("bl-" + flash.getFileName()).toString()));
        if (install) {
            args.addAll(List.of("--image", "firmware-a=" + factory, "--trial-image", "firmware-b=" + update));
        }
        return fwRun(status, args.toArray(new String[0]));
    }

    /**
     * The trial boot on the Cortex-M: an update (netconsole 3.2.0 in firmware-b, installed as fw flash leaves it) whose
     * runs end before it confirms itself is started three times, each start counted in the flash that fw run keeps
     * across the resets; at the fourth power-up the bootloader gives it up and starts the older firmware-a.
     */
    @Test
    void anUpdateThatNeverConfirmsItselfGivesWayToTheOlderFirmwareAfterThreeStarts() throws Exception {
        Path v1 = netconsoleImage("3.1.0");
        Path v2 = netconsoleImage("3.2.0");
        Path flash = dir.resolve("trial-flash.bin");
        int[] status = new int[1];
        // Each run ends after 2 s, before netconsole confirms itself (5 s): the board resets, fw run keeps the flash.
        for (int start = 1; start <= 3; start++) {
            String run = powerUp(status, flash, 2, start == 1, v1, v2);
            assertEquals(0, status[0], run);
            String starting = "bootloader: starting firmware-b: netconsole 3.2.0, on trial (start " + start + " of 3)";
            assertTrue(run.contains(starting) && run.contains("netconsole: console on LLC SAP 14"), run);
            assertTrue(!run.contains("trial boot: "), run);
        }
        String run = powerUp(status, flash, 2, false, v1, v2);
        assertEquals(0, status[0], run);
        assertTrue(run.contains("firmware-b: netconsole 3.2.0, sequence 2, failed: started 3 times without confirming"
            + " itself"), run);
        assertTrue(run.contains("bootloader: starting firmware-a: netconsole 3.1.0")
            && !run.contains("firmware-a: netconsole 3.1.0, on trial"), run);
    }

    /**
     * Builds a test firmware ({@code top}, not a top of the product) for {@code profile} and makes it an image file
     * (version 1.0.0) as fw image does; returns the file.
     */
    private static Path testImage(BoardProfile profile, String name, Class<?> top) throws Exception {
        Path out = dir.resolve(name + "-image");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int built = org.firmerware.tools.aot.BuildCommand.run(org.firmerware.tools.aot.Build.top(profile,
            new Tops.Entry(name, top.getName(), "a test firmware"), true), out, true,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, built, printed.toString(StandardCharsets.UTF_8));
        Path img = out.resolve(name + ".img");
        assertEquals(0, org.firmerware.tools.Fw.execute("image", "--board", "mps2-an385", "--top", name,
            "--version", "1.0.0", "--payload", out.resolve("image.bin").toString(), "-o", img.toString()));
        return img;
    }

    /**
     * The watchdog: the bootloader starts it before it starts a firmware on trial, and a firmware that hangs before it
     * has confirmed itself (its timer handler spins for ever a second after each start) is reset by it 10 s after
     * its start. In one run (fw run powers the board up again after each reset, with the kept flash): three starts,
     * each ending in the watchdog's reset; the fourth power-up starts the older firmware-a, which confirms nothing
     * (it is confirmed) and so runs on with the watchdog stopped.
     */
    @Test
    void aFirmwareOnTrialThatHangsIsResetByTheWatchdogAndGivenUpAfterThreeStarts() throws Exception {
        Path v1 = netconsoleImage("3.1.0");
        Path img = testImage(BoardProfile.named("mps2-an385"), "hangs", HangsAfterOneSecond.class);
        int[] status = new int[1];
        String run = powerUp(status, dir.resolve("hang-flash.bin"), 45, true, v1, img);
        assertEquals(0, status[0], run);
        int at = 0;
        for (int start = 1; start <= 3; start++) {
            at = run.indexOf("bootloader: starting firmware-b: hangs 1.0.0, on trial (start " + start
                + " of 3), watchdog 10 s", at);
            assertTrue(at > 0, "start " + start + " in\n" + run);
            at = run.indexOf("hangs after one second", at);
            assertTrue(at > 0, run);
            at = run.indexOf("watchdog: reset", at);
            assertTrue(at > 0, "the watchdog's reset after start " + start + " in\n" + run);
        }
        int failed = run.indexOf("firmware-b: hangs 1.0.0, sequence 2, failed: started 3 times without confirming"
            + " itself", at);
        assertTrue(failed > 0 && run.indexOf("bootloader: starting firmware-a: netconsole 3.1.0", failed) > 0, run);
        assertEquals(3, run.split("watchdog: reset", -1).length - 1, run);
        // Each start ran about 10 s of the board's time before its reset.
        List<Double> starts = new java.util.ArrayList<>();
        for (String line : run.strip().split("\n")) {
            if (line.contains("bootloader: starting firmware-b")) {
                starts.add(Double.parseDouble(line.trim().split("\\s+")[0]));
            }
        }
        assertEquals(3, starts.size(), run);
        for (int i = 1; i < 3; i++) {
            double apart = starts.get(i) - starts.get(i - 1);
            assertTrue(apart >= 10.0 && apart < 12.0, "starts " + apart + " s apart in\n" + run);
        }
    }

    /**
     * The watchdog kept while a firmware runs ({@code sizes.watchdogMs}, 15 s here): a confirmed firmware that hangs
     * 10 s after each start, after its trial, is reset 15 s after the kernel last started the count again (at the end
     * of the trial, 5 s after the start) and starts again, without a power cycle. One fw run of 45 s: two resets.
     */
    @Test
    void aConfirmedFirmwareThatHangsIsResetByTheKeptWatchdogAndStartsAgain() throws Exception {
        Path img = testImage(BoardProfile.named("mps2-an385").with("sizes", "watchdogMs", 15_000L), "hangs10",
            HangsAfterTenSeconds.class);
        int[] status = new int[1];
        String run = fwRun(status, "run", "--board", "mps2-an385", "--top", "bootloader", "--flash",
            dir.resolve("keep-flash.bin").toString(), "--image", "firmware-a=" + img, "--seconds", "45", "--out",
            dir.resolve("bl-keep").toString());
        assertEquals(0, status[0], run);
        List<Double> starts = new java.util.ArrayList<>();
        List<Double> resets = new java.util.ArrayList<>();
        for (String line : run.strip().split("\n")) {
            if (line.contains("bootloader: starting firmware-a: hangs10 1.0.0")) {
                starts.add(Double.parseDouble(line.trim().split("\\s+")[0]));
            } else if (line.contains("watchdog: reset")) {
                resets.add(Double.parseDouble(line.trim().split("\\s+")[0]));
            }
        }
        assertEquals(3, starts.size(), run);
        assertEquals(2, resets.size(), run);
        for (int i = 0; i < 2; i++) {
            double after = resets.get(i) - starts.get(i);
            assertTrue(after >= 20.0 && after < 21.0, "reset " + after + " s after the start in\n" + run);
        }
        assertEquals(3, run.split("watchdog: 15 s, started again every 11 s while the main loop runs", -1).length - 1,
            run);
        assertTrue(!run.contains("on trial"), run);
    }

    /**
     * With {@code c.onPanic reset}, a panic resets the board as a watchdog would, and the bootloader counts it as a
     * failed start of the firmware on trial: a firmware that panics a second after every start (installed as an
     * update) is started three times, each start ending in its panic and a reset, and the fourth power-up starts the
     * older firmware-a, all in one fw run (which powers the board up again after each reset, with the kept flash).
     */
    @Test
    void aFirmwareOnTrialThatPanicsIsGivenUpAfterThreeStartsWhenPanicsReset() throws Exception {
        Path v1 = netconsoleImage("3.1.0");
        BoardProfile resetting = BoardProfile.named("mps2-an385").with("c", "onPanic", "reset");
        Path img = testImage(resetting, "panics", PanicsAfterOneSecond.class);
        assertTrue(Files.readString(dir.resolve("panics-image").resolve("fw_config.h"))
            .contains("#define FW_PANIC_RESET 1"));

        // One run: each panic resets the board, fw run powers it up again with the flash the reset left, and the
        // bootloader counts the start; the fourth power-up starts firmware-a, which runs to the end of the run.
        int[] status = new int[1];
        String run = powerUp(status, dir.resolve("panic-flash.bin"), 20, true, v1, img);
        assertEquals(0, status[0], run);
        int at = 0;
        for (int start = 1; start <= 3; start++) {
            at = run.indexOf("bootloader: starting firmware-b: panics 1.0.0, on trial (start " + start + " of 3)", at);
            assertTrue(at > 0, "start " + start + " in\n" + run);
            at = run.indexOf("panic: #", at);
            assertTrue(at > 0 && run.startsWith("panic: #", at), "the panic after start " + start + " in\n" + run);
            assertTrue(run.indexOf("(a site of the started image: see its build's report.txt)", at) > 0, run);
        }
        int failed = run.indexOf("firmware-b: panics 1.0.0, sequence 2, failed: started 3 times without confirming"
            + " itself", at);
        assertTrue(failed > 0 && run.indexOf("bootloader: starting firmware-a: netconsole 3.1.0", failed) > 0, run);
        assertEquals(3, run.split("panic: #", -1).length - 1, run);
        // The trace's times go on across the image starts and the resets, as the simulator's do: never backwards.
        double before = 0;
        for (String line : run.strip().split("\n")) {
            String first = line.trim().split("\\s+")[0];
            if (first.matches("\\d+\\.\\d{3}")) {
                double t = Double.parseDouble(first);
                assertTrue(t >= before, line + " after " + before + " in\n" + run);
                before = t;
            }
        }
    }

    /** fw build says whether an image fits the flash partition it is for, and fails when it does not. */
    @Test
    void theBootloaderFitsItsPartitionOnlyWithNumberedPanicSites() {
        BoardProfile mps2 = BoardProfile.named("mps2-an385");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = org.firmerware.tools.aot.BuildCommand.run(org.firmerware.tools.aot.Build.top(mps2,
            Tops.named("bootloader"), true), dir.resolve("bootloader-numbers"), true,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
        String numbers = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, numbers);
        assertTrue(numbers.contains("fw build: the image fits its partition 'bootloader': ")
            && numbers.contains(" of 65,536 B"), numbers);
        printed.reset();
        status = org.firmerware.tools.aot.BuildCommand.run(org.firmerware.tools.aot.Build.top(
            mps2.with("c", "panicSites", "text"), Tops.named("bootloader"), true), dir.resolve("bootloader-text"),
            true, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text);
        assertTrue(text.contains("fw build: the image does not fit its partition 'bootloader': ")
            && text.contains("(--panic-sites numbers makes it smaller)"), text);
        printed.reset();
        status = org.firmerware.tools.aot.BuildCommand.run(org.firmerware.tools.aot.Build.top(mps2,
            Tops.named("timer2led"), true), dir.resolve("timer2led-slot"), true,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, status, printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("fw build: the image fits a firmware slot: "),
            printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLinkerScriptHoldsTheImageToTheRamBudget() {
        // timer2led needs about 13.5 KB of RAM (8 KiB of it the stack): in a 12 KiB budget the link must fail.
        BoardProfile small = BoardProfile.named("mps2-an385").withBudget("ramBytes", 12288);
        org.firmerware.tools.aot.Build b = org.firmerware.tools.aot.Build.top(small, Tops.named("timer2led"), true);
        Path out = dir.resolve("over-budget");
        b.writeTo(out);
        org.firmerware.tools.aot.Build.Compiled c = b.compile(out);
        assertTrue(!c.linked(), "linked in 12 KiB:\n" + c.compilerOutput());
        assertTrue(c.compilerOutput().contains("RAM budget exceeded")
            || c.compilerOutput().contains("region `RAM' overflowed"), c.compilerOutput());
        // fw build still prints the table, measured with larger regions, and exits 1.
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int status = org.firmerware.tools.aot.BuildCommand.run(b, out, true,
            new PrintStream(table, true, StandardCharsets.UTF_8));
        String printed = table.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, printed);
        assertTrue(printed.contains("RAM budget exceeded") && printed.contains("of 12288 B")
            && printed.contains("OVER BUDGET") && printed.contains("org.firmerware.kernel.console"), printed);
        org.firmerware.tools.aot.Build fits = org.firmerware.tools.aot.Build.top(
            BoardProfile.named("mps2-an385"), Tops.named("timer2led"), true);
        Path ok = dir.resolve("in-budget");
        fits.writeTo(ok);
        org.firmerware.tools.aot.Build.Compiled d = fits.compile(ok);
        assertTrue(d.linked(), d.compilerOutput());
        assertTrue(d.budget().ram() <= 262144 && d.budget().ram() > 12288, d.budget().table());
    }

    @Test
    void timer2ledKeepsItsPhaseAcrossTheWrapOfTheTimebase() throws Exception {
        // TIMER0 counts 25 MHz ticks in periods of 171.798 s; the clock must go on across the period's end.
        same("timer2led", null, 180_000, 363);
    }

    @Test
    void switch2ledFollowsTheScriptedHookSwitch() throws Exception {
        same("switch2led", "1s offhook\n2s onhook\n2.1s offhook\n", 3_000, 7);
    }

    @Test
    void keys2displayShowsTheScriptedKeys() throws Exception {
        same("keys2display", "1s type 192*168*0*1 200ms\n4s press hold\n4.5s release\n5s key #\n", 6_000, 30);
    }

    @Test
    void netconsoleComesUpOnTheLan9118AsOnTheSimulator() throws Exception {
        same("netconsole", null, 20_000, 5);
    }

    @Test
    void theBootloaderFindsNoFirmwareInTheEmulatedFlashAndStaysAsOnTheSimulator() throws Exception {
        same("bootloader", null, 5_000, 59);
    }

    @Test
    void ping6WithoutARouterAsOnTheSimulator() throws Exception {
        same("ping6", null, 60_000, 4);
    }
}
