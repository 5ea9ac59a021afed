package org.firmerware.tools.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.firmerware.tools.profile.BoardProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential testing, TinyGo-style: every program of the corpus ({@code corpus/}) runs on HotSpot and as host-native
 * C built by the AOT compiler at -O0 and at -O2, both with -fsanitize=undefined,address (every sanitizer finding is
 * fatal); the outputs must be byte-identical, panics included. All programs link into one executable per mode (one gcc
 * invocation each), which runs one program per argument. The same again in the C55x's data model (packed bytes, soft
 * int64, 16-bit array lengths) with gcc on the host: the C the bt200 gets, proven without a C55x.
 */
class CorpusTest {

    /** The corpus: class names under {@code org.firmerware.tools.aot.corpus}. */
    static final List<String> PROGRAMS = List.of("Hello", "IntArith", "LongArith", "Casts", "Arrays", "Dispatch",
        "Objects", "Switches", "Strings", "Shuffles", "PanicBounds", "PanicNegativeIndex", "PanicNullField",
        "PanicNullCall", "PanicDivZero", "PanicLongRemZero", "PanicCast", "PanicCharAt", "PanicArrayStore",
        "PanicFloorMod", "PanicArraycopy", "KernelCode", "Leftovers", "PackedBytes", "LongVectors", "FieldFacts",
        "PanicFactsBounds", "PanicFactsNull", "PanicArraycopyOverlap", "PanicWideSite", "CallFacts",
        "PanicCallFacts");

    /** Kept after the test for inspection: the C of every program, the runtime, the two executables. */
    static final Path dir = Path.of("target", "aot-corpus");

    /**
     * The same corpus in the C55x's data model on the host ({@link DataModel#emulating}): bytes packed two per 16-bit
     * word behind fw_bload/fw_bstore, long as the soft-int64 library, 16-bit array lengths; gcc on x86-64.
     */
    static final Path emulated = Path.of("target", "aot-corpus-c55x-emu");

    static final Map<String, String> expected = new LinkedHashMap<>();

    @BeforeAll
    static void buildAll() throws Exception {
        for (String p : PROGRAMS) {
            expected.put(p, HotSpotRun.run("org.firmerware.tools.aot.corpus." + p));
        }
        BoardProfile host = BoardProfile.named("host");
        build(host, dir);
        build(DataModel.emulating(host), emulated);
    }

    /** All programs of the corpus in one executable per optimisation level, in the data model of {@code profile}. */
    static void build(BoardProfile profile, Path dir) throws Exception {
        Files.createDirectories(dir);
        StringBuilder main = new StringBuilder("#include <string.h>\n#include \"fw.h\"\n"
            + "int fw_host_main(int argc, char** argv, int (*image)(void));\n");
        List<String> sources = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (String p : PROGRAMS) {
            String cls = "org.firmerware.tools.aot.corpus." + p;
            Build b = Build.program(profile, cls, true, "fw_image_" + p);
            Files.writeString(dir.resolve(p + ".c"), b.imageC());
            sources.add(p + ".c");
            main.append("int fw_image_").append(p).append("(void);\n");
            table.append("    if (!strcmp(argv[1], \"").append(p).append("\")) return fw_host_main(1, argv, fw_image_")
                .append(p).append(");\n");
            if (p.equals(PROGRAMS.get(0))) {
                Build.copyRuntime(dir, b.toolchain(), List.of("fw_cpu.c", "fw_sys_libc.c"), b.model());
            }
        }
        main.append("int main(int argc, char** argv) {\n    if (argc < 2) return 2;\n").append(table)
            .append("    return 2;\n}\n");
        Files.writeString(dir.resolve("corpus_main.c"), main.toString());
        sources.addAll(List.of("corpus_main.c", "fw_rt.c", "fw_cpu.c", "fw_sys_libc.c", "host_devices.c"));
        for (String opt : List.of("-O0", "-O2")) {
            List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", opt, "-g", "-fno-strict-aliasing",
                "-fsanitize=undefined,address", "-fno-sanitize-recover=all", "-Wall", "-Wno-unused-label",
                "-Wno-unused-variable", "-Wno-unused-but-set-variable", "-Wno-unused-function", "-I."));
            cmd.addAll(sources);
            cmd.addAll(List.of("-o", "corpus" + opt));
            Proc.Result r = Proc.run(dir, cmd);
            assertEquals(0, r.status(), dir + ": gcc " + opt + ":\n" + r.output());
        }
    }

    @Test
    void everyProgramPrintsTheSameOnHotSpotAndAsCAtO0AndO2() throws IOException {
        assertSameAsHotSpot(dir);
    }

    @Test
    void everyProgramPrintsTheSameInTheC55xDataModelEmulatedOnTheHost() throws IOException {
        assertSameAsHotSpot(emulated);
    }

    private static void assertSameAsHotSpot(Path dir) throws IOException {
        List<String> failures = new ArrayList<>();
        for (String p : PROGRAMS) {
            for (String opt : List.of("-O0", "-O2")) {
                Proc.Result r = Proc.run(dir, List.of("./corpus" + opt, p), 60);
                String want = expected.get(p);
                if (!r.output().equals(want)) {
                    failures.add(p + " " + opt + ": HotSpot printed\n" + want + "---- C printed (status " + r.status()
                        + ")\n" + r.output());
                }
                boolean panicked = want.contains("panic: ");
                if (r.status() != (panicked ? 3 : 0)) {
                    failures.add(p + " " + opt + ": exit status " + r.status());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n====\n", failures));
    }
}
