package org.firmerware.tools.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.firmerware.tools.UserError;
import org.firmerware.tools.budget.TargetLayout;
import org.firmerware.tools.check.CheckTarget;
import org.firmerware.tools.check.Checker;
import org.firmerware.tools.check.ClassPath;
import org.firmerware.tools.check.ClosedWorld;
import org.firmerware.tools.check.MethodRef;
import org.firmerware.tools.check.Violation;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;

/**
 * One AOT build: the firmware-Java check, build-time init, the mission analysis, the C, and (with {@link #compile}) the
 * image, its budget table and the gate. The out directory is self-contained: the image's C, the CPU runtime, the
 * board's C, a Makefile that builds it with the board's compiler, and the reports.
 */
public final class Build {

    /** The name of the image's entry point (the CPU runtime or the board's start-up code calls it). */
    public static final String ENTRY = "fw_image_main";

    private final BoardProfile profile;
    private final CToolchain toolchain;
    private final TargetLayout layout;
    private final DataModel model;
    private final String name;
    /** The top's name, or null for a program. */
    private String topName;
    private final MissionWorld world;
    private final CodeGen gen;
    private final String imageC;
    private final List<InitRun.Op> ops;

    private Build(BoardProfile profile, String name, InitRun init, List<MissionWorld.Root> roots, String entry) {
        this.profile = profile;
        this.toolchain = CToolchain.of(profile);
        supported(profile);
        this.model = DataModel.of(profile);
        this.layout = TargetLayout.of(profile);
        this.name = name;
        this.ops = List.copyOf(init.ops());
        this.world = new MissionWorld(new ClassPath(Build.class.getClassLoader()), init, roots);
        this.gen = new CodeGen(world, layout, name, model);
        gen.numberedSites = toolchain.numberedSites();
        this.imageC = gen.generate(init.ops(), init.interruptsEnabled()).replace("FW_IMAGE_MAIN", entry);
    }

    /**
     * Builds a program (the corpus convention: {@code static void mission()}, optional {@code static void init()}).
     *
     * @param check whether to run the firmware-Java check first (tests that plant a violation turn it off)
     * @param entry the C name of the entry point (unique when several programs link together)
     */
    public static Build program(BoardProfile profile, String programClass, boolean check, String entry) {
        if (check) {
            check(ClosedWorld.ofProgram(CheckTarget.of(profile), programClass));
        }
        InitRun init = InitRun.program(programClass);
        try {
            MethodRef mission = new MethodRef(programClass.replace('.', '/'), ClosedWorld.PROGRAM_MISSION, "()V");
            return new Build(profile, programClass, init, List.of(new MissionWorld.Root(mission, null,
                "the program's mission")), entry);
        } finally {
            init.close();
        }
    }

    /** Builds a board and a top: the kernel's main loop is the mission, the board's interrupt handlers its upcalls. */
    public static Build top(BoardProfile profile, Tops.Entry top, boolean check) {
        CToolchain.of(profile);
        if (check) {
            check(ClosedWorld.build(CheckTarget.of(profile), top));
        }
        InitRun init = InitRun.top(profile, top);
        try {
            MethodRef run = new MethodRef("org/firmerware/kernel/Kernel", "run", "()V");
            List<MissionWorld.Root> roots = new ArrayList<>();
            if (init.bootMethod() != null) {
                roots.add(new MissionWorld.Root(new MethodRef(profile.boardClass().replace('.', '/'), init.bootMethod(),
                    "()V"), init.roots().get("board"), MissionWorld.BOOT_ROOT));
            }
            roots.add(new MissionWorld.Root(run, init.roots().get("kernel"), "the main loop (Kernel.run)"));
            Build b = new Build(profile, profile.name() + "/" + top.name(), init, roots, ENTRY);
            b.topName = top.name();
            return b;
        } finally {
            init.close();
        }
    }

    /** The target facts this compiler honours; others stop the build rather than produce wrong C. */
    private static void supported(BoardProfile p) {
        DataModel.of(p);
        if (p.targetInt("objectHeaderBytes", 2) != 2) {
            throw new UserError("board " + p.name() + ": \"target.objectHeaderBytes\" must be 2 (a 16-bit class id)");
        }
    }

