package org.firmerware.tools.check;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fw check}: checks the firmware-Java rules for a board and a top, or for every pair. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check the firmware-Java rules (firmware-java.md) on the code a board and a top can run: no "
        + "allocation, invokedynamic, boxing, recursion or forbidden floats after init; no monitors and no JDK "
        + "use outside the allow-list anywhere.",
        "Each violation is printed with its source line and the shortest call chain from a root. Exit status 1 "
            + "when any rule is broken."},
    footer = {"", "Examples: fw check --top timer2led", "          fw check --all"})
public final class CheckCommand implements Callable<Integer> {

    @Option(names = "--board", defaultValue = "sim",
        description = "the board (default: ${DEFAULT-VALUE}); see 'fw boards'")
    String board;

    @Option(names = "--top", description = "the top to check; see 'fw tops'")
    String top;

    @Option(names = "--all", description = "check every board with every top")
    boolean all;

    @Option(names = {"-v", "--verbose"}, description = "also list the reachable classes with their method counts")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<BoardProfile> boards = new ArrayList<>();
        List<Tops.Entry> tops = new ArrayList<>();
        if (all) {
            if (top != null || spec.commandLine().getParseResult().hasMatchedOption("--board")) {
                throw new UserError("give either --all or --board and --top, not both");
            }
            boards.addAll(BoardProfile.all().values());
            tops.addAll(Tops.all().values());
            if (boards.isEmpty() || tops.isEmpty()) {
                throw new UserError("no " + (boards.isEmpty() ? "boards" : "tops") + " on the class path");
            }
        } else {
            if (top == null) {
                throw new UserError("which top? give --top (see 'fw tops') or --all");
            }
            boards.add(BoardProfile.named(board));
            tops.add(Tops.named(top));
        }
        PrintWriter out = spec.commandLine().getOut();
        ClassPath classes = new ClassPath(CheckCommand.class.getClassLoader());
        int broken = 0;
        for (BoardProfile b : boards) {
            for (Tops.Entry t : tops) {
                ClosedWorld world = ClosedWorld.build(CheckTarget.of(b), t, classes);
                List<Violation> violations = Checker.check(world);
                for (Violation v : violations) {
                    out.println(v.format(world.pair()));
                }
                if (verbose) {
                    printClasses(out, world);
                }
                out.println(summary(world, violations));
                if (!violations.isEmpty()) {
                    broken++;
                }
            }
        }
        out.flush();
        return broken == 0 ? 0 : 1;
    }

    /** One line: {@code fw check: sim/timer2led: 57 classes, 212 methods (118 mission); no violation}. */
    static String summary(ClosedWorld world, List<Violation> violations) {
        String result = violations.isEmpty() ? "no violation"
            : violations.size() + (violations.size() == 1 ? " violation" : " violations");
        return "fw check: " + world.pair() + ": " + world.classNames().size() + " classes, " + world.methods().size()
            + " methods (" + world.missionMethodCount() + " mission); " + result;
    }

    private static void printClasses(PrintWriter out, ClosedWorld world) {
        Map<String, int[]> counts = new TreeMap<>();
        for (String c : world.classNames()) {
            counts.put(c, new int[2]);
        }
        for (MethodRef m : world.methods()) {
            int[] n = counts.computeIfAbsent(m.className(), k -> new int[2]);
            n[0]++;
            if (world.inMission(m)) {
                n[1]++;
            }
        }
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            out.printf("  %-60s %3d methods (%d mission)%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
    }
}
