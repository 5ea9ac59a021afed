package org.firmerware.tools.aot;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw build}: compiles a board and a top (or a program) ahead of time to C, builds the image, checks budgets. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Compile firmware ahead of time to C and build the image with the board's compiler.",
        "Checks the firmware-Java rules, runs the init phase on this JVM (build-time initialisation: the objects "
            + "it leaves become the image's initialised data), finds the mission's methods, objects and fields, "
            + "writes C99 without libc, the CPU runtime, the board's C and a Makefile to the out directory, builds "
            + "the image, and prints its flash and RAM per package against the board's budget.",
        "Exit status: 0 built within budget; 1 over budget or the link failed (the table or the linker's reason is "
            + "printed); 2 on an error (rules broken, init failed, a board without C); 4 sources only: the board's "
            + "C compiler is not installed (TI's cl55 for bt200: the message says what to install and where to "
            + "point C55X_CGT), the sources, build script and the budget as far as it is known are written.",
        "Environment: C55X_CGT names the directory of TI's C5500 Code Generation Tools (bin/cl55, bin/hex55, "
            + "include/, lib/rts55x.lib) for --board bt200; without it cl55 and hex55 are looked for on PATH."},
    footer = {"", "Examples: fw build --board host --top timer2led", "          build/host-timer2led/image 3"
        + "    (runs 3 s of virtual time)", "          fw build --board bt200 --top switch2led"
        + "    (C55x sources; with TI's tools also image.bin, then: fw eeprom)"})
public final class BuildCommand implements Callable<Integer> {

    @Option(names = "--board", defaultValue = "host", description = "the board (default: ${DEFAULT-VALUE})")
    String board;

    @Option(names = "--top", description = "the top to build; see 'fw tops'")
    String top;

    @Option(names = "--program", paramLabel = "CLASS",
        description = "build a program instead of a top: a class with static void mission() (docs/aot.md)")
    String program;

    @Option(names = "--out", paramLabel = "DIR", description = "the out directory (default: build/<board>-<top>)")
    Path out;

    @Option(names = "--no-compile", description = "write the C and the reports only")
    boolean noCompile;

    @Option(names = "--emulate", paramLabel = "CPU", description = "build for the host with the data model of CPU "
        + "(c55x: bytes packed two per 16-bit word, soft int64, 16-bit array lengths), to test that C with gcc")
    String emulate;

    /** Exit status: the sources are written, the board's C compiler is not installed. */
    public static final int SOURCES_ONLY = 4;

    @Option(names = "--panic-sites", paramLabel = "text|numbers",
        description = "how a panic names its site, overriding the profile's c.panicSites: text (\"panic: "
            + "NullPointerException at Class.method(File.java:12)\") or numbers (\"panic: #17\", the texts in "
            + "report.txt; smaller images)")
    String panicSites;

    @Option(names = "--on-panic", paramLabel = "halt|reset",
        description = "what the board does after a panic's line, overriding the profile's c.onPanic: halt (QEMU "
            + "exits, a debugger sees it) or reset (as a watchdog would: the bootloader runs again and counts a "
            + "firmware on trial as failed once more; Cortex-M only)")
    String onPanic;

    @Override
    public Integer call() {
        if ((top == null) == (program == null)) {
            throw new UserError("give --top T or --program CLASS");
        }
        BoardProfile profile = BoardProfile.named(board);
        if (emulate != null) {
            if (!emulate.equals("c55x") || !"host".equals(profile.target("cpu", "")) && !"x86-64".equals(
                profile.target("cpu", ""))) {
                throw new UserError("--emulate c55x is for the host board (x86-64)");
            }
            profile = DataModel.emulating(profile);
        }
        if (panicSites != null) {
            if (!panicSites.equals("text") && !panicSites.equals("numbers")) {
                throw new UserError("--panic-sites takes text or numbers, not '" + panicSites + "'");
            }
            profile = profile.with("c", "panicSites", panicSites);
        }
        if (onPanic != null) {
            if (!onPanic.equals("halt") && !onPanic.equals("reset")) {
                throw new UserError("--on-panic takes halt or reset, not '" + onPanic + "'");
            }
            profile = profile.with("c", "onPanic", onPanic);
        }
        Path dir = out != null ? out : Path.of("build", board + "-" + (top != null ? top
            : program.substring(program.lastIndexOf('.') + 1)));
        Build build = top != null ? Build.top(profile, Tops.named(top), true)
            : Build.program(profile, program, true, Build.ENTRY);
        return run(build, dir, !noCompile, System.out);
    }

