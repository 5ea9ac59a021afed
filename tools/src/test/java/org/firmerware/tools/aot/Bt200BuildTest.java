package org.firmerware.tools.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fw build for the bt200 (TI C55x) without TI's tools: the sources, the linker command file, the vector table and the
 * build script are written, the build stops with exit status 4 and says what to install, and the C compiles with the
 * host's gcc in the C55x data model (32-bit pointers as cl55's large model, packed bytes, soft int64) with every
 * warning an error, and links into one object that leaves nothing undefined but what TI's tools bring.
 */
class Bt200BuildTest {

    /** The BT200's interrupt handlers: INT0 (the KSZ8842), TINT0 (the alarm timer), DMAC1 (the played blocks). */
    private static final Set<Integer> HANDLERS = Set.of(2, 4, 9);

    /** The EMIF set-up in the boot table: EGCR1, EGCR2, CE2_1 (SDRAM), SDC1, SDC2, SDRC1, SDRC2, SDX1, CESCR1. */
    private static final String EMIF = "-reg_config 0x0800,0xFF7F -reg_config 0x0801,0x0005 -reg_config 0x0808,0xFF37"
        + " -reg_config 0x080C,0x6FFE -reg_config 0x080D,0x8712 -reg_config 0x080E,0xF5DC -reg_config 0x080F,0xFFFF"
        + " -reg_config 0x0810,0xB809 -reg_config 0x0840,0xFFFC";

    @TempDir
    Path dir;

