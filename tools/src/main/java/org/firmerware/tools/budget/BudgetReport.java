package org.firmerware.tools.budget;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;

/**
 * The RAM budget of one firmware (a board and a top) after init: its object graph measured two ways, as HotSpot lays
 * it out and as the tiny JVM will on the target ({@link TargetLayout}), against the board's RAM budget.
 */
public final class BudgetReport {

    /** A line of a table: a class or a package, its objects, and their bytes both ways. */
    public record Row(String name, int objects, long hotSpotBytes, long targetBytes) {
    }

    private final String board;
    private final String top;
    private final TargetLayout layout;
    private final long budgetBytes;
    private final HeapWalk walk;

    /** A report over a finished walk. */
    public BudgetReport(String board, String top, TargetLayout layout, long budgetBytes, HeapWalk walk) {
        this.board = board;
        this.top = top;
        this.layout = layout;
        this.budgetBytes = budgetBytes;
        this.walk = walk;
    }

    /**
     * Runs the init phase of {@code top} on {@code board} and measures what it built: the kernel and the static fields
     * of every firmware class it loaded are the roots.
     *
     * @throws IllegalArgumentException naming the board or top when it cannot run
     */
    public static BudgetReport measure(String board, String top) {
        BoardProfile profile = BoardProfile.named(board);
        Tops.named(top);
        TargetLayout layout = TargetLayout.of(profile);
        long budget = profile.ramBudget();
        try (InitPhase init = InitPhase.run(board, top)) {
            HeapWalk walk = new HeapWalk(layout, profile.hardwarePackages(), HotSpotSizes::sizeOf);
            walk.root("Kernel", init.kernel());
            for (Class<?> c : init.firmwareClasses(walk)) {
                walk.staticsOf(c);
            }
            walk.walk();
            return new BudgetReport(profile.name(), top, layout, budget, walk);
        }
    }

    /** The board's name. */
    public String board() {
        return board;
    }

    /** The top's name. */
    public String top() {
        return top;
    }

    /** The walk behind the report. */
    public HeapWalk walk() {
        return walk;
    }

    /** The board's RAM budget in bytes. */
    public long budgetBytes() {
        return budgetBytes;
    }

    /** Firmware RAM in the target layout: objects, arrays and static fields. */
    public long ramBytes() {
        long sum = 0;
        for (HeapWalk.Item i : walk.items()) {
            sum += i.targetBytes();
        }
        for (HeapWalk.Statics s : walk.statics()) {
            sum += s.targetBytes();
        }
        return sum;
    }

    /** Firmware RAM as HotSpot lays the same objects out (static fields not included). */
    public long hotSpotBytes() {
        long sum = 0;
        for (HeapWalk.Item i : walk.items()) {
            sum += i.hotSpotBytes();
        }
        return sum;
    }

    /** Bytes of the String constants in flash, in the target layout. */
    public long flashStringBytes() {
        long sum = 0;
        for (HeapWalk.Constant c : walk.constants()) {
            sum += c.targetBytes();
        }
        return sum;
    }

    /** Whether the firmware needs more RAM than the board has. */
    public boolean overBudget() {
        return ramBytes() > budgetBytes;
    }

    /** One row per class (arrays by type, e.g. {@code byte[]}; static fields as {@code Class statics}), biggest first. */
    public List<Row> classes() {
        Map<String, long[]> rows = new TreeMap<>();
        for (HeapWalk.Item i : walk.items()) {
            add(rows, i.className(), 1, i.hotSpotBytes(), i.targetBytes());
        }
        for (HeapWalk.Statics s : walk.statics()) {
            add(rows, s.className() + " statics", 0, 0, s.targetBytes());
        }
        return sorted(rows);
    }

    /** One row per package (an array counts where it is held), biggest first. */
    public List<Row> packages() {
        Map<String, long[]> rows = new TreeMap<>();
        for (HeapWalk.Item i : walk.items()) {
            add(rows, i.packageName(), 1, i.hotSpotBytes(), i.targetBytes());
        }
        for (HeapWalk.Statics s : walk.statics()) {
            add(rows, s.packageName(), 0, 0, s.targetBytes());
        }
        return sorted(rows);
    }

