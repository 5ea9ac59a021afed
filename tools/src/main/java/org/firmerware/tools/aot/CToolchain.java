package org.firmerware.tools.aot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;

/**
 * What the C of a board needs, from the {@code "c"} object of its profile: the compiler and its flags, the CPU runtime
 * (a directory of the tools' resources {@code firmerware/rt/<runtime>/}, shared by every board of that CPU) and the
 * board's own C sources (device models, start-up code; resources {@code firmerware/boards/<board>/}), the tools that
 * measure the image, and an optional linker-script template.
 *
 * <pre>
 * "c": {
 *   "runtime": "host",                              CPU runtime: fw_cpu.h, fw_cpu.c, ...
 *   "runtimeSources": ["fw_cpu.c", "fw_sys_nolibc.c"],
 *   "sources": ["host_devices.c"],                  the board's C
 *   "cc": "gcc", "cflags": [...], "ldflags": [...],
 *   "ldscript": "link.ld",                          optional template: ${RAM_BYTES}, ${FLASH_BYTES}, ${STACK_BYTES}
 *   "size": "size", "nm": "nm",
 *   "objcopy": "arm-none-eabi-objcopy"              optional: writes image.bin, the raw binary a firmware slot holds
 *                                                   (fw image wraps it), for a board whose bootloader starts images
 *   "panicSites": "text"                            or "numbers": "panic: #17" instead of the site's text, whose
 *                                                   table is in report.txt (saves about 80 bytes of flash a site)
 *   "onPanic": "halt"                               or "reset" (runtime cortex-m): after the panic's line the board
 *                                                   resets, as a watchdog would make it, instead of halting
 * }
 * </pre>
 */
public record CToolchain(String board, String runtime, List<String> runtimeSources, List<String> sources, String cc,
                         List<String> cflags, List<String> ldflags, String ldscript, String size, String nm,
                         String objcopy, boolean numberedSites, boolean panicResets) {

    /** The CPU runtimes that can reset the board ({@code fw_cpu_reset}), so that a panic may end in a reset. */
    static final List<String> RESETTING_RUNTIMES = List.of("cortex-m");

    /** The toolchain of a board; a {@link UserError} when its profile has none (a board whose hardware is Java). */
    public static CToolchain of(BoardProfile profile) {
        Map<String, Object> c = profile.section("c");
        if (c.isEmpty()) {
            throw new UserError("board " + profile.name() + " has no \"c\" object in its profile: its hardware is"
                + " Java-only (" + String.join(", ", profile.hardwarePackages()) + "), so it cannot be compiled to C."
                + " Build for a board whose devices are written with Registers, e.g. --board host");
        }
        return new CToolchain(profile.name(), string(profile, c, "runtime", null), list(c, "runtimeSources"),
            list(c, "sources"), string(profile, c, "cc", "gcc"), list(c, "cflags"), list(c, "ldflags"),
            string(profile, c, "ldscript", ""), string(profile, c, "size", "size"), string(profile, c, "nm", "nm"),
            c.containsKey("objcopy") ? string(profile, c, "objcopy", null) : null, sites(profile, c),
            onPanic(profile, c));
    }

    private static boolean onPanic(BoardProfile p, Map<String, Object> c) {
        String v = string(p, c, "onPanic", "halt");
        if (!v.equals("halt") && !v.equals("reset")) {
            throw new IllegalArgumentException(p.source() + ": \"c.onPanic\" must be \"halt\" or \"reset\"");
        }
        String runtime = string(p, c, "runtime", null);
        if (v.equals("reset") && !RESETTING_RUNTIMES.contains(runtime)) {
            throw new UserError("board " + p.name() + ": a panic cannot end in a reset with the " + runtime
                + " runtime (only " + String.join(", ", RESETTING_RUNTIMES) + " has fw_cpu_reset); use halt");
        }
        return v.equals("reset");
    }

    private static boolean sites(BoardProfile p, Map<String, Object> c) {
        String v = string(p, c, "panicSites", "text");
        if (!v.equals("text") && !v.equals("numbers")) {
            throw new IllegalArgumentException(p.source() + ": \"c.panicSites\" must be \"text\" or \"numbers\"");
        }
        return v.equals("numbers");
    }

    private static String string(BoardProfile p, Map<String, Object> c, String key, String dflt) {
        Object v = c.get(key);
        if (v == null && dflt != null) {
            return dflt;
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(p.source() + ": \"c." + key + "\" must be a non-empty text");
        }
        return s;
    }

    private static List<String> list(Map<String, Object> c, String key) {
        List<String> out = new ArrayList<>();
        Object v = c.get(key);
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }
}