    private static String sourcesOnly(Build build, Path out, Map<String, String> env, int[] status) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8);
        assertEquals(0, BuildCommand.run(build, out, false, p));
        status[0] = BuildCommand.runTi(build, out, p, env);
        return b.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"switch2led", "phone"})
    void theBt200SourcesAreCompleteAndCompileInTheC55xDataModel(String top) throws IOException {
        Build build = Build.top(BoardProfile.named("bt200"), Tops.named(top), true);
        int[] status = new int[1];
        String printed = sourcesOnly(build, dir, Map.of(), status);
        assertEquals(BuildCommand.SOURCES_ONLY, status[0], printed);
        assertTrue(printed.contains("sources only: TI's C55x code generation tools were not found (no C55X_CGT and no"
            + " cl55 on PATH)"), printed);
        assertTrue(printed.contains("export C55X_CGT="), printed);
        assertTrue(printed.contains("B = bytes of 8 bits; words = 16-bit words"), printed);
        assertTrue(printed.contains("of 262144 B = 131072 words"), printed);
        assertTrue(printed.contains("of 524288 B = 262144 words"), printed);

        for (String f : List.of("image.c", "fw_main.c", "fw_rt.c", "fw_cpu.c", "fw_vectors.c", "vectors.asm", "fw.h",
            "fw_cpu.h", "fw_config.h", "fw_int64.h", "bt200.cmd", "build.sh", "Makefile", "report.txt")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }

        // The linker command file: the BT200's map in bytes, the RAM budget less the stacks for .bss.
        String cmd = Files.readString(dir.resolve("bt200.cmd"));
        assertTrue(!cmd.contains("${"), cmd);
        assertRegion(cmd, "VECS", "0x000100", "0x000100");
        assertRegion(cmd, "DARAM", "0x000200", "0x007E00");
        assertRegion(cmd, "IMAGE", "0x800000", "524288");
        assertRegion(cmd, "RAM", "0x880000", Integer.toString(262144 - 3072));
        for (String placement : List.of(".vectors  : > VECS", ".stack    : > DARAM", ".sysstack : > DARAM",
            ".text     : > IMAGE", ".const    : > IMAGE", ".cinit    : > IMAGE", ".bss      : > RAM")) {
            assertTrue(cmd.contains(placement), placement);
        }

        // The vector table: 32 slots, the reset slot to TI's C start-up, each handler's slot to its wrapper.
        Set<Integer> lines = new TreeSet<>();
        for (MissionWorld.Handler h : build.world().handlers) {
            lines.add(h.line());
        }
        assertEquals(HANDLERS, lines);
        List<String> ivec = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("vectors.asm"))) {
            if (l.trim().startsWith(".ivec")) {
                ivec.add(l.trim().split(";")[0].trim());
            }
        }
        assertEquals(32, ivec.size(), ivec.toString());
        assertEquals(".ivec _c_int00, USE_RETA", ivec.get(0));
        for (int v = 1; v < 32; v++) {
            assertEquals(".ivec " + (HANDLERS.contains(v) ? "_fw_c55x_isr_" + v : "_fw_c55x_unexpected"), ivec.get(v));
        }
        String wrappers = Files.readString(dir.resolve("fw_vectors.c"));
        for (int v : HANDLERS) {
            assertTrue(wrappers.contains("FW_INTERRUPT void fw_c55x_isr_" + v + "(void) { fw_irq_" + v + "(); }"),
                wrappers);
        }

        // The build script: TI's tools from C55X_CGT or PATH, the sources, the linker command file, the boot table.
        String script = Files.readString(dir.resolve("build.sh"));
        assertTrue(script.contains("\"${BIN}cl55\" --silicon_version=5510:2 --memory_model=large"), script);
        assertTrue(script.contains("image.c fw_main.c fw_rt.c fw_cpu.c fw_vectors.c vectors.asm"), script);
        assertTrue(script.contains("-o image.out bt200.cmd -l rts55x.lib"), script);
        // The boot table sets up the EMIF for the SDRAM (I/O-space registers, the values of bt200-hardware.md 3.3)
        // before the ROM bootloader copies the sections there.
        assertTrue(script.contains("\"${BIN}hex55\" -boot -v5510:2 -serial8 -b " + EMIF + " -o image.bin image.out"),
            script);

        // The C in the C55x data model on the host: every file compiles with every warning an error...
        List<String> objects = new ArrayList<>();
        for (String c : List.of("image.c", "fw_main.c", "fw_rt.c", "fw_cpu.c", "fw_vectors.c")) {
            String o = c.replace(".c", ".o");
            Proc.Result cc = Proc.run(dir, List.of("gcc", "-m32", "-ffreestanding", "-fno-pic", "-D_LIBC_LIMITS_H_",
                "--param=min-pagesize=0", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-I.", "-c", c, "-o", o));
            assertEquals(0, cc.status(), c + ":\n" + cc.output());
            objects.add(o);
        }
        // ...and together they leave undefined only the vector table (vectors.asm) and what TI's rts55x.lib has.
        List<String> ld = new ArrayList<>(List.of("ld", "-m", "elf_i386", "-r", "-o", "all.o"));
        ld.addAll(objects);
        Proc.Result linked = Proc.run(dir, ld);
        assertEquals(0, linked.status(), linked.output());
        Proc.Result undefined = Proc.run(dir, List.of("nm", "-u", "all.o"));
        assertEquals(0, undefined.status(), undefined.output());
        Set<String> allowed = Set.of("fw_vectors", "memcpy", "memmove", "memset", "memcmp");
        for (String l : undefined.output().lines().toList()) {
            String symbol = l.trim().replaceFirst("^U\\s+", "");
            assertTrue(allowed.contains(symbol), "undefined: " + symbol);
        }
        Proc.Result defined = Proc.run(dir, List.of("nm", "--defined-only", "all.o"));
        Set<String> symbols = new TreeSet<>();
        for (String l : defined.output().lines().toList()) {
            String[] f = l.trim().split("\\s+");
            symbols.add(f[f.length - 1]);
        }
        for (String s : List.of("main", "fw_image_main", "fw_c55x_unexpected")) {
            assertTrue(symbols.contains(s), s);
        }
        for (int v : HANDLERS) {
            assertTrue(symbols.contains("fw_irq_" + v) && symbols.contains("fw_c55x_isr_" + v), "vector " + v);
        }
    }

    private static void assertRegion(String cmd, String name, String origin, String length) {
        Matcher m = Pattern.compile("\\n\\s*" + name + "\\s+\\([A-Z]+\\)\\s*:\\s*origin = (\\S+), length = (\\S+)\\s")
            .matcher(cmd);
        assertTrue(m.find(), name + " in\n" + cmd);
        assertEquals(origin, m.group(1), name);
        assertEquals(length, m.group(2), name);
    }

    @Test
    void aC55xCgtWithoutTheCompilerIsNamedInTheMessage() {
        Build build = Build.top(BoardProfile.named("bt200"), Tops.named("switch2led"), true);
        int[] status = new int[1];
        Path nowhere = dir.resolve("no-tools");
        String printed = sourcesOnly(build, dir, Map.of("C55X_CGT", nowhere.toString()), status);
        assertEquals(BuildCommand.SOURCES_ONLY, status[0], printed);
        assertTrue(printed.contains("C55X_CGT=" + nowhere + " has no bin/cl55"), printed);
    }

    /**
     * With the tools installed, fw build runs build.sh, which runs them from {@code $C55X_CGT/bin}. Stand-ins for cl55
     * and hex55 record their command lines (TI's tools are not redistributable): this proves what fw build runs, and
     * that a failing compiler fails the build, not what TI's tools make of it.
     */
    @Test
    void withC55xCgtSetBuildShRunsTheToolsAndTheirFailureFailsTheBuild() throws IOException {
        Path cgt = dir.resolve("cgt");
        Files.createDirectories(cgt.resolve("bin"));
        standIn(cgt.resolve("bin/cl55"), "touch image.out image.map");
        standIn(cgt.resolve("bin/hex55"), "touch image.bin");
        Path out = dir.resolve("out");
        Build build = Build.top(BoardProfile.named("bt200"), Tops.named("switch2led"), true);
        Map<String, String> env = Map.of("C55X_CGT", cgt.toString(), "PATH", System.getenv("PATH"));
        int[] status = new int[1];
        String printed = sourcesOnly(build, out, env, status);
        assertEquals(0, status[0], printed);
        assertTrue(printed.contains("fw build: boot image " + out.resolve("image.bin")), printed);
        String calls = Files.readString(out.resolve("calls.txt"));
        List<String> lines = calls.lines().toList();
        assertEquals(2, lines.size(), calls);
        assertTrue(lines.get(0).startsWith("cl55 --silicon_version=5510:2 --memory_model=large --c99 -O2 --rom_model -I"
            + cgt.resolve("include") + " -I. image.c fw_main.c fw_rt.c fw_cpu.c fw_vectors.c vectors.asm -z"), calls);
        assertTrue(lines.get(0).endsWith("-i" + cgt.resolve("lib") + " -m image.map -o image.out bt200.cmd -l"
            + " rts55x.lib"), calls);
        assertEquals("hex55 -boot -v5510:2 -serial8 -b " + EMIF + " -o image.bin image.out", lines.get(1));

        standIn(cgt.resolve("bin/cl55"), "echo 'error: a stand-in compiler that fails'; exit 1");
        Files.delete(out.resolve("calls.txt"));
        printed = sourcesOnly(build, out, env, status);
        assertEquals(1, status[0], printed);
        assertTrue(printed.contains("error: a stand-in compiler that fails"), printed);
        assertTrue(printed.contains("fw build: TI's tools failed (above, exit status 1)"), printed);
        assertEquals(1, Files.readAllLines(out.resolve("calls.txt")).size());
    }

    /**
     * {@code fw build --emulate c55x}: a host image in the C55x's data model (the kernel's and the drivers' code with
     * packed bytes, soft int64 and 16-bit array lengths) runs timer2led exactly as the native host image does.
     */
    @Test
    void aHostImageInTheC55xDataModelRunsTimer2ledAsTheNativeOneDoes() {
        BoardProfile host = BoardProfile.named("host");
        Path nativeDir = dir.resolve("native");
        Path emulatedDir = dir.resolve("emulated");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, BuildCommand.run(Build.top(host, Tops.named("timer2led"), true), nativeDir, true, quiet));
        Build emulated = Build.top(DataModel.emulating(host), Tops.named("timer2led"), true);
        assertEquals(0, BuildCommand.run(emulated, emulatedDir, true, quiet));
        assertTrue(emulated.model().describe().contains("bytes packed two per 16-bit word"), emulated.model()
            .describe());
        Proc.Result a = Proc.run(nativeDir, List.of("./image", "3"), 60);
        Proc.Result b = Proc.run(emulatedDir, List.of("./image", "3"), 60);
        assertEquals(0, b.status(), b.output());
        assertEquals(a.output(), b.output());
        assertTrue(b.output().contains("led      message    on"), b.output());
        assertEquals(2, org.firmerware.tools.Fw.execute("build", "--board", "bt200", "--top", "switch2led",
            "--emulate", "c55x", "--out", dir.resolve("refused").toString()));
    }

    private static void standIn(Path file, String action) throws IOException {
        Files.writeString(file, "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> calls.txt\n" + action + "\n");
        assertTrue(file.toFile().setExecutable(true));
    }
}
