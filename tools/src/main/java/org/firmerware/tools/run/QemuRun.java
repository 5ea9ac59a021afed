package org.firmerware.tools.run;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.firmerware.boards.sim.hw.SimDisplay;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.boards.sim.world.Script;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.World;
import org.firmerware.tools.UserError;
import org.firmerware.tools.aot.Build;
import org.firmerware.tools.aot.BuildCommand;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;

/**
 * {@code fw run} on a board whose profile has a {@code "qemu"} section (mps2-an385): builds the image with
 * {@code fw build}, writes the run file (the script's keys and hook switch, and the end of the run) and runs the image
 * under {@code qemu-system-arm}, reading the board's panel lines from its UART and printing them as the simulator's
 * trace.
 *
 * <p>Without a network, QEMU runs with {@code -icount shift=3,sleep=off}: every instruction takes 8 ns of virtual
 * time and the clock jumps while the core sleeps, so a run is deterministic and an idle hour passes in seconds. With
 * {@code --net tap:IF} the board's LAN9118 is attached to the TAP interface and time is real.
 *
 * <p>Panel lines (written by the board, see its README): {@code @<ms> led <light> <colour>}, {@code @<ms> text <12
 * cells as hex>}, {@code @<ms> time <first> <second> <colon>}, {@code @<ms> time off}, {@code @<ms> symbol <n> <on>},
 * {@code @<ms> bar <level>}, {@code @<ms> log <text>}, and {@code @<ms> end <sleeps>} when the run file's end has come.
 * Other lines (a panic) are printed as they are, a numbered panic site with its text from the build.
 */
public final class QemuRun {

    /** The run file's magic, "FWRN" little-endian. */
    static final int MAGIC = 0x4E52_5746;
    /** The run file's "no end". */
    static final int NO_END = -1;

    private QemuRun() {
    }

    /** Whether a board runs under QEMU. */
    public static boolean supports(BoardProfile profile) {
        return !profile.section("qemu").isEmpty();
    }

    /** What a run printed and how it ended. */
    public record Result(int status, long endMs, long wakes, double hostSeconds) {
    }

