package org.firmerware.tools.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.hw.SimulationException;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.boards.sim.world.JsonTrace;
import org.firmerware.boards.sim.world.PcapWriter;
import org.firmerware.boards.sim.world.Script;
import org.firmerware.boards.sim.world.ScriptException;
import org.firmerware.tools.UserError;
import org.firmerware.tools.UserFiles;
import org.firmerware.tools.net.TapBridge;
import org.firmerware.tools.net.TapException;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw run}: runs a top on a board and prints what the phone does. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a top on a board and print one line per visible change (lights, display, sound, console).",
        "On the simulated board time is virtual: it jumps while the firmware sleeps, so runs are fast and repeatable.",
        "--board bt200 runs the BT200's real drivers on a register-level simulator of the phone; the trace is the same "
            + "(the display read from the segments the LCD controller lights), and model errors are listed at the end.",
        "With --net tap:IF the phone's LAN is bridged to the Linux TAP interface IF and time is real instead.",
        "--board mps2-an385 builds the image (fw build) and runs it under qemu-system-arm (-icount shift=3, so time is "
            + "virtual and runs repeat; real with --net, where the board's LAN9118 is on the TAP), printing the same "
            + "trace from the lines the board writes on its UART; the script gives keys and the hook switch."},
    footer = {"", "Script format (one step per line, '#' starts a comment):",
        "  TIME [@PHONE] ACTION [ARGS]    TIME: 1500, 1500ms, 1.5s, 2min; +200ms counts from the previous step",
        "  press KEY | release | key KEY [DURATION] | type KEYS [INTERVAL]",
        "  offhook | onhook | mic FILE.wav | frame HEX | link up|down",
        "--flash-file config=phone.conf preloads the SIP phone's configuration (docs/sip.md).",
        "  KEY: 0-9 * # message hold transfer conference flash mute send speaker down up callers called menu",
        "", "Examples: fw run --board sim --top timer2led --seconds 10",
        "          fw run --board bt200 --top keys2display --script keys.txt",
        "          fw run --board sim --top T --net tap:fw0 --pcap lan.pcap      (as root; Ctrl-C stops)",
        "          fw run --board mps2-an385 --top switch2led --script hook.txt --seconds 5"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--board", defaultValue = "sim", description = "the board (default: ${DEFAULT-VALUE}); see 'fw boards'")
    String board;

    @Option(names = "--top", required = true, description = "the top to run; see 'fw tops'")
    String top;

    @Option(names = "--seconds", description = "seconds to run (default: 10 of virtual time; with --net, until Ctrl-C)")
    Double seconds;

    @Option(names = "--net", paramLabel = "tap:IF",
        description = "bridge the phone's LAN to the Linux TAP interface IF (created if need be, and brought up; needs "
            + "root or CAP_NET_ADMIN) and run in real time")
    String net;

    @Option(names = "--script", paramLabel = "FILE", description = "events to play: keys, hook, microphone, frames")
    Path script;

    @Option(names = "--trace", paramLabel = "FILE",
        description = "also write every event as JSON lines (t_ms, t_us, device, kind, name, value), "
            + "including cpu sleep/wake and net frames")
    Path trace;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every frame on the LAN to a pcap file")
    Path pcap;

    @Option(names = "--wav-out", paramLabel = "FILE", description = "write what the phone plays to a WAV file")
    Path wavOut;

    @Option(names = "--flash-file", paramLabel = "PARTITION=FILE",
        description = "program FILE at the start of the flash partition PARTITION before the phone starts (e.g. "
            + "config=phone.conf for the SIP phone's configuration); may be repeated")
    java.util.Map<String, Path> flashFiles = new java.util.LinkedHashMap<>();

    @Option(names = "--all", description = "print cpu (sleep/wake) and net (frame) events too")
    boolean all;

    @Option(names = "--quiet", description = "print no events, only the summary")
    boolean quiet;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the board's entropy (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--offhook", description = "the handset is off the hook at power-up (the bootloader stays in "
        + "bootloader mode)")
    boolean offHook;

    @Option(names = "--image", paramLabel = "SLOT=FILE",
        description = "install a firmware image into a slot before power-up, as a factory would (e.g. "
            + "firmware-a=nc.img); repeatable")
    java.util.List<String> images = new java.util.ArrayList<>();

    @Option(names = "--trial-image", paramLabel = "SLOT=FILE",
        description = "install a firmware image as fw flash leaves an update: newest, not yet confirmed, so that it is"
            + " on trial (started 3 times at most unless it runs 5 s); after the --image ones; repeatable")
    java.util.List<String> trialImages = new java.util.ArrayList<>();

    @Option(names = "--flash", paramLabel = "FILE",
        description = "the flash chip: its contents are loaded from FILE (if it exists) and saved to it at the end "
            + "(under QEMU also when the board resets before the end of the run, which then goes on from a new "
            + "power-up with that flash)")
    Path flashFile;

    @Option(names = "--clock-origin", paramLabel = "MS", defaultValue = "0",
        description = "what the millisecond clock reads at power-up; e.g. -5000 crosses the 32-bit wrap after 5 s")
    int clockOrigin;

    @Option(names = "--out", paramLabel = "DIR",
        description = "boards that run under QEMU: where the image is built (default: build/<board>-<top>)")
    Path out;

    @Override
    public Integer call() throws IOException {
        String tapName = tapName(net);
        boolean realTime = tapName != null;
        if (seconds != null && (seconds <= 0 || seconds > 366 * 24 * 3600)) {
            throw new UserError("--seconds must be between 0 and a year, not " + seconds);
        }
        long durationUs = seconds != null ? Math.round(seconds * 1_000_000) : realTime ? Long.MAX_VALUE : 10_000_000;
        BoardProfile profile = BoardProfile.named(board);
        Tops.Entry entry = Tops.named(top);
        if (flashFile != null) {
            // Its contents are saved at the end: say now, not after the run, that they could not be.
            UserFiles.checkWritable(flashFile, "the flash file");
        }
        if (out != null && !QemuRun.supports(profile)) {
            throw new UserError("--out is for boards that run under QEMU");
        }
        if (QemuRun.supports(profile)) {
            return runUnderQemu(profile, entry, tapName, durationUs);
        }
        Script parsed = null;
        if (script != null) {
            if (Files.isDirectory(script) || !Files.isReadable(script)) {
                throw new UserError("cannot read the script " + script);
            }
            try {
                parsed = Script.parse(script);
            } catch (ScriptException e) {
                throw new UserError(e.getMessage());
            }
        }
        long started = System.nanoTime();
        Simulation sim = new Simulation(profile);
        if (realTime) {
            sim.world().useRealTime();
        }
        TapBridge bridge = null;
        if (tapName != null) {
            try {
                bridge = TapBridge.open(tapName, null);
            } catch (TapException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (!quiet) {
            sim.world().addSink(new HumanTrace(System.out, false, all));
        }
        if (trace != null) {
            sim.world().addSink(new JsonTrace(trace));
        }
        PcapWriter pcapWriter = null;
        if (pcap != null) {
            pcapWriter = new PcapWriter(pcap);
            sim.world().lan().capture(pcapWriter);
        }
        Phone phone = sim.addPhone(entry, c -> {
            c.seed = seed;
            c.clockOriginMs = clockOrigin;
        });
        if (wavOut != null) {
            sim.world().recordSpeaker(phone, wavOut);
        }
        byte[] memory = phone.flashMemory();
        if (memory != null) {
            prepareFlash(profile, memory);
        } else if (flashFile != null || !images.isEmpty() || !trialImages.isEmpty() || !flashFiles.isEmpty()) {
            throw new UserError("--flash, --flash-file, --image and --trial-image need a flash chip; the phone of "
                + "board " + board + " has none");
        }
        phone.hook().set(offHook);
        if (parsed != null) {
            try {
                parsed.schedule(sim.world());
            } catch (ScriptException e) {
                throw new UserError(e.getMessage());
            }
        }
        // Ctrl-C (or SIGTERM) stops the world; the hook waits until the outputs are written and the TAP is closed.
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.world().stop();
            try {
                cleanedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fw-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (bridge != null) {
            bridge.attach(sim.world());
            System.err.printf("fw run: %s bridged to TAP %s (its MAC %s), in real time%s%n", phone.name(),
                bridge.name(), TapBridge.formatMac(bridge.mac()), seconds == null ? "; Ctrl-C stops" : "");
        }
        int status = 0;
        try {
            sim.world().runMicros(durationUs);
        } catch (SimulationException e) {
            System.err.println("fw run: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace(System.err);
            } else {
                for (StackTraceElement el : e.getStackTrace()) {
                    System.err.println("\tat " + el);
                }
            }
            status = 1;
        } finally {
            try {
                sim.close();
                if (flashFile != null && memory != null) {
                    UserFiles.write(flashFile, memory, "the flash file");
                }
            } finally {
                if (bridge != null) {
                    bridge.close();
                }
                if (pcapWriter != null) {
                    pcapWriter.close();
                }
            }
        }
        System.out.flush();
        java.util.List<String> hardware = phone.hardwareErrors();
        if (!hardware.isEmpty()) {
            System.err.println("fw run: the hardware models found " + hardware.size() + " error(s) in the firmware's "
                + "use of the chips:");
            for (String line : hardware) {
                System.err.println("  " + line);
            }
            status = 1;
        }
        double host = (System.nanoTime() - started) / 1e9;
        double ran = sim.world().nowUs() / 1e6;
        long wakes = sim.world().wakeUps();
        System.err.printf("fw run: %s on %s: %.3f s of %s time in %.2f s; the firmware woke %d times "
            + "(%.0f per hour)%s%s%n", top, board, ran, realTime ? "real" : "virtual", host, wakes,
            ran > 0 ? wakes * 3600 / ran : 0.0,
            bridge != null ? "; " + bridge.summary() : "",
            pcapWriter != null ? "; " + pcapWriter.frames() + " frames to " + pcap : "");
        System.err.flush();
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is exiting already, with the signal's status.
        }
        return status;
    }

    /** A board that runs under QEMU: build the image, run it, print the trace its panel lines give. */
    private int runUnderQemu(BoardProfile profile, Tops.Entry entry, String tapName, long durationUs)
            throws IOException {
        if (trace != null || pcap != null || wavOut != null || all || clockOrigin != 0 || seed != 1) {
            throw new UserError("board " + board + " runs under QEMU, where fw run takes --seconds, --script, --net, "
                + "--flash, --flash-file, --image, --trial-image, --offhook and --quiet only");
        }
        java.util.List<Script.Input> inputs = java.util.List.of();
        if (script != null) {
            if (Files.isDirectory(script) || !Files.isReadable(script)) {
                throw new UserError("cannot read the script " + script);
            }
            try {
                inputs = Script.parse(script).inputs(board);
            } catch (ScriptException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (offHook) {
            // The run file's first step, played before the main loop runs: the handset is off the hook at power-up.
            java.util.List<Script.Input> off = new java.util.ArrayList<>();
            off.add(new Script.Input(0, "offhook", 0, 0));
            off.addAll(inputs);
            inputs = off;
        }
        long endMs = tapName != null && seconds == null ? QemuRun.NO_END : durationUs / 1000;
        Path dir = out != null ? out : Path.of("build", board + "-" + top);
        Path load = flashFile;
        if (!images.isEmpty() || !trialImages.isEmpty() || !flashFiles.isEmpty()) {
            // The flash at power-up: the kept one (or QEMU's zeros) with the files and images installed.
            byte[] memory = new byte[(int) QemuFlash.bytes(profile)];
            if (flashFile != null && Files.exists(flashFile)) {
                byte[] saved = UserFiles.read(flashFile, "the flash file");
                if (saved.length != memory.length) {
                    throw new UserError(flashFile + " holds " + saved.length + " bytes, the flash of board " + board
                        + " " + memory.length);
                }
                memory = saved;
            }
            for (java.util.Map.Entry<String, Path> f : flashFiles.entrySet()) {
                preload(memory, profile.flashBlockBytes(), profile.partitions(), f.getKey(), f.getValue());
            }
            for (String spec : images) {
                installImage("--image", spec, memory, profile.flashBlockBytes(), profile.partitions(), true);
            }
            for (String spec : trialImages) {
                installImage("--trial-image", spec, memory, profile.flashBlockBytes(), profile.partitions(), false);
            }
            Files.createDirectories(dir);
            load = dir.resolve("flash-at-power-up.bin");
            Files.write(load, memory);
        }
        QemuRun.Result r = QemuRun.run(profile, entry, dir, inputs, endMs, tapName, load, flashFile,
            quiet ? null : System.out, System.err);
        double ran = r.endMs() / 1e3;
        if (r.endMs() < 0) {
            System.err.printf("fw run: %s on %s: ended before the end of the run, in %.2f s under QEMU (image in %s)%n",
                top, board, r.hostSeconds(), dir);
            return r.status();
        }
        System.err.printf("fw run: %s on %s: %.3f s of %s time in %.2f s under QEMU (image in %s)%s%n", top, board,
            Math.max(0, ran), tapName != null ? "real" : "virtual", r.hostSeconds(), dir,
            r.wakes() >= 0 ? String.format("; the firmware woke %d times (%.0f per hour)", r.wakes(),
                ran > 0 ? r.wakes() * 3600 / ran : 0.0) : "");
        return r.status();
    }

    /**
     * Loads the flash chip's contents, then programs the files of {@code --flash-file} and installs the images asked
     * for (in that order, as under QEMU).
     */
    private void prepareFlash(BoardProfile profile, byte[] memory) throws IOException {
        if (flashFile != null && Files.exists(flashFile)) {
            byte[] saved = UserFiles.read(flashFile, "the flash file");
            if (saved.length != memory.length) {
                throw new UserError(flashFile + " holds " + saved.length + " bytes, the flash of board " + board
                    + " has " + memory.length);
            }
            System.arraycopy(saved, 0, memory, 0, memory.length);
        }
        int blockBytes = profile.flashBlockBytes();
        org.firmerware.bottom.hal.Partition[] partitions = profile.partitions();
        for (java.util.Map.Entry<String, Path> f : flashFiles.entrySet()) {
            preload(memory, blockBytes, partitions, f.getKey(), f.getValue());
        }
        for (String spec : images) {
            installImage("--image", spec, memory, blockBytes, partitions, true);
        }
        for (String spec : trialImages) {
            installImage("--trial-image", spec, memory, blockBytes, partitions, false);
        }
    }

    /**
     * {@code --flash-file PARTITION=FILE} for a flash image: the partition erased (0xFF) and FILE programmed at its
     * start, as the simulator's chip does.
     */
    private static void preload(byte[] memory, int blockBytes, org.firmerware.bottom.hal.Partition[] partitions,
            String partition, Path file) throws IOException {
        byte[] contents = UserFiles.read(file, "the flash file");
        for (org.firmerware.bottom.hal.Partition p : partitions == null ? new org.firmerware.bottom.hal.Partition[0]
                : partitions) {
            if (p.name.equals(partition)) {
                int start = p.firstBlock * blockBytes;
                int bytes = p.blockCount * blockBytes;
                if (contents.length > bytes) {
                    throw new UserError("--flash-file: " + contents.length + " bytes do not fit the " + partition
                        + " partition (" + bytes + " bytes)");
                }
                java.util.Arrays.fill(memory, start, start + bytes, (byte) 0xFF);
                System.arraycopy(contents, 0, memory, start, contents.length);
                return;
            }
        }
        throw new UserError("--flash-file: no flash partition named " + partition);
    }

    /**
     * Installs the image of {@code --image SLOT=FILE} (confirmed, as a factory would) or {@code --trial-image
     * SLOT=FILE} (not yet confirmed, as fw flash leaves it) into the flash contents {@code memory}, checked first.
     */
    private void installImage(String option, String spec, byte[] memory, int blockBytes,
            org.firmerware.bottom.hal.Partition[] partitions, boolean confirmed) throws IOException {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new UserError(option + " takes SLOT=FILE, such as firmware-a=nc.img, not '" + spec + "'");
        }
        Path file = Path.of(spec.substring(eq + 1));
        byte[] image = UserFiles.read(file, "the image");
        String problem = org.firmerware.tools.flash.ImageFile.problem(image, board);
        if (problem != null) {
            throw new UserError(file + ": " + problem);
        }
        try {
            SimImages.install(memory, blockBytes, partitions, spec.substring(0, eq), image, confirmed);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " " + spec + ": " + e.getMessage());
        }
    }

    /** The interface of {@code --net tap:IF}, or null without --net. */
    static String tapName(String net) {
        if (net == null) {
            return null;
        }
        if (!net.startsWith("tap:") || net.length() == 4) {
            throw new UserError("--net takes tap:IF (a Linux TAP interface, e.g. tap:fw0), not '" + net + "'");
        }
        return net.substring(4);
    }
}
