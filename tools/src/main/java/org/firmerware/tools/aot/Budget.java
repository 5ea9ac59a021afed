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
