package org.firmerware.tools.aot;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.firmerware.tools.UserError;
import org.firmerware.tools.check.MethodRef;
import org.objectweb.asm.Type;

/**
 * The sizes of a linked image against the board's budget: Berkeley {@code size} totals (text = code and constants,
 * data, bss), the reserved stack, and per package from the image's symbols ({@code nm -S}): the methods, the snapshot
 * objects (by the package of the class, or for an array of the field that holds it) and the static fields. Flash is
 * text + data (the initial values of data live in flash); RAM is data + bss + stack.
 */
public final class Budget {

    /** Bytes per package: code, const, data, bss. */
    private final Map<String, long[]> packages = new TreeMap<>();
    private final long text;
    private final long data;
    private final long bss;
    private final long stack;
    private final long flashBudget;
    private final long ramBudget;
    private final String name;
    private final String board;
    private final long[] snapshot = new long[3];

    private Budget(String name, String board, long text, long data, long bss, long stack, long flashBudget,
                   long ramBudget) {
        this.name = name;
        this.board = board;
        this.text = text;
        this.data = data;
        this.bss = bss;
        this.stack = stack;
        this.flashBudget = flashBudget;
        this.ramBudget = ramBudget;
    }

    static Budget measure(Build build, Path dir) {
        CToolchain t = build.toolchain();
        Proc.Result size = Proc.run(dir, List.of(t.size(), "image"));
        if (size.status() != 0) {
            throw new UserError(t.size() + " failed on the image:\n" + size.output());
        }
        String[] lines = size.output().trim().split("\n");
        String[] f = lines[lines.length - 1].trim().split("\\s+");
        Budget b = new Budget(build.name(), build.profile().name(), Long.parseLong(f[0]), Long.parseLong(f[1]),
            Long.parseLong(f[2]), build.profile().budget("stackBytes", 8192),
            build.profile().budget("flashBytes", 1L << 20), build.profile().ramBudget());
        Proc.Result nm = Proc.run(dir, List.of(t.nm(), "-S", "--size-sort", "image"));
        if (nm.status() == 0) {
            b.attribute(build, nm.output());
        }
        return b;
    }