    private static void check(ClosedWorld w) {
        List<Violation> violations = Checker.check(w);
        if (!violations.isEmpty()) {
            StringBuilder b = new StringBuilder("fw check found " + violations.size() + " violation(s) in "
                + w.pair() + "; the AOT compiler builds only code that keeps the firmware-Java rules:");
            for (Violation v : violations) {
                b.append('\n').append(v.format(w.pair()));
            }
            throw new UserError(b.toString());
        }
    }

    /** How values are stored and computed in this image's C. */
    public DataModel model() {
        return model;
    }

    /** The image's C. */
    public String imageC() {
        return imageC;
    }

    /** The board's toolchain. */
    public CToolchain toolchain() {
        return toolchain;
    }

    /** The mission analysis and the snapshot. */
    MissionWorld world() {
        return world;
    }

    CodeGen codeGen() {
        return gen;
    }

    /** The name of the top the image runs, or null when it is a program (the corpus). */
    public String topName() {
        return topName;
    }

    /** The text of the panic site numbered {@code number} ("NullPointerException at ..."), or null when none is. */
    public String panicSite(int number) {
        String n = Integer.toString(number);
        for (Map.Entry<String, String> e : gen.sites.entrySet()) {
            if (e.getValue().equals(n)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The source files of the image in an out directory, in link order. */
    public List<String> sources() {
        List<String> out = new ArrayList<>();
        out.add("image.c");
        out.add("fw_main.c");
        out.add("fw_rt.c");
        out.addAll(toolchain.runtimeSources());
        out.addAll(toolchain.sources());
        return out;
    }

    /** Writes the out directory: C, runtime, board C, Makefile, reports. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("image.c"), imageC);
            Files.writeString(dir.resolve("fw_main.c"), mainC(toolchain));
            copyRuntime(dir, toolchain, toolchain.runtimeSources(), model);
            if (!toolchain.ldscript().isEmpty()) {
                Files.writeString(dir.resolve(toolchain.ldscript()), ldscript(1));
            }
            Files.writeString(dir.resolve("Makefile"), makefile());
            if (C55xTarget.applies(profile)) {
                C55xTarget.write(this, dir);
            }
            Files.writeString(dir.resolve("report.txt"), Report.snapshot(this));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir, e);
        }
    }

    /** The board's linker script with the budgets filled in, the RAM and flash regions {@code times} as large. */
    private String ldscript(int times) {
        return resource("firmerware/boards/" + toolchain.board() + "/" + toolchain.ldscript())
            .replace("${RAM_BYTES}", Long.toString(times * profile.ramBudget()))
            .replace("${FLASH_BYTES}", Long.toString(times * profile.budget("flashBytes", 1L << 20)))
            .replace("${STACK_BYTES}", Long.toString(profile.budget("stackBytes", 8192)));
    }

    /** The entry of a host-style image: {@code main} hands the command line to the CPU runtime. */
    static String mainC(CToolchain t) {
        if (t.runtime().equals("host")) {
            return "/* Generated by fw build. */\n#include \"fw.h\"\nint " + ENTRY + "(void);\n"
                + "int fw_host_main(int argc, char** argv, int (*image)(void));\n"
                + "int main(int argc, char** argv) { return fw_host_main(argc, argv, " + ENTRY + "); }\n";
        }
        return "/* Generated by fw build: the board's start-up code calls " + ENTRY + "(). */\n#include \"fw.h\"\n";
    }

    /**
     * Copies the common runtime, the CPU runtime ({@code fw_cpu.h} and {@code runtimeSources}, from the CPU's folder or
     * else the common one) and the board's C.
     */
    static void copyRuntime(Path dir, CToolchain t, List<String> runtimeSources) throws IOException {
        copyRuntime(dir, t, runtimeSources, DataModel.NATIVE);
    }

    /** The same for an image of a data model ({@code fw_config.h}, and the soft-int64 library when it needs it). */
    static void copyRuntime(Path dir, CToolchain t, List<String> runtimeSources, DataModel model) throws IOException {
        Files.writeString(dir.resolve("fw_config.h"), model.configHeader(t.numberedSites(), t.panicResets()));
        Files.writeString(dir.resolve("fw_int64.h"), resource("firmerware/rt/common/fw_int64.h"));
        Files.writeString(dir.resolve("fw.h"), resource("firmerware/rt/common/fw.h"));
        Files.writeString(dir.resolve("fw_rt.c"), resource("firmerware/rt/common/fw_rt.c"));
        Files.writeString(dir.resolve("fw_cpu.h"), resource("firmerware/rt/" + t.runtime() + "/fw_cpu.h"));
        for (String s : runtimeSources) {
            // The CPU's own file, else one of the common runtime that CPUs share (fw_mem.c).
            String own = "firmerware/rt/" + t.runtime() + "/" + s;
            boolean cpu = Build.class.getClassLoader().getResource(own) != null;
            Files.writeString(dir.resolve(s), resource(cpu ? own : "firmerware/rt/common/" + s));
        }
        for (String s : t.sources()) {
            Files.writeString(dir.resolve(s), resource("firmerware/boards/" + t.board() + "/" + s));
        }
    }

    static String resource(String path) {
        try (InputStream in = Build.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new UserError("the AOT build needs " + path + ", which is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    private String makefile() {
        StringBuilder b = new StringBuilder();
        b.append("# Generated by fw build for ").append(name).append(" on board ").append(profile.name())
            .append(".\n# 'make' builds the image with the board's compiler; nothing else is needed.\n");
        b.append("CC = ").append(toolchain.cc()).append('\n');
        b.append("CFLAGS = ").append(String.join(" ", toolchain.cflags())).append('\n');
        b.append("LDFLAGS = ").append(String.join(" ", ldflags())).append('\n');
        b.append("SRCS = ").append(String.join(" ", sources())).append("\n\n");
        b.append("image: $(SRCS) fw.h fw_cpu.h fw_config.h\n\t$(CC) $(CFLAGS) -I. $(SRCS) -o $@ $(LDFLAGS)\n");
        return b.toString();
    }

    private List<String> ldflags() {
        List<String> out = new ArrayList<>();
        for (String f : toolchain.ldflags()) {
            out.add(f.replace("${LDSCRIPT}", toolchain.ldscript()));
        }
        return out;
    }

    /** The compiler command line that the Makefile runs. */
    public List<String> compileCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(toolchain.cc());
        cmd.addAll(toolchain.cflags());
        cmd.add("-I.");
        cmd.addAll(sources());
        cmd.add("-o");
        cmd.add("image");
        cmd.addAll(ldflags());
        return cmd;
    }

    /** The result of compiling and measuring an image. */
    public record Compiled(boolean linked, String compilerOutput, Budget budget) {
    }

    /**
     * Compiles the out directory (written by {@link #writeTo}) and measures the image. When the link fails the
     * compiler's output says why; an allocation in the mission fails here ({@code fw_mission_allocation}).
     */
    public Compiled compile(Path dir) {
        Proc.Result r = Proc.run(dir, compileCommand());
        if (r.status() != 0) {
            return new Compiled(false, r.output(), measureOverBudget(dir, r.output()));
        }
        return new Compiled(true, r.output(), Budget.measure(this, dir));
    }

    /**
     * When the board's linker script refused the image for its size ("RAM budget exceeded", a region overflowed), links
     * it again in {@code over-budget/} of the out directory with regions 16 times the budgets, only to measure it, so
     * that the table of an image over budget is printed too. Null when the link failed for another reason.
     */
    private Budget measureOverBudget(Path dir, String linkOutput) {
        if (toolchain.ldscript().isEmpty() || !(linkOutput.contains("budget exceeded")
            || linkOutput.contains("overflowed"))) {
            return null;
        }
        try {
            Path m = dir.resolve("over-budget");
            Files.createDirectories(m);
            // Every source and header the build wrote (the runtime's headers vary with the data model).
            try (java.util.stream.Stream<Path> written = Files.list(dir)) {
                for (Path f : (Iterable<Path>) written::iterator) {
                    String n = f.getFileName().toString();
                    if (Files.isRegularFile(f) && (n.endsWith(".c") || n.endsWith(".h"))) {
                        Files.copy(f, m.resolve(n), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(m.resolve(toolchain.ldscript()), ldscript(16));
            return Proc.run(m, compileCommand()).status() == 0 ? Budget.measure(this, m) : null;
        } catch (IOException e) {
            return null;
        }
    }

    BoardProfile profile() {
        return profile;
    }

    String name() {
        return name;
    }

    List<InitRun.Op> ops() {
        return ops;
    }

    TargetLayout layout() {
        return layout;
    }

    /** One line: objects and bytes per placement, in the target layout. */
    public String snapshotSummary() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<CodeGen.Placement, long[]> e : gen.placementTotals().entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ')
                .append(e.getValue()[0]).append(" objects ").append(e.getValue()[1]).append(" B");
        }
        return b.toString();
    }
}
