package org.firmerware.tools.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.firmerware.tools.profile.BoardProfile;
import org.junit.jupiter.api.Test;

/**
 * The corpus on a real 32-bit CPU: every program built by fw build for a test profile of a Cortex-M3 (QEMU's
 * mps2-an385; the CPU runtime rt/cortex-m with semihosting for output and exit, a linker script with the RAM budget)
 * with arm-none-eabi-gcc -Os, run under qemu-system-arm, and compared byte for byte with HotSpot. It proves that the
 * generated C and the runtime split (CPU runtime, board linker script, profile facts) work off the host. Skipped
 * without the tools, except in CI (CI=true), which installs them.
 */
class CortexMCorpusTest {

    static final String PROFILE = """
        {"name": "qemu-m3", "description": "test only: Cortex-M3 on QEMU mps2-an385, semihosting",
         "board": "org.firmerware.boards.host.HostBoard", "hardware": [],
         "target": {"cpu": "cortex-m3", "charBits": 8, "pointerBytes": 4, "arrayLengthBytes": 4,
                    "objectHeaderBytes": 2, "objectAlignBytes": 2, "fieldAlignment": "natural",
                    "int64AlignBytes": 8, "int64": "native", "float": "forbid"},
         "c": {"runtime": "cortex-m", "runtimeSources": ["fw_cpu.c", "fw_mem.c"], "sources": [],
               "cc": "arm-none-eabi-gcc",
               "cflags": ["-mcpu=cortex-m3", "-mthumb", "-std=c99", "-Os", "-g", "-ffreestanding", "-fno-builtin",
                          "-fno-strict-aliasing", "-fno-tree-loop-distribute-patterns", "-ffunction-sections",
                          "-fdata-sections", "-Wall", "-Wno-unused-label", "-Wno-unused-variable",
                          "-Wno-unused-but-set-variable", "-Wno-unused-function"],
               "ldflags": ["-nostdlib", "-T", "${LDSCRIPT}", "-Wl,--gc-sections", "-lgcc"],
               "ldscript": "link.ld", "size": "arm-none-eabi-size", "nm": "arm-none-eabi-nm"},
         "budget": {"ramBytes": 262144, "flashBytes": 262144, "stackBytes": 8192}}
        """;

    @Test
    void everyProgramPrintsTheSameOnHotSpotAndOnACortexM3() throws Exception {
        boolean tools = Proc.run(Path.of("."), List.of("arm-none-eabi-gcc", "--version")).status() == 0
            && Proc.run(Path.of("."), List.of("qemu-system-arm", "--version")).status() == 0;
        assumeTrue(tools || "true".equals(System.getenv("CI")), "arm-none-eabi-gcc or qemu-system-arm missing");
        BoardProfile m3 = BoardProfile.fromJson("qemu-m3 (CortexMCorpusTest)", PROFILE);
        Path root = Path.of("target", "aot-cortex-m");
        List<String> failures = new ArrayList<>();
        for (String p : CorpusTest.PROGRAMS) {
            String cls = "org.firmerware.tools.aot.corpus." + p;
            String want = HotSpotRun.run(cls);
            Build b = Build.program(m3, cls, true, Build.ENTRY);
            Path dir = root.resolve(p);
            b.writeTo(dir);
            Build.Compiled c = b.compile(dir);
            assertTrue(c.linked(), p + ":\n" + c.compilerOutput());
            assertTrue(!c.budget().overBudget(), c.budget().table());
            Proc.Result r = Proc.run(dir, List.of("timeout", "60", "qemu-system-arm", "-M", "mps2-an385",
                "-nographic", "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native",
                "-kernel", "image"), 90);
            if (!r.output().equals(want) || r.status() != (want.contains("panic: ") ? 3 : 0)) {
                failures.add(p + ": HotSpot printed\n" + want + "---- Cortex-M3 printed (status " + r.status() + ")\n"
                    + r.output());
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * With numbered panic sites a failed check on the Cortex-M is one UDF instruction holding the site's number; the
     * fault handler reads it back. Every program that panics prints "panic: #N" where N is the site whose text
     * HotSpot's run names, and the images hold UDFs instead of calls (the runtime's own checks keep their calls).
     */
    @Test
    void aFailedCheckIsOneUdfWhoseNumberTheFaultHandlerPrints() throws Exception {
        boolean tools = Proc.run(Path.of("."), List.of("arm-none-eabi-objdump", "--version")).status() == 0
            && Proc.run(Path.of("."), List.of("qemu-system-arm", "--version")).status() == 0;
        assumeTrue(tools || "true".equals(System.getenv("CI")), "arm-none-eabi-objdump or qemu-system-arm missing");
        BoardProfile m3 = BoardProfile.fromJson("qemu-m3 (CortexMCorpusTest)", PROFILE).with("c", "panicSites",
            "numbers");
        Path root = Path.of("target", "aot-cortex-m-numbered");
        List<String> failures = new ArrayList<>();
        Map<String, String> sites = new HashMap<>();
        int panics = 0;
        for (String p : CorpusTest.PROGRAMS) {
            String cls = "org.firmerware.tools.aot.corpus." + p;
            String want = HotSpotRun.run(cls);
            int at = want.indexOf("panic: ");
            if (at < 0) {
                continue;
            }
            panics++;
            Build b = Build.program(m3, cls, true, Build.ENTRY);
            Path dir = root.resolve(p);
            b.writeTo(dir);
            Build.Compiled c = b.compile(dir);
            assertTrue(c.linked(), p + ":\n" + c.compilerOutput());
            String text = want.substring(at + 7, want.indexOf('\n', at));
            String number = b.codeGen().sites.get(text);
            assertTrue(number != null, p + ": no site " + text + " in " + b.codeGen().sites.keySet());
            sites.put(p, number);
            String expect = want.substring(0, at) + "panic: #" + number + "\n";
            Proc.Result r = Proc.run(dir, List.of("timeout", "60", "qemu-system-arm", "-M", "mps2-an385",
                "-nographic", "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native",
                "-kernel", "image"), 90);
            if (!r.output().equals(expect) || r.status() != 3) {
                failures.add(p + ": expected\n" + expect + "---- Cortex-M3 printed (status " + r.status() + ")\n"
                    + r.output());
            }
            String code = Proc.run(dir, List.of("arm-none-eabi-objdump", "-d", "image")).output();
            String udf = (Integer.parseInt(number) < 256 ? "udf" : "udf.w") + "\t#" + number;
            if (!Pattern.compile("\t" + Pattern.quote(udf) + "\\b").matcher(code).find()) {
                failures.add(p + ": no " + udf.replace('\t', ' ') + " in the image");
            }
        }
        assertTrue(panics >= 10, panics + " programs panic");
        assertTrue(Integer.parseInt(sites.get("PanicWideSite")) > 255, "PanicWideSite's site: " + sites);
        assertEquals(List.of(), failures);
    }
}