    /**
     * Writes, compiles and measures a build; prints what happened and the budget table (also when over budget).
     *
     * @return 0 within budget, 1 over budget, too big for its flash partition, or when the link failed
     */
    public static int run(Build build, Path dir, boolean compile, PrintStream out) {
        build.writeTo(dir);
        out.println("fw build: wrote " + dir + " (image.c: " + build.world().methods.size() + " methods; "
            + "snapshot " + build.snapshotSummary() + "; report.txt says why each object is there)");
        if (!compile) {
            return 0;
        }
        if (C55xTarget.applies(build.profile())) {
            return runTi(build, dir, out);
        }
        Build.Compiled c = build.compile(dir);
        if (!c.linked()) {
            out.print(c.compilerOutput());
            if (c.budget() != null) {
                out.println("fw build: the board's linker script refused the image for its size (above); linked again "
                    + "with larger regions to measure it:");
                c.budget().print(out);
                return 1;
            }
            if (c.compilerOutput().contains("fw_mission_allocation")) {
                out.println("fw build: the link failed: mission code allocates (fw_mission_allocation), which"
                    + " fw check should have reported; the panic sites in report.txt name each allocation");
            } else {
                out.println("fw build: the C compiler failed (above)");
            }
            return 1;
        }
        c.budget().print(out);
        int fit = partitionFit(build, c.budget().flash(), out);
        if (build.toolchain().objcopy() != null) {
            Proc.Result r = Proc.run(dir, List.of(build.toolchain().objcopy(), "-O", "binary", "image", BINARY));
            if (r.status() != 0) {
                out.print(r.output());
                out.println("fw build: " + build.toolchain().objcopy() + " could not write " + BINARY + " (above)");
                return 1;
            }
            boolean own = ownPartition(build) != null;
            out.println("fw build: " + dir.resolve(BINARY) + ", the raw binary (" + dir.resolve(BINARY).toFile().length()
                + " B" + (own ? ", for the partition '" + build.topName() + "')" : "; fw image --board "
                + build.profile().name() + " wraps it for a firmware slot)"));
        }
        return c.budget().overBudget() || fit != 0 ? 1 : 0;
    }

    /** The raw binary of the image, on a board whose profile names an objcopy. */
    public static final String BINARY = "image.bin";

    /**
     * Whether the image fits the flash partition it is for, on a board whose profile has partitions: the partition
     * named after the top (the bootloader's own), else the largest firmware slot (a bootable partition, less its
     * slot-record block and the image header). Prints the answer; 1 when it does not fit.
     */
    static int partitionFit(Build build, long flash, PrintStream out) {
        org.firmerware.bottom.hal.Partition[] parts = build.topName() == null ? null : build.profile().partitions();
        if (parts == null) {
            return 0;
        }
        long block = build.profile().flashBlockBytes();
        String where = null;
        long room = 0;
        org.firmerware.bottom.hal.Partition own = ownPartition(build);
        if (own != null) {
            where = "its partition '" + own.name + "'";
            room = own.blockCount * block;
        }
        for (int i = 0; where == null && i < parts.length; i++) {
            org.firmerware.bottom.hal.Partition p = parts[i];
            long slot = (p.blockCount - 1) * block - org.firmerware.kernel.flash.ImageHeader.LENGTH;
            if (p.isFirmwareSlot() && slot > room) {
                room = slot;
            }
        }
        if (where == null) {
            if (room == 0) {
                return 0;
            }
            where = "a firmware slot";
        }
        if (flash <= room) {
            out.printf(java.util.Locale.ROOT, "fw build: the image fits %s: %,d of %,d B%n", where, flash, room);
            return 0;
        }
        out.printf(java.util.Locale.ROOT, "fw build: the image does not fit %s: %,d B, the partition holds %,d B%s%n",
            where, flash, room, build.codeGen().numberedSites ? "" : " (--panic-sites numbers makes it smaller)");
        return 1;
    }

    /** The flash partition named after the top (the bootloader's own), or null. */
    private static org.firmerware.bottom.hal.Partition ownPartition(Build build) {
        org.firmerware.bottom.hal.Partition[] parts = build.topName() == null ? null : build.profile().partitions();
        for (int i = 0; parts != null && i < parts.length; i++) {
            if (parts[i].name.equals(build.topName())) {
                return parts[i];
            }
        }
        return null;
    }

    /** A board built with TI's C55x tools: run build.sh when they are installed, else stop after the sources. */
    static int runTi(Build build, Path dir, PrintStream out) {
        return runTi(build, dir, out, System.getenv());
    }

    /** The same in the environment {@code env} ({@code C55X_CGT}, {@code PATH}). */
    static int runTi(Build build, Path dir, PrintStream out, java.util.Map<String, String> env) {
        out.print(Budget.estimate(build));
        if (C55xTarget.findCompiler(build.toolchain().cc(), env) == null) {
            out.println(C55xTarget.missingToolsMessage(build, dir, env));
            return SOURCES_ONLY;
        }
        Proc.Result r = C55xTarget.runScript(dir, env);
        out.print(r.output());
        if (r.status() != 0) {
            out.println("fw build: TI's tools failed (above, exit status " + r.status() + "); the linker's map, if"
                + " any, is " + dir.resolve("image.map"));
            return 1;
        }
        out.println("fw build: boot image " + dir.resolve("image.bin") + " (fw eeprom splits it for the I2C EEPROMs);"
            + " the linked sizes, with the figures marked \"needs " + build.toolchain().cc() + "\" above, are in "
            + dir.resolve("image.map"));
        return 0;
    }
}