    private void attribute(Build build, String nm) {
        Map<String, String> owners = new HashMap<>();
        for (Map.Entry<MethodRef, String> e : build.codeGen().functionNames.entrySet()) {
            owners.put(e.getValue(), pkg(e.getKey().owner()));
        }
        for (Map.Entry<MissionWorld.FieldKey, String> e : build.codeGen().staticNames.entrySet()) {
            owners.put(e.getValue(), pkg(e.getKey().owner()));
        }
        for (MissionWorld.Node n : build.world().objects()) {
            owners.put("o" + n.index, objectPackage(n));
        }
        for (String line : nm.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length < 4) {
                continue;
            }
            long bytes = Long.parseLong(p[1], 16);
            char type = Character.toLowerCase(p[2].charAt(0));
            String sym = p[3];
            String base = sym.contains(".") ? sym.substring(0, sym.indexOf('.')) : sym;
            base = base.matches("o\\d+_init") ? base.substring(0, base.length() - "_init".length()) : base;
            String owner = owners.get(base);
            if (owner == null) {
                owner = sym.startsWith("fw_site_") ? "(image: panic sites)"
                    : sym.startsWith("fw_vt_") || sym.startsWith("fw_fixups") ? "(image: tables)"
                    : sym.startsWith(Build.ENTRY) || sym.startsWith("fw_replay") || sym.startsWith("fw_dispatch")
                        || sym.startsWith("fw_irq_") || sym.startsWith("fw_store_ok") || sym.startsWith("fw_elem_size")
                    ? "(image: boot, interrupts, methods inlined there)" : "(CPU runtime and board C)";
            }
            int column = switch (type) {
                case 't', 'w' -> 0;
                case 'r' -> 1;
                case 'd' -> 2;
                case 'b' -> 3;
                default -> -1;
            };
            if (column < 0) {
                continue;
            }
            packages.computeIfAbsent(owner, k -> new long[4])[column] += bytes;
            if (base.matches("o\\d+")) {
                snapshot[column == 1 ? 0 : column == 2 ? 1 : 2] += bytes;
            }
        }
    }

    private static String pkg(String internal) {
        int slash = internal.lastIndexOf('/');
        return slash < 0 ? "" : internal.substring(0, slash).replace('/', '.');
    }

    private static String objectPackage(MissionWorld.Node n) {
        Class<?> c = n.object().getClass();
        if (c == String.class) {
            return "(String constants)";
        }
        if (!c.isArray()) {
            return c.getPackageName();
        }
        String ref = n.referrers.isEmpty() ? "" : n.referrers.iterator().next();
        int dot = ref.lastIndexOf('.');
        String field = ref.replaceFirst("^(static |field |element of )+", "");
        dot = field.lastIndexOf('.');
        String cls = dot < 0 ? field : field.substring(0, dot);
        int last = cls.lastIndexOf('.');
        return last < 0 ? "(arrays)" : cls.substring(0, last);
    }

    /** Flash: code and constants plus the initial values of data. */
    public long flash() {
        return text + data;
    }

    /** RAM: data, bss and the reserved stack. */
    public long ram() {
        return data + bss + stack;
    }

    /** Whether the image exceeds the board's flash or RAM budget. */
    public boolean overBudget() {
        return flash() > flashBudget || ram() > ramBudget;
    }

    /** The table (always printed, also when over budget). */
    public void print(PrintStream out) {
        out.printf("fw build: %s on %s: flash %d B of %d B (%.1f %%), RAM %d B of %d B (%.1f %%)%s%n", name, board,
            flash(), flashBudget, 100.0 * flash() / flashBudget, ram(), ramBudget, 100.0 * ram() / ramBudget,
            overBudget() ? "  OVER BUDGET" : "");
        out.printf("  %-50s %10s%n", "text (code and constants, flash)", text);
        out.printf("  %-50s %10s%n", "data (initialised RAM, its image in flash)", data);
        out.printf("  %-50s %10s%n", "bss (zeroed RAM)", bss);
        out.printf("  %-50s %10s%n", "stack (reserved by the profile)", stack);
        out.printf("  %-50s %10s%n", "snapshot heap in const (flash)", snapshot[0]);
        out.printf("  %-50s %10s%n", "snapshot heap in data (RAM)", snapshot[1]);
        out.printf("  %-50s %10s%n", "snapshot heap in bss (RAM)", snapshot[2]);
        out.printf("  %-50s %10s %10s %10s %10s%n", "per package", "code", "const", "data", "bss");
        for (Map.Entry<String, long[]> e : packages.entrySet()) {
            long[] v = e.getValue();
            out.printf("  %-50s %10d %10d %10d %10d%n", e.getKey(), v[0], v[1], v[2], v[3]);
        }
    }

    /**
     * The budget of an image as far as it is known without the board's C compiler (a board whose compiler is not
     * installed, such as TI's cl55 for the bt200): the snapshot heap in the target's layout, the static fields the
     * mission writes, the panic-site texts, the reserved stack; and which figures only the compiler gives. Every figure
     * is given in bytes of 8 bits and, where the target addresses 16-bit words ({@code "charBits": 16}), in words too.
     */
    static String estimate(Build build) {
        long[] heap = new long[3];
        for (Map.Entry<CodeGen.Placement, long[]> e : build.codeGen().placementTotals().entrySet()) {
            heap[e.getKey().ordinal()] = e.getValue()[1];
        }
        long statics = 0;
        for (MissionWorld.FieldKey f : build.world().statics.keySet()) {
            if (build.world().written.contains(f)) {
                statics += build.layout().fieldBytes(build.world().reflect(f).getType());
            }
        }
        long sites = 0;
        for (String text : build.codeGen().sites.keySet()) {
            sites += build.codeGen().numberedSites ? 0 : (long) (text.length() + 1) * build.layout().unitBytes();
        }
        long stack = build.profile().budget("stackBytes", 8192);
        long ramBudget = build.profile().ramBudget();
        long imageBudget = build.profile().budget("flashBytes", 1L << 20);
        long ram = heap[1] + heap[2] + statics + stack;
        long image = heap[0] + heap[1] + sites;
        boolean words = build.profile().targetInt("charBits", 8) == 16;
        String cc = build.toolchain().cc();
        StringBuilder b = new StringBuilder();
        java.util.Formatter f = new java.util.Formatter(b);
        f.format("fw build: %s: the budget as far as it is known without %s (%s)%n", build.name(), cc,
            build.model().describe());
        f.format("  units: B = bytes of 8 bits%s%n", words ? "; words = 16-bit words, what the C55x addresses"
            + " and its sizeof counts (1 word = 2 B)" : "");
        String row = words ? "  %-60s %9s %9s%n" : "  %-60s %9s%n";
        f.format(row, "", "B", "words");
        Object[][] rows = {
            {"flash (the boot image: code and constants, loaded into SDRAM)", null},
            {"  snapshot heap in const", heap[0]},
            {"  snapshot heap in data (its initial values, .cinit)", heap[1]},
            {"  panic-site texts (const)", sites},
            {"  code (.text) of " + build.world().methods.size() + " methods and the runtime", "needs " + cc},
            {"  the C's own constants (.const, .switch), TI's C runtime", "needs " + cc},
            {"RAM", null},
            {"  snapshot heap in data (.bss, initialised from .cinit)", heap[1]},
            {"  snapshot heap in bss", heap[2]},
            {"  static fields the mission writes", statics},
            {"  stacks (the profile's stackBytes: C stack and system stack)", stack},
            {"  the runtime's own variables, TI's C runtime", "needs " + cc},
        };
        for (Object[] r : rows) {
            if (r[1] == null) {
                f.format("  %s%n", r[0]);
            } else if (r[1] instanceof Long n) {
                f.format(row, r[0], n, words ? Long.toString((n + 1) / 2) : "");
            } else {
                f.format("  %-60s %" + (words ? 19 : 9) + "s%n", r[0], r[1]);
            }
        }
        f.format("  %-60s %9d %9s of %d B%s (%.1f %%)%n", "flash known so far", image, words ? Long.toString((image
            + 1) / 2) : "", imageBudget, words ? " = " + imageBudget / 2 + " words" : "", 100.0 * image / imageBudget);
        f.format("  %-60s %9d %9s of %d B%s (%.1f %%)%n", "RAM known so far", ram, words ? Long.toString((ram + 1) / 2)
            : "", ramBudget, words ? " = " + ramBudget / 2 + " words" : "", 100.0 * ram / ramBudget);
        f.flush();
        return b.toString();
    }

    /** The text of {@link #print}. */
    public String table() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        print(new PrintStream(b, true, java.nio.charset.StandardCharsets.UTF_8));
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String descriptorPackage(String desc) {
        return pkg(Type.getType(desc).getInternalName());
    }
}