    /**
     * The run file: the inputs and the end in milliseconds of board time ({@link #NO_END}: none), little-endian.
     */
    static byte[] runFile(List<Script.Input> inputs, long endMs) {
        ByteBuffer b = ByteBuffer.allocate(12 + 12 * inputs.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt((int) endMs).putInt(inputs.size());
        for (Script.Input in : inputs) {
            b.putInt((int) (in.timeUs() / 1000));
            switch (in.action()) {
                case "offhook" -> b.putInt(1).putInt(1);
                case "onhook" -> b.putInt(1).putInt(0);
                case "press" -> b.putInt(2).putInt(in.keyClass() << 8 | in.code() & 0xFF);
                case "release" -> b.putInt(3).putInt(0);
                default -> throw new IllegalArgumentException(in.action());
            }
        }
        return b.array();
    }

    /**
     * One panel line as the simulator's trace event, or null when it is not a panel line (or is the end). The kinds
     * are those of the boards' displays and lights; unknown kinds are kept as they are, under "board".
     */
    static TraceEvent event(String line) {
        if (!line.startsWith("@")) {
            return null;
        }
        int sp = line.indexOf(' ');
        if (sp < 0) {
            return null;
        }
        long ms;
        try {
            ms = Long.parseLong(line.substring(1, sp));
        } catch (NumberFormatException e) {
            return null;
        }
        long us = ms * 1000;
        String rest = line.substring(sp + 1);
        int sp2 = rest.indexOf(' ');
        String kind = sp2 < 0 ? rest : rest.substring(0, sp2);
        String args = sp2 < 0 ? "" : rest.substring(sp2 + 1);
        String[] a = args.split(" ");
        String device = "phone";
        try {
            switch (kind) {
                case "led":
                    return new TraceEvent(us, device, "led", World.ledName(Integer.parseInt(a[0])),
                        World.colourName(Integer.parseInt(a[1])));
                case "text":
                    return new TraceEvent(us, device, "display", "text",
                        SimDisplay.read(HexFormat.of().parseHex(args)));
                case "time":
                    if (args.equals("off")) {
                        return new TraceEvent(us, device, "display", "time", "off");
                    }
                    return new TraceEvent(us, device, "display", "time", String.format("%d%s%02d",
                        Integer.parseInt(a[0]), a[2].equals("1") ? ":" : " ", Integer.parseInt(a[1])));
                case "symbol":
                    return new TraceEvent(us, device, "display", World.symbolName(Integer.parseInt(a[0])),
                        a[1].equals("1") ? "on" : "off");
                case "bar":
                    return new TraceEvent(us, device, "display", "bar", a[0]);
                case "log":
                    return new TraceEvent(us, device, "console", "log", args);
                case "end":
                    return null;
                default:
                    return new TraceEvent(us, device, "board", kind, args);
            }
        } catch (RuntimeException e) {
            return new TraceEvent(us, device, "board", "garbled", line);
        }
    }

    /**
     * A panic with a numbered site ({@code panic: #17}, the image's way to keep the sites' texts out of its flash)
     * with the site's text from the build appended; any other line as it is.
     */
    static String explainPanic(String line, Build build) {
        if (!line.startsWith("panic: #")) {
            return line;
        }
        try {
            String text = build.panicSite(Integer.parseInt(line.substring("panic: #".length()).trim()));
            return text == null ? line : line.trim() + " " + text;
        } catch (NumberFormatException e) {
            return line;
        }
    }

    /**
     * Builds the image of {@code top} for the board into {@code dir} and runs it.
     *
     * @param inputs the script's inputs (empty without a script)
     * @param endMs when the run ends, in ms of board time, or {@link #NO_END} (with a TAP: until killed)
     * @param tap the TAP interface to attach the board's Ethernet to, or null for none (then time is virtual)
     * @param trace where the trace lines go (null: nowhere)
     * @param err where the build's and QEMU's messages go
     */
    public static Result run(BoardProfile profile, Tops.Entry top, Path dir, List<Script.Input> inputs, long endMs,
            String tap, PrintStream trace, PrintStream err) throws IOException {
        return run(profile, top, dir, inputs, endMs, tap, null, null, trace, err);
    }

    /**
     * {@link #run(BoardProfile, Tops.Entry, Path, List, long, String, PrintStream, PrintStream)} with the board's
     * emulated flash loaded from {@code flashLoad} (null or missing: QEMU starts it zeroed) into QEMU's memory at the
     * profile's {@code qemu.flashAddress}, and saved to {@code flashFile} (null: not saved) when the board ends the
     * run or resets (QEMU then pauses instead of exiting, and {@code pmemsave} over QMP writes the flash out before
     * it quits).
     *
     * <p>With the flash saved, a reset before the end of the run (a reboot, a panic that resets) powers the board up
     * again from the saved flash, as the simulator reboots its phone, until the run's end: the trace goes on, its
     * times continued from the last line before the reset. Within one power-up, the lines of an image the bootloader
     * started (whose clock starts again at 0) are shifted to the time of the bootloader's "starting" line, so the
     * trace reads as the simulator's does.
     */
    public static Result run(BoardProfile profile, Tops.Entry top, Path dir, List<Script.Input> inputs, long endMs,
            String tap, Path flashLoad, Path flashFile, PrintStream trace, PrintStream err) throws IOException {
        ByteArrayOutputStream built = new ByteArrayOutputStream();
        int status;
        Build build = Build.top(profile, top, true);
        try (PrintStream p = new PrintStream(built, true, StandardCharsets.UTF_8)) {
            status = BuildCommand.run(build, dir, true, p);
        }
        if (status != 0) {
            err.print(built.toString(StandardCharsets.UTF_8));
            throw new UserError("fw build failed for " + profile.name() + "/" + top.name() + " (above)");
        }
        long started = System.nanoTime();
        long offsetMs = 0;
        Path load = flashLoad;
        for (;;) {
            List<Script.Input> now = new ArrayList<>();
            for (Script.Input in : inputs) {
                if (in.timeUs() >= offsetMs * 1000) {
                    now.add(new Script.Input(in.timeUs() - offsetMs * 1000, in.action(), in.keyClass(), in.code()));
                }
            }
            PowerUp u = powerUp(profile, build, dir, now, endMs == NO_END ? NO_END : endMs - offsetMs, tap, load,
                flashFile, offsetMs, endMs, trace, err);
            boolean again = u.reset && !u.timedOut && u.end < 0 && u.exit == 0 && u.unsaved == null
                && (endMs == NO_END || u.lastMs + 1 < endMs);
            if (again) {
                offsetMs = u.lastMs + 1;
                load = flashFile;
                err.printf("fw run: the board reset at about %.3f s (a reboot, or a panic); powering it up again with"
                    + " the flash as the reset left it%n", offsetMs / 1e3);
                continue;
            }
            double host = (System.nanoTime() - started) / 1e9;
            int st = u.end >= 0 && u.exit == 0 ? 0 : 1;
            if (u.timedOut) {
                err.printf("fw run: stopped QEMU after %.0f s of host time, before the end of the run%n",
                    u.limitMs / 1e3);
            } else if (st != 0) {
                err.println("fw run: QEMU exited with status " + u.exit + (u.end < 0 ? " before the end of the run"
                    : ""));
            }
            if (u.unsaved != null) {
                err.println("fw run: the flash was not saved to " + flashFile + ": " + u.unsaved);
                st = 1;
            }
            return new Result(st, u.end >= 0 && endMs != NO_END ? endMs : u.end, u.wakes, host);
        }
    }

    /** How one power-up under QEMU ended; times in ms of the whole run. */
    private record PowerUp(int exit, long end, long wakes, long lastMs, boolean reset, boolean timedOut, long limitMs,
                           String unsaved) {
    }

    /**
     * Runs the image once from power-up until QEMU ends: the run's end ({@code endMs}, in ms of this power-up), a
     * reset, a halt, or the host-time limit. Trace lines are printed with {@code offsetMs} added, and not beyond
     * {@code runEndMs} (ms of the whole run, or {@link #NO_END}).
     */
    private static PowerUp powerUp(BoardProfile profile, Build build, Path dir, List<Script.Input> inputs, long endMs,
            String tap, Path flashLoad, Path flashFile, long offsetMs, long runEndMs, PrintStream trace,
            PrintStream err) throws IOException {
        Path runFile = dir.resolve("run.bin");
        // The run ends 1 ms after endMs, so that what happens at endMs is seen (as the simulator shows it), and what
        // comes after endMs is not printed.
        Files.write(runFile, runFile(inputs, endMs == NO_END ? NO_END : endMs + 1));
        Map<String, Object> q = profile.section("qemu");
        List<String> cmd = new ArrayList<>(List.of("qemu-system-arm", "-M", (String) q.get("machine"), "-nographic",
            "-monitor", "none", "-serial", "stdio", "-semihosting-config", "enable=on,target=native", "-no-reboot",
            "-kernel", "image", "-device", "loader,file=run.bin,addr=" + q.get("runFile")));
        QemuFlash flash = null;
        if (flashLoad != null || flashFile != null) {
            flash = QemuFlash.prepare(profile, flashLoad, flashFile, dir);
            if (flash.saves()) {
                cmd.remove("-no-reboot");
            }
            cmd.addAll(flash.qemuOptions());
        }
        if (tap == null) {
            cmd.addAll(List.of("-icount", "shift=3,sleep=off", "-nic", "none"));
        } else {
            cmd.addAll(List.of("-nic", "tap,ifname=" + tap + ",script=no,downscript=no,model=" + q.get("nic")));
        }
        Path qemuErr = dir.resolve("qemu.err");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(qemuErr.toFile()).start();
        } catch (IOException e) {
            throw new UserError("cannot start qemu-system-arm (" + e.getMessage() + "); on Debian: apt-get install "
                + "qemu-system-arm");
        }
        p.getOutputStream().close();
        QemuFlash saver = flash;
        if (saver != null) {
            saver.attach(p);
        }
        Thread stop = new Thread(() -> {
            if (saver != null) {
                saver.saveAndQuit();
            }
            p.destroy();
        }, "fw-run-qemu-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        // A run in virtual time that does not reach its end (a firmware that hangs with interrupts masked, or never
        // sleeps) is stopped after a generous host time: a minute, plus twice the run's length.
        long limitMs = tap == null && endMs != NO_END ? 60_000 + 2 * endMs : Long.MAX_VALUE;
        boolean[] timedOut = new boolean[1];
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(limitMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    timedOut[0] = true;
                    p.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fw-run-qemu-watchdog");
        watchdog.setDaemon(true);
        if (limitMs != Long.MAX_VALUE) {
            watchdog.start();
        }
        long end = -1;
        long wakes = -1;
        long lastMs = offsetMs;
        // Where the lines of an image the bootloader started begin (its clock starts again at 0), or -1.
        long imageMs = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                long shift = offsetMs + Math.max(imageMs, 0);
                if (line.startsWith("@") && line.contains(" end")) {
                    String[] f = line.split(" ");
                    if (f.length >= 2 && f[1].equals("end")) {
                        end = Long.parseLong(f[0].substring(1)) + shift;
                        wakes = f.length > 2 ? Math.max(0, Long.parseLong(f[2]) - 1) : -1;
                        continue;
                    }
                }
                TraceEvent e = event(line);
                if (e != null) {
                    e = new TraceEvent(e.timeUs() + shift * 1000, e.device(), e.kind(), e.name(), e.value());
                    lastMs = Math.max(lastMs, e.timeMs());
                    if (e.value().startsWith("bootloader: starting ")) {
                        imageMs = e.timeMs() - offsetMs;
                    }
                }
                if (trace == null) {
                    continue;
                }
                if (e == null) {
                    // After the bootloader started an image, a panic's number is a site of that image's build.
                    trace.println(imageMs >= 0 && line.startsWith("panic: #") ? line.trim()
                        + " (a site of the started image: see its build's report.txt)" : explainPanic(line, build));
                } else if (runEndMs == NO_END || e.timeMs() <= runEndMs) {
                    trace.println(HumanTrace.format(e, false));
                }
            }
        }
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            exit = -1;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: QEMU is being stopped with the JVM.
        }
        if (trace != null) {
            trace.flush();
        }
        // QEMU's messages, but for the one that says the board's NIC is not connected (a run without --net).
        for (String m : Files.readAllLines(qemuErr, StandardCharsets.ISO_8859_1)) {
            if (!m.contains("has no peer")) {
                err.println(m);
            }
        }
        String unsaved = saver == null ? null : saver.problem();
        boolean reset = saver != null && saver.saves() && saver.guestReset();
        return new PowerUp(exit, end, wakes, lastMs, reset, timedOut[0], limitMs, unsaved);
    }
}