    /** The {@code n} biggest objects in the target layout, with the field paths that hold them. */
    public List<HeapWalk.Item> biggest(int n) {
        List<HeapWalk.Item> all = new ArrayList<>(walk.items());
        all.sort(Comparator.comparingLong(HeapWalk.Item::targetBytes).reversed()
            .thenComparing(HeapWalk.Item::path));
        return all.subList(0, Math.min(n, all.size()));
    }

    private static void add(Map<String, long[]> rows, String key, int objects, long hotSpot, long target) {
        long[] r = rows.computeIfAbsent(key, k -> new long[3]);
        r[0] += objects;
        r[1] += hotSpot;
        r[2] += target;
    }

    private static List<Row> sorted(Map<String, long[]> rows) {
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            long[] r = e.getValue();
            out.add(new Row(e.getKey(), (int) r[0], r[1], r[2]));
        }
        out.sort(Comparator.comparingLong(Row::targetBytes).reversed().thenComparing(Row::name));
        return out;
    }

    /** The verdict: {@code RAM (target layout): 12,345 B of 262,144 B (4.7 %)}, and by how much it is over. */
    public String summary() {
        long ram = ramBytes();
        String line = String.format(Locale.ROOT, "RAM (target layout): %,d B of %,d B (%.1f %%)", ram, budgetBytes,
            100.0 * ram / budgetBytes);
        return overBudget() ? line + String.format(Locale.ROOT, ": OVER BUDGET by %,d B", ram - budgetBytes) : line;
    }

    /** Prints the whole report: tables, biggest objects, flash, what was not counted, and the verdict last. */
    public void print(PrintStream out, int biggest) {
        out.printf("fw budget: top %s on board %s, the firmware's RAM after init%n", top, board);
        out.printf("target layout: %s%n%n", layout.describe());

        List<Row> classes = classes();
        List<Row> packages = packages();
        int width = "package (an array counts where it is held)".length();
        for (Row r : classes) {
            width = Math.max(width, r.name().length());
        }
        for (Row r : packages) {
            width = Math.max(width, r.name().length());
        }
        table(out, "class", classes, width);
        out.println();
        table(out, "package (an array counts where it is held)", packages, width);

        List<HeapWalk.Item> big = biggest(biggest);
        if (!big.isEmpty()) {
            out.printf("%nbiggest objects (target layout):%n");
            int shape = 0;
            for (HeapWalk.Item i : big) {
                shape = Math.max(shape, i.shape().length());
            }
            for (HeapWalk.Item i : big) {
                out.printf(Locale.ROOT, "  %,9d B  %-" + shape + "s  %s%n", i.targetBytes(), i.shape(), i.path());
            }
        }

        out.printf(Locale.ROOT, "%nflash: %d String constants held by firmware objects, %,d B (target layout), "
            + "not RAM%n", walk.constants().size(), flashStringBytes());
        if (!walk.hardware().isEmpty()) {
            Map<String, String> first = new LinkedHashMap<>();
            for (HeapWalk.Stop s : walk.hardware()) {
                first.putIfAbsent(s.className(), s.path());
            }
            out.printf("not counted, simulated hardware (%d references):%n", walk.hardware().size());
            for (Map.Entry<String, String> e : first.entrySet()) {
                out.printf("  %s at %s%n", e.getKey(), e.getValue());
            }
        }
        if (!walk.unexpected().isEmpty()) {
            out.printf("UNEXPECTED in firmware, neither counted nor walked (%d):%n", walk.unexpected().size());
            for (HeapWalk.Stop s : walk.unexpected()) {
                out.printf("  %s at %s: %s%n", s.className(), s.path(), s.why());
            }
        }
        out.printf(Locale.ROOT, "%nRAM (HotSpot layout, objects only): %,d B%n", hotSpotBytes());
        out.println(summary());
    }

    private static void table(PrintStream out, String title, List<Row> rows, int width) {
        String format = "%-" + width + "s  %8s  %11s  %10s%n";
        out.printf(format, title, "objects", "HotSpot B", "target B");
        int objects = 0;
        long hotSpot = 0;
        long target = 0;
        for (Row r : rows) {
            out.printf(format, r.name(), number(r.objects()), r.objects() == 0 ? "-" : number(r.hotSpotBytes()),
                number(r.targetBytes()));
            objects += r.objects();
            hotSpot += r.hotSpotBytes();
            target += r.targetBytes();
        }
        out.printf(format, "total", number(objects), number(hotSpot), number(target));
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
