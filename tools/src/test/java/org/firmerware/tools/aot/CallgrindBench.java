package org.firmerware.tools.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.tools.profile.BoardProfile;
import org.junit.jupiter.api.Test;

/**
 * Generated code against equivalent hand-written C, by instruction counts under valgrind's callgrind: the benchmark
 * programs BenchCrc32 and BenchMac64 built by fw build for the board host (the profile's flags: -O2, no libc) and
 * bench/crc32.c and bench/mac64.c built with the same flags and runtime. Counts cover the image entry (boot and mission; the mission is inlined into it) or bench()
 * (C), printing the result included. Skipped without valgrind; the figures go to target/aot-bench/figures.txt and the
 * README. Run: {@code mvn -q -pl tools -am test -Dtest=CallgrindBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CallgrindBench {

    @Test
    void generatedCodeAgainstHandWrittenC() throws Exception {
        assumeTrue(Proc.run(Path.of("."), List.of("valgrind", "--version")).status() == 0, "valgrind is not installed");
        Path root = Path.of("target", "aot-bench");
        StringBuilder figures = new StringBuilder(String.format("%-12s %14s %14s %7s%n", "benchmark",
            "Java->C (Ir)", "hand C (Ir)", "ratio"));
        for (String[] bench : new String[][] {{"BenchCrc32", "crc32.c"}, {"BenchMac64", "mac64.c"}}) {
            Path dir = root.resolve(bench[0]);
            BoardProfile host = BoardProfile.named("host");
            Build b = Build.program(host, "org.firmerware.tools.aot.corpus." + bench[0], true, Build.ENTRY);
            b.writeTo(dir);
            Build.Compiled c = b.compile(dir);
            assertEquals(true, c.linked(), c.compilerOutput());
            long generated = instructions(dir, "image", Build.ENTRY);

            Path ref = root.resolve(bench[0] + "-C");
            Files.createDirectories(ref);
            Build.copyRuntime(ref, b.toolchain(), b.toolchain().runtimeSources());
            Files.writeString(ref.resolve(bench[1]), new String(getClass().getResourceAsStream("/aot/bench/"
                + bench[1]).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            List<String> cmd = new ArrayList<>();
            cmd.add(b.toolchain().cc());
            cmd.addAll(b.toolchain().cflags());
            cmd.add("-I.");
            cmd.add(bench[1]);
            cmd.add("fw_rt.c");
            cmd.addAll(b.toolchain().runtimeSources());
            cmd.addAll(b.toolchain().sources());
            cmd.addAll(List.of("-o", "image"));
            cmd.addAll(b.toolchain().ldflags());
            Proc.Result cc = Proc.run(ref, cmd);
            assertEquals(0, cc.status(), cc.output());
            assertEquals(Proc.run(dir, List.of("./image")).output(), Proc.run(ref, List.of("./image")).output(),
                "the Java program and the C must compute the same");
            long hand = instructions(ref, "image", "bench");
            figures.append(String.format("%-12s %14d %14d %7.2f%n", bench[0], generated, hand, (double) generated / hand));
        }
        Files.writeString(root.resolve("figures.txt"), figures.toString());
        System.out.print(figures);
    }

    /**
     * G.722 encode plus decode per 20 ms frame, built by fw build for the board host, on the input spandsp was measured
     * on (docs/media.md): the image's instructions (boot, 500 frames, the printed checksum) / 500. The output must be
     * what the same code computes on the JVM.
     */
    @Test
    void g722PerFrame() throws Exception {
        assumeTrue(Proc.run(Path.of("."), List.of("valgrind", "--version")).status() == 0, "valgrind is not installed");
        Path dir = Path.of("target", "aot-bench", "BenchG722");
        // Not checked: the input is generated at init with the JDK's Math and Random, which run on the build host
        // only (the snapshot); the codec itself is checked in every top that has it (fw check --all).
        Build b = Build.program(BoardProfile.named("host"), "org.firmerware.tools.aot.corpus.BenchG722", false,
            Build.ENTRY);
        b.writeTo(dir);
        Build.Compiled c = b.compile(dir);
        assertEquals(true, c.linked(), c.compilerOutput());
        java.io.ByteArrayOutputStream jvm = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(jvm, true));
        try {
            org.firmerware.tools.aot.corpus.BenchG722.mission();
        } finally {
            System.setOut(saved);
        }
        assertEquals(jvm.toString().trim(), Proc.run(dir, List.of("./image")).output().trim(),
            "the image computes what the JVM computes");
        long total = instructions(dir, "image", Build.ENTRY);
        String figure = String.format("G.722 encode + decode, fw build for host (-O2): %d instructions in all, %d per"
            + " 20 ms frame%n", total, total / org.firmerware.tools.aot.corpus.BenchG722.FRAMES);
        Files.createDirectories(dir.getParent());
        Files.writeString(dir.getParent().resolve("g722.txt"), figure);
        System.out.print(figure);
    }

    private static long instructions(Path dir, String image, String function) {
        Proc.Result r = Proc.run(dir, List.of("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
            "--toggle-collect=" + function, "./" + image), 300);
        Matcher m = Pattern.compile("Collected : (\\d+)").matcher(r.output());
        if (!m.find()) {
            throw new AssertionError("no callgrind count for " + function + ":\n" + r.output());
        }
        return Long.parseLong(m.group(1));
    }
}
